package dev.doorface.camel.converter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.doorface.camel.model.Photo;

/**
 * Reads photo bytes from files and streams, never more than {@link Photo#MAX_BYTES} plus one: a path or stream from
 * outside may be /dev/zero or many gigabytes.
 */
final class PhotoInput {

    private PhotoInput() {
    }

    /** Reads the stream (up to the limit) and closes it, as Camel's own stream converters do. */
    static Photo read(InputStream in) throws BadInput {
        try (in) {
            byte[] bytes = in.readNBytes(Photo.MAX_BYTES + 1);
            return photo(bytes);
        } catch (IOException e) {
            throw new BadInput("the photo stream cannot be read: " + e.getClass().getSimpleName());
        }
    }

    static Photo read(Path path) throws BadInput {
        String name = describe(path);
        if (!Files.isRegularFile(path)) {
            // a directory, a device (/dev/zero) or nothing at all
            throw new BadInput("photo file " + name + " is not a regular file");
        }
        try {
            if (Files.size(path) > Photo.MAX_BYTES) {
                throw new BadInput("photo file " + name + " is larger than " + Photo.MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(path)) {
                // read bounded all the same: the file may grow after its size was asked
                return photo(in.readNBytes(Photo.MAX_BYTES + 1));
            }
        } catch (IOException e) {
            throw new BadInput("photo file " + name + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    static Photo photo(byte[] bytes) throws BadInput {
        try {
            return Photo.of(bytes);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    static Photo base64(String text) throws BadInput {
        try {
            return Photo.ofBase64(text);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    /** A path for a message: its control characters (a forged log line) replaced, and cut when long. */
    private static String describe(Path path) {
        String text = path.toString().codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
