package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What the database settings accept, and that a URL is never logged with its parameters (a password may be there). */
class GatewayDatabaseTest {

    @Test
    void theDefaultH2FileWritesEachCommitBeforeItReturns() {
        assertThat(GatewayDatabase.h2Url(Path.of("/var/lib/doorface")))
                .isEqualTo("jdbc:h2:file:/var/lib/doorface/gateway;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    @Test
    void urlsAreShownWithoutTheirParameters() {
        assertThat(GatewayDatabase.withoutParameters("jdbc:postgresql://db:5432/gw?user=gw&password=s3cret"))
                .isEqualTo("jdbc:postgresql://db:5432/gw");
        assertThat(GatewayDatabase.withoutParameters("jdbc:h2:file:/x/gateway;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:/x/gateway");
    }

    @Test
    void anotherDatabaseIsRefusedWithoutRepeatingItsPassword() {
        assertThatThrownBy(() -> new GatewayDatabase(Path.of("."), "jdbc:mysql://db/gw?password=s3cret", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:h2: or jdbc:postgresql:")
                .hasMessageNotContaining("s3cret");
    }
}
