package dev.doorface.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.UserAddedEvent;

/**
 * Writes photos under {@code <data.dir>} and gives the routes the parameters of the rows that point at them. A photo is
 * on file completely before its row is inserted, so a stored row never points at a missing or half-written photo.
 * The snapshots of access events go a batch at a time into one segment file ({@link PhotoSegments}); the rarer photos
 * of users (added at a terminal, or given by HR) each into a file of their own (temporary file, then renamed).
 *
 * <p>On a node of a cluster the snapshots go into the access_event rows instead (column photo), since any node serves
 * them and each has its own data.dir: the row and its snapshot are then committed in one transaction.
 */
public class PhotoStore {

    private final Path dataDir;
    private final PhotoSegments segments;
    /** Folders known to exist: one check of the file system per terminal, not per photo. */
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();
    private final AtomicLong tempNames = new AtomicLong();
    /** Snapshots of access events in their rows (a node of a cluster), not in segments. */
    private final boolean snapshotsInRows;

    public PhotoStore(Path dataDir) {
        this(dataDir, false);
    }

    /** @param snapshotsInRows true on a node of a cluster: access snapshots in their rows (parameter photo) */
    public PhotoStore(Path dataDir, boolean snapshotsInRows) {
        this.dataDir = dataDir;
        this.segments = new PhotoSegments(dataDir, Clock.systemUTC());
        this.snapshotsInRows = snapshotsInRows;
    }

    /**
     * Saves the snapshots of a batch of access records into one segment and returns the named parameters of their
     * access_event rows (sn, eventId, userId, door, photoPath, photoOffset, photoLength, receivedAt), in the batch's
     * order. A repeated event writes its snapshot again; its row, stored already, keeps pointing at the first copy. On a
     * node of a cluster nothing is written here: each row carries its snapshot (photo, photoLength; no path).
     *
     * @param events the consumer's body: a List of AccessEvent, or one AccessEvent when access.batchSize is 1
     */
    public List<Map<String, Object>> accessEventRows(Object events) throws IOException {
        List<?> batch = batch(events);
        List<byte[]> photos = new ArrayList<>(batch.size());
        for (Object event : batch) {
            photos.add(snapshot((AccessEvent) event));
        }
        if (snapshotsInRows) {
            return rowsWithSnapshots(batch, photos);
        }
        PhotoSegments.Location[] locations = segments.write(photos);
        OffsetDateTime receivedAt = receivedNow();
        List<Map<String, Object>> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> row = row((AccessEvent) batch.get(i), receivedAt);
            at(row, locations[i]);
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> rowsWithSnapshots(List<?> batch, List<byte[]> photos) {
        OffsetDateTime receivedAt = receivedNow();
        List<Map<String, Object>> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            byte[] photo = photos.get(i);
            Map<String, Object> row = row((AccessEvent) batch.get(i), receivedAt);
            row.put("photo", photo);
            row.put("photoLength", photo == null ? null : photo.length);
            rows.add(row);
        }
        return rows;
    }

    /** The consumer's body as a list: a List of AccessEvent, or one AccessEvent when access.batchSize is 1. */
    static List<?> batch(Object events) {
        return events instanceof AccessEvent single ? List.of(single) : (List<?>) events;
    }

    /** The event's snapshot, or null when it has none. */
    static byte[] snapshot(AccessEvent event) {
        byte[] photo = event.imageBytes();
        return photo == null || photo.length == 0 ? null : photo;
    }

    /** The parameters of the event's access_event row, but where its snapshot is. */
    static Map<String, Object> row(AccessEvent event, OffsetDateTime receivedAt) {
        Map<String, Object> row = new HashMap<>(16);
        row.put("sn", event.sn());
        row.put("eventId", event.eventId());
        row.put("userId", event.userId());
        row.put("door", event.door());
        row.put("receivedAt", receivedAt);
        return row;
    }

    /** Where the row's snapshot is within a segment (photoPath, photoOffset, photoLength), or that it has none. */
    static void at(Map<String, Object> row, PhotoSegments.Location location) {
        row.put("photoPath", location == null ? null : location.segment());
        row.put("photoOffset", location == null ? null : location.offset());
        row.put("photoLength", location == null ? null : location.length());
    }

    /** The time a batch is received, as its rows hold it (received_at); to the millisecond, as journals keep it. */
    static OffsetDateTime receivedNow() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The segments the snapshots of access events go into. */
    PhotoSegments segments() {
        return segments;
    }

    /**
     * Reads a photo as a row points at it: the whole file, or (offset and length given) a photo within a segment.
     *
     * @param relative the row's photo_path, relative to data.dir
     */
    public byte[] read(String relative, Long offset, Integer length) throws IOException {
        Path file = resolve(relative);
        if (offset == null || length == null) {
            return Files.readAllBytes(file);
        }
        return PhotoSegments.read(file, offset, length);
    }

    /** Saves the face photo of a user added at a terminal and returns the named parameters of its row. */
    public Map<String, Object> terminalUserRow(UserAddedEvent event) throws IOException {
        DoorUser user = event.user();
        Map<String, Object> row = new HashMap<>();
        row.put("sn", event.sn());
        row.put("eventId", event.eventId());
        row.put("userId", user.userId());
        row.put("user", user.user());
        row.put("name", user.name());
        row.put("role", user.role());
        row.put("photoPath", save(user.imageBytes(), "users", event.sn(), user.userId()));
        return row;
    }

    /** Saves the photo HR gave for a person as {@code persons/<userId>.jpg}; the path relative to data.dir. */
    public String personPhoto(String userId, byte[] jpeg) throws IOException {
        if (jpeg == null || jpeg.length == 0 || userId == null) {
            return null;
        }
        return save(jpeg, Path.of("persons", safe(userId) + ".jpg"));
    }

    /** A path relative to data.dir, as the rows hold it, made absolute; it must stay inside data.dir. */
    public Path resolve(String relative) throws IOException {
        Path file = dataDir.resolve(relative).normalize();
        if (!file.startsWith(dataDir.normalize())) {
            throw new IOException("photo path outside the data directory: " + relative);
        }
        return file;
    }

    /** @return the path relative to data.dir, or null when there is no image */
    private String save(byte[] jpeg, String folder, String sn, String id) throws IOException {
        if (jpeg == null || jpeg.length == 0 || id == null) {
            return null;
        }
        return save(jpeg, Path.of(folder, safe(sn), safe(id) + ".jpg"));
    }

    private String save(byte[] jpeg, Path relative) throws IOException {
        Path target = dataDir.resolve(relative);
        Path folder = target.getParent();
        if (!folders.contains(folder)) {
            Files.createDirectories(folder);
            folders.add(folder);
        }
        // a name of our own rather than createTempFile's random one (a read of the system's random source per
        // photo): unique within the process, and one gateway at a time holds the data directory (DataDirLock)
        Path temp = folder.resolve(target.getFileName() + "." + tempNames.incrementAndGet() + ".tmp");
        boolean moved = false;
        try {
            try {
                Files.write(temp, jpeg);
            } catch (NoSuchFileException folderGone) {
                // removed since it was made (an operator clearing old photos): made again
                Files.createDirectories(folder);
                Files.write(temp, jpeg);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        return relative.toString().replace('\\', '/');
    }

    /** A file name segment from a terminal-supplied value: nothing that could climb out of the folder. */
    static String safe(String value) {
        if (value == null || value.isBlank()) {
            return "_";
        }
        int length = Math.min(value.length(), 100);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.'
                            || c == '_' || c == '-';
            s.append(plain && !(i == 0 && c == '.') ? c : '_');
        }
        return s.toString();
    }
}
