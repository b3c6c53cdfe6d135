package dev.doorface.simulator;

import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Users a simulated terminal holds without keeping them: user {@code i} (0-based) is made from {@code i} whenever it
 * is needed, the same every time, so a terminal can hold 20,000 faces in a few bytes of heap. Its userId is
 * {@code G} and i; its photo is {@code photoBytes} bytes that start and end like a JPEG, drawn from i.
 *
 * @param count      how many users
 * @param photoBytes size of each photo in bytes, before base64
 */
public record GeneratedUsers(int count, int photoBytes) {

    /** The userId prefix of generated users. */
    public static final String ID_PREFIX = "G";

    public GeneratedUsers {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        if (photoBytes < 4) {
            throw new IllegalArgumentException("photoBytes must be at least 4, was " + photoBytes);
        }
    }

    /** None. */
    public static GeneratedUsers none() {
        return new GeneratedUsers(0, 4);
    }

    /** The user with this index (0 to count - 1). */
    public SimUser user(int index) {
        return new SimUser("gen" + index, ID_PREFIX + index, "pw" + index, "Generated " + index, "0",
                Base64.getEncoder().encodeToString(photo(index, photoBytes)));
    }

    /** The generated user with this userId, or null. */
    public SimUser find(String userId) {
        if (userId == null || !userId.startsWith(ID_PREFIX)) {
            return null;
        }
        try {
            int index = Integer.parseInt(userId.substring(ID_PREFIX.length()));
            return index >= 0 && index < count && userId.equals(ID_PREFIX + index) ? user(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The photo of user {@code index}: JPEG start and end markers around bytes drawn from the index. */
    public static byte[] photo(int index, int bytes) {
        byte[] photo = new byte[bytes];
        new SplittableRandom(0x5eed_0000L + index).nextBytes(photo);
        photo[0] = (byte) 0xff;
        photo[1] = (byte) 0xd8;
        photo[bytes - 2] = (byte) 0xff;
        photo[bytes - 1] = (byte) 0xd9;
        return photo;
    }
}
