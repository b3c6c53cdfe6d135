package dev.doorface.cluster.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdvisoryLockKeyTest {

    @Test
    void isTheFirstEightBytesOfTheSha256OfClusterNameNulNamespace() {
        // expected values computed apart, with Python's hashlib: struct.unpack('>q', sha256(b'camel\0ns')[:8])
        assertThat(AdvisoryLockKey.of("camel", "ns")).isEqualTo(2081146775273714614L);
        assertThat(AdvisoryLockKey.of("doorface", "door-sync")).isEqualTo(-1734855570458313624L);
    }

    @Test
    void separatesClusterNameFromNamespace() {
        assertThat(AdvisoryLockKey.of("ab", "c")).isNotEqualTo(AdvisoryLockKey.of("a", "bc"));
        assertThat(AdvisoryLockKey.of("a", "ns")).isNotEqualTo(AdvisoryLockKey.of("b", "ns"));
    }
}
