package dev.doorface.camel.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Base64 photos as the protocol carries them: decoded only when asked, a bad one never breaks its frame.
 */
public final class Images {

    private Images() {
    }

    /**
     * Decodes a base64 image (line breaks and a {@code data:...;base64,} prefix are tolerated).
     *
     * @return the bytes, or {@code null} when the text is absent or not valid base64
     */
    public static byte[] decode(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        String text = base64;
        int comma = text.indexOf(',');
        if (text.startsWith("data:") && comma > 0) {
            text = text.substring(comma + 1);
        }
        try {
            // strict alphabet: the document's "base64..." placeholders must not decode into noise
            return Base64.getDecoder().decode(withoutWhitespace(text));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The text without whitespace; the text itself when it has none (the usual case: no copy, no regex per photo). */
    private static String withoutWhitespace(String text) {
        int first = 0;
        while (first < text.length() && !Character.isWhitespace(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        kept.append(text, 0, first);
        for (int i = first + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /**
     * SHA-256 of a base64 photo's decoded bytes, as lower-case hex: the same value as hashing the JPEG file.
     *
     * @return the hash, or {@code null} when the text is absent or not valid base64
     */
    public static String sha256(String base64) {
        byte[] bytes = decode(base64);
        return bytes == null ? null : sha256(bytes);
    }

    /** SHA-256 of bytes as lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Encodes image bytes the way the protocol carries them. */
    public static String encode(byte[] image) {
        return image == null ? null : Base64.getEncoder().encodeToString(image);
    }

    /** What logs and toString() show instead of an image. */
    static String describe(String base64) {
        return base64 == null ? "null" : "<" + base64.length() + " chars>";
    }
}
