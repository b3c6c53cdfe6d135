package dev.doorface.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser session of {@code POST /api/login}: a cookie {@code <expiry epoch seconds>.<HMAC-SHA256 of it>} signed
 * with a key derived from the API token. Nothing is stored on the server: a session is valid until it expires or
 * the token changes (which ends every session at once).
 */
final class ApiSessionCookie {

    static final String NAME = "doorface_session";
    static final Duration LIFETIME = Duration.ofHours(8);

    private final byte[] key;

    ApiSessionCookie(ApiToken token) {
        this.key = token.sessionKey();
    }

    /** The value of a new session cookie, valid for {@link #LIFETIME} from now. */
    String issue(Instant now) {
        String expiry = Long.toString(now.plus(LIFETIME).getEpochSecond());
        return expiry + "." + sign(expiry);
    }

    /** The {@code Set-Cookie} value for a new session: HttpOnly (no script reads it), SameSite=Strict. */
    String setCookieHeader(Instant now) {
        return NAME + "=" + issue(now) + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict";
    }

    /** The {@code Set-Cookie} value that ends the session in the browser. */
    static String clearCookieHeader() {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    /** Whether a cookie value is a session this gateway issued with the current token and not expired. */
    boolean isValid(String value, Instant now) {
        if (value == null) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return false;
        }
        String expiry = value.substring(0, dot);
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expiry);
        } catch (NumberFormatException e) {
            return false;
        }
        boolean signed = MessageDigest.isEqual(sign(expiry).getBytes(StandardCharsets.US_ASCII),
                value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return signed && now.getEpochSecond() < expiresAt;
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
