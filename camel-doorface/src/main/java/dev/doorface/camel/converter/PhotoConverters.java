package dev.doorface.camel.converter;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;

import dev.doorface.camel.model.Photo;
import org.apache.camel.Converter;

/**
 * {@link Photo} (the protocol's base64) from image bytes, a file or a stream, read up to {@link Photo#MAX_BYTES}.
 */
@Converter(generateLoader = true)
public final class PhotoConverters {

    private PhotoConverters() {
    }

    @Converter
    public static Photo toPhoto(byte[] image) {
        return Convert.run(image, Photo.class, () -> PhotoInput.photo(image));
    }

    @Converter
    public static Photo toPhoto(File file) {
        return Convert.run(file, Photo.class, () -> PhotoInput.read(file.toPath()));
    }

    @Converter
    public static Photo toPhoto(Path path) {
        return Convert.run(path, Photo.class, () -> PhotoInput.read(path));
    }

    /** Reads the stream and closes it. */
    @Converter
    public static Photo toPhoto(InputStream in) {
        return Convert.run(in, Photo.class, () -> PhotoInput.read(in));
    }
}
