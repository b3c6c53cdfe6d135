package dev.doorface.camel.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A face photo as the protocol carries it: base64 of the JPEG bytes. Made by the type converters from
 * {@code byte[]}, {@code File}, {@code Path} and {@code InputStream}; {@link #base64()} is the value a
 * {@link DoorUser}'s {@code img} takes. toString() never shows the photo, and there is deliberately no converter to
 * {@code String}: Camel logs bodies through that conversion.
 */
public final class Photo {

    /**
     * Largest photo accepted, in bytes: its base64 (4/3 larger) is then 16 MiB, the default maxMessageSize, so it
     * fits in one WebSocket message. Checked before anything larger is read.
     */
    public static final int MAX_BYTES = 12 * 1024 * 1024;
    /** Base64 text longer than this cannot be a photo within {@link #MAX_BYTES}, even with line breaks. */
    private static final int MAX_BASE64_CHARS = 2 * (MAX_BYTES / 3 * 4 + 4);

    private final String base64;
    private final int size;

    private Photo(String base64, int size) {
        this.base64 = base64;
        this.size = size;
    }

    /**
     * @throws IllegalArgumentException when there are no bytes or more than {@link #MAX_BYTES}
     */
    public static Photo of(byte[] image) {
        if (image == null || image.length == 0) {
            throw new IllegalArgumentException("the photo is empty");
        }
        checkSize(image.length);
        return new Photo(Images.encode(image), image.length);
    }

    /**
     * A photo from base64 text; line breaks and a {@code data:...;base64,} prefix are tolerated and left out.
     *
     * @throws IllegalArgumentException when the text is not base64, is empty, or decodes to more than
     *                                  {@link #MAX_BYTES}; the message never repeats the text
     */
    @JsonCreator
    public static Photo ofBase64(String base64) {
        if (base64 != null && base64.length() > MAX_BASE64_CHARS) {
            throw new IllegalArgumentException("the photo is larger than " + MAX_BYTES + " bytes");
        }
        byte[] bytes = Images.decode(base64);
        if (bytes == null) {
            throw new IllegalArgumentException(base64 == null || base64.isBlank()
                    ? "the photo is empty" : "the photo is not base64");
        }
        return of(bytes);
    }

    /** Refuses a size over {@link #MAX_BYTES}: callers check a file's or stream's size before reading it whole. */
    public static void checkSize(long bytes) {
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the photo is larger than " + MAX_BYTES + " bytes");
        }
    }

    /** The photo as the protocol's base64 (no line breaks, no prefix). */
    @JsonValue
    public String base64() {
        return base64;
    }

    /** The photo's bytes, decoded again on each call. */
    public byte[] bytes() {
        return Images.decode(base64);
    }

    /** Size of the decoded photo in bytes. */
    public int size() {
        return size;
    }

    /** SHA-256 of the photo's bytes as lower-case hex, as {@link DoorUser#photoSha256()} has it. */
    public String sha256() {
        return Images.sha256(base64);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Photo photo && base64.equals(photo.base64);
    }

    @Override
    public int hashCode() {
        return base64.hashCode();
    }

    @Override
    public String toString() {
        return "Photo[" + size + " bytes]";
    }
}
