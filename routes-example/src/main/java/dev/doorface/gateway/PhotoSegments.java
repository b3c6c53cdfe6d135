package dev.doorface.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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
        return write(nextSequence(), photos, null);
    }

    /** The number of the next segment of this run: segment names are {@code <run>-<number>.seg}. */
    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** The segments of this run so far are numbered 1 to this. */
    long lastSequence() {
        return sequence.get();
    }

    /** This run's part of the segments' names; runs of one data.dir are ordered by it (a start time). */
    String runId() {
        return runId;
    }

    /**
     * Writes the photos into the segment numbered {@code number} of this run, in the list's order (null or empty
     * entries take no room), then what {@code trailer} makes of their locations. With a trailer the segment is
     * written even when no photo is.
     *
     * @return the location of each photo, at the same index; null for a photo that was null or empty
     */
    Location[] write(long number, List<byte[]> photos, Function<Location[], byte[]> trailer) throws IOException {
        Location[] locations = new Location[photos.size()];
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        String relative = "photos/" + day + "/" + runId + "-" + number + ".seg";
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
            if (trailer != null) {
                byte[] end = trailer.apply(locations);
                if (end.length > chunk.remaining()) {
                    drain(channel, chunk);
                    writeFully(channel, ByteBuffer.wrap(end));
                } else {
                    chunk.put(end); // with the last photos: one write less
                }
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
        writeFully(channel, chunk);
        chunk.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
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

    /**
     * The segments of one run numbered {@code from} or more, in the order of their numbers, from every day folder.
     *
     * @return the paths relative to data.dir, with '/', as rows hold them
     */
    static List<String> ofRun(Path dataDir, String runId, long from) throws IOException {
        Path photos = dataDir.resolve("photos");
        if (!Files.isDirectory(photos)) {
            return List.of();
        }
        TreeMap<Long, String> found = new TreeMap<>();
        String prefix = runId + "-";
        try (DirectoryStream<Path> days = Files.newDirectoryStream(photos, Files::isDirectory)) {
            for (Path day : days) {
                try (DirectoryStream<Path> segments = Files.newDirectoryStream(day, prefix + "*.seg")) {
                    for (Path segment : segments) {
                        String name = segment.getFileName().toString();
                        String digits = name.substring(prefix.length(), name.length() - ".seg".length());
                        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 19) {
                            long number = Long.parseLong(digits);
                            if (number >= from) {
                                found.put(number, "photos/" + day.getFileName() + "/" + name);
                            }
                        }
                    }
                }
            }
        }
        return new ArrayList<>(found.values());
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
