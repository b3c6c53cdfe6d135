package dev.doorface.camel.converter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.Photo;
import dev.doorface.simulator.SampleImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Photos from bytes, files and streams to the protocol's base64; what is read is bounded.
 */
class PhotoConvertersTest extends ConverterTestSupport {

    private static final byte[] JPEG = SampleImages.jpeg(11);

    @TempDir
    Path dir;

    @Test
    void fromBytesFilePathAndStream() throws Exception {
        Path file = Files.write(dir.resolve("face.jpg"), JPEG);
        ClosingStream stream = new ClosingStream(new ByteArrayInputStream(JPEG));
        for (Object source : new Object[] { JPEG, file, file.toFile(), stream }) {
            Photo photo = convert(Photo.class, source);
            assertThat(photo.base64()).isEqualTo(Images.encode(JPEG));
            assertThat(photo.bytes()).isEqualTo(JPEG);
            assertThat(photo.size()).isEqualTo(JPEG.length);
            assertThat(photo.sha256()).isEqualTo(Images.sha256(JPEG));
            assertThat(photo.toString()).isEqualTo("Photo[" + JPEG.length + " bytes]");
        }
        assertThat(stream.closed).isTrue();
    }

    @Test
    void aPhotoIsTheImgOfAUser() throws Exception {
        Photo photo = convert(Photo.class, JPEG);
        DoorUser user = new DoorUser("lisi", "1001", PWD, "Li", "0", photo.base64());
        assertThat(user.imageBytes()).isEqualTo(JPEG);
        // and Jackson writes a photo as its base64, so a Photo body serves compareUser as it is
        assertThat(dev.doorface.camel.protocol.FrameCodec.mapper().valueToTree(photo).textValue())
                .isEqualTo(photo.base64());
    }

    @Test
    void theLargestPhotoIsAcceptedOneByteMoreIsNot() throws Exception {
        assertThat(convert(Photo.class, new byte[Photo.MAX_BYTES]).size()).isEqualTo(Photo.MAX_BYTES);
        assertThat(refused(Photo.class, new byte[Photo.MAX_BYTES + 1]))
                .isEqualTo("Cannot convert [B to dev.doorface.camel.model.Photo: the photo is larger than 12582912 bytes");
    }

    @Test
    void aFileTooLargeIsRefusedBeforeItIsRead() throws Exception {
        Path big = dir.resolve("big.jpg");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(16L * 1024 * 1024 + 1); // sparse: costs no disk
        }
        assertThat(refused(Photo.class, big)).endsWith("big.jpg is larger than 12582912 bytes");
        assertThat(refused(Photo.class, big.toFile())).endsWith("big.jpg is larger than 12582912 bytes");
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        assertThat(refused(Photo.class, empty)).endsWith("the photo is empty");
    }

    @Test
    void directoriesDevicesAndMissingFilesAreRefused() {
        assertThat(refused(Photo.class, dir)).endsWith(" is not a regular file");
        assertThat(refused(Photo.class, dir.resolve("no\nsuch.jpg")))
                .endsWith("no?such.jpg is not a regular file"); // no forged log line
        if (Files.exists(Path.of("/dev/zero"))) {
            assertThat(refused(Photo.class, Path.of("/dev/zero"))).endsWith("/dev/zero is not a regular file");
        }
    }

    @Test
    void anEndlessStreamIsReadOnlyToTheLimit() {
        EndlessStream endless = new EndlessStream();
        assertThat(refused(Photo.class, endless)).endsWith("the photo is larger than 12582912 bytes");
        assertThat(endless.read.get()).isLessThanOrEqualTo(Photo.MAX_BYTES + 1L);
        assertThat(endless.closed.get()).isTrue();
    }

    @Test
    void aFailingStreamIsRefused() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException(PWD);
            }
        };
        assertThat(refused(Photo.class, failing)).endsWith("the photo stream cannot be read: IOException");
    }

    /** Zeros without end, counting what was read. */
    private static final class EndlessStream extends InputStream {
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public int read() {
            read.incrementAndGet();
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read.addAndGet(len);
            return len;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static final class ClosingStream extends java.io.FilterInputStream {
        boolean closed;

        ClosingStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
