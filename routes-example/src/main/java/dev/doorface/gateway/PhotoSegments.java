package dev.doorface.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snapshots of a batch of access events, written into one new file (a segment), one after another: one file
 * created and written per batch instead of one per photo, which was most of the example's cost per event (file
 * creation and rename are system calls and file-system journal work; a profile showed them at about half of the CPU).
 *
 * <p>Segments live in {@code photos/<yyyy-MM-dd>/} (UTC date of writing), so old photos can be removed a day at a
 * time. A segment is complete before the batch's rows are inserted, and is never written again: a row never points at
 * bytes that are missing or changing. A crash while writing leaves a segment no row points at, and so does a batch
 * whose transaction fails or whose events were stored already (their terminals report them again); such leftovers
 * hold only photos that are also elsewhere or were never acknowledged.
 */
final class PhotoSegments {

    /** Where one photo is: the segment (relative to data.dir, with '/'), and its bytes' offset and length in it. */
    record Location(String segment, long offset, int length) {
    }

    /** Bytes written to the file at a time. */
    private static final int CHUNK = 64 * 1024;

    private final Path dataDir;
    private final Clock clock;
    /** Unique within this run; with the start time in the name, unique across runs of the one gateway (DataDirLock). */
    private final AtomicLong sequence = new AtomicLong();
    private final String runId;
    /** The day folder known to exist, or null. */
    private volatile Path dayFolder;

    PhotoSegments(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.runId = Long.toString(clock.millis(), 36);
    }

    /**
     * Writes the photos into a new segment, in the list's order; null or empty entries take no room.
     *
     * @return the location of each photo, at the same index; null for a photo that was null or empty
     */
    Location[] write(List<byte[]> photos) throws IOException {
        Location[] locations = new Location[photos.size()];
        boolean any = false;
        for (byte[] photo : photos) {
            any |= photo != null && photo.length > 0;
        }
        if (!any) {
            return locations;
        }
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        String relative = "photos/" + day + "/" + runId + "-" + sequence.incrementAndGet() + ".seg";
        Path file = dataDir.resolve(relative);
        try (FileChannel channel = create(file)) {
            // through one small buffer: the JDK copies a heap buffer into a direct one of the same size, cached per
            // thread, so writing a photo of hundreds of KB at once would keep that much direct memory per thread
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            long offset = 0;
            for (int i = 0; i < locations.length; i++) {
                byte[] photo = photos.get(i);
                if (photo == null || photo.length == 0) {
                    continue;
                }
                for (int from = 0; from < photo.length; ) {
                    int n = Math.min(chunk.remaining(), photo.length - from);
                    chunk.put(photo, from, n);
                    from += n;
                    if (!chunk.hasRemaining()) {
                        drain(channel, chunk);
                    }
                }
                locations[i] = new Location(relative, offset, photo.length);
                offset += photo.length;
            }
            drain(channel, chunk);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return locations;
    }

    private static void drain(FileChannel channel, ByteBuffer chunk) throws IOException {
        chunk.flip();
        while (chunk.hasRemaining()) {
            channel.write(chunk);
        }
        chunk.clear();
    }

    private FileChannel create(Path file) throws IOException {
        Path folder = file.getParent();
        if (!folder.equals(dayFolder)) {
            Files.createDirectories(folder);
            dayFolder = folder;
        }
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException folderGone) {
            // removed since it was made (an operator clearing old photos): made again
            Files.createDirectories(folder);
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("photo segment exists already (is a second gateway writing to this data.dir?): "
                                  + file, e);
        }
    }

    /** Reads one photo back from its segment. */
    static byte[] read(Path segment, long offset, int length) throws IOException {
        byte[] photo = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(photo);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new EOFException("photo segment shorter than its rows say: " + segment.getFileName());
                }
            }
        }
        return photo;
    }
}
