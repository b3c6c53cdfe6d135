package dev.doorface.camel.gateway.admission;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret a terminal's connection URL must carry as {@code ?token=...}. Compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the expected value shows in the time a
 * comparison takes.
 */
final class TerminalToken {

    static final String PARAMETER = "token";

    private final byte[] expected;

    TerminalToken(String token) {
        this.expected = digest(token);
    }

    /** Whether the query string carries exactly one token parameter, equal to the expected one. */
    boolean matches(String query) {
        String offered = offered(query);
        // always compare, also when nothing was offered, so a missing token costs the same as a wrong one
        boolean equal = MessageDigest.isEqual(expected, digest(offered == null ? "" : offered));
        return offered != null && equal;
    }

    /** Whether the query string has a token parameter at all (for the log line: missing or wrong). */
    static boolean present(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.equals(PARAMETER) || pair.startsWith(PARAMETER + "=")) {
                return true;
            }
        }
        return false;
    }

    /** The decoded value of the only token parameter, or null when there is none, several, or it cannot be decoded. */
    private static String offered(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        String found = null;
        for (String pair : query.split("&")) {
            if (!pair.startsWith(PARAMETER + "=")) {
                continue;
            }
            if (found != null) {
                return null;
            }
            try {
                found = URLDecoder.decode(pair.substring(PARAMETER.length() + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return found;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
