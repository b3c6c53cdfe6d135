package dev.doorface.cluster.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 64-bit PostgreSQL advisory lock key of a cluster namespace: the first eight bytes (big-endian, as a signed
 * {@code long}) of the SHA-256 of the UTF-8 bytes of {@code clusterName + '\0' + namespace}.
 * <p>
 * Stable across JVMs, versions and platforms, so every node of a cluster computes the same key. Two different
 * (clusterName, namespace) pairs collide with a probability of about n²/2⁶⁵ for n pairs in one database; a collision
 * makes the two namespaces share one leader (never two leaders for one namespace). The key space is shared with
 * whatever else takes advisory locks in that database; applications that pick small numbers are unlikely to meet a
 * hash.
 */
final class AdvisoryLockKey {

    private AdvisoryLockKey() {
    }

    static long of(String clusterName, String namespace) {
        byte[] digest = sha256().digest((clusterName + '\0' + namespace).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256
            throw new IllegalStateException(e);
        }
    }
}
