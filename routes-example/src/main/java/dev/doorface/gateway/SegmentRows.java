package dev.doorface.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The access_event rows of a batch, written at the end of the batch's photo segment (after its photos), so that the
 * segment is the batch's journal record: acknowledged once on file, and inserted into the database again from it if
 * the gateway was killed before its rows were (AccessJournal).
 *
 * <p>Layout: the record (the row count, then per row sn, event id, user id, door as length-prefixed UTF-8, -1 for
 * null, the photo's offset and length, -1 without a photo, and the time received in epoch milliseconds), then a footer
 * of 20 bytes: the record's offset and length, its CRC-32, and {@link #MAGIC}. The footer is written last: a segment
 * cut short by a crash has none and is skipped (its batch was never acknowledged).
 */
final class SegmentRows {

    /** "DFR1": doorface rows, layout 1. */
    static final int MAGIC = 0x44465231;
    private static final int FOOTER = 8 + 4 + 4 + 4;

    private SegmentRows() {
    }

    /** The trailer for the rows of a batch whose photos are at {@code locations} (same indexes as rows). */
    static byte[] encode(List<Map<String, Object>> rows, PhotoSegments.Location[] locations) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows.size() * 96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = rows.get(i);
                writeString(out, (String) row.get("sn"));
                writeString(out, (String) row.get("eventId"));
                writeString(out, (String) row.get("userId"));
                writeString(out, (String) row.get("door"));
                PhotoSegments.Location at = locations[i];
                out.writeLong(at == null ? -1 : at.offset());
                out.writeInt(at == null ? -1 : at.length());
                out.writeLong(((OffsetDateTime) row.get("receivedAt")).toInstant().toEpochMilli());
            }
            int length = bytes.size();
            long start = 0; // the record follows the photos
            for (PhotoSegments.Location at : locations) {
                if (at != null) {
                    start = Math.max(start, at.offset() + at.length());
                }
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray(), 0, length);
            out.writeLong(start);
            out.writeInt(length);
            out.writeInt((int) crc.getValue());
            out.writeInt(MAGIC);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    /**
     * The rows written at the end of a segment, as {@link AccessEventBatch#insert} takes them.
     *
     * @param relative the segment's path relative to data.dir (the rows' photoPath)
     * @return null when the segment has no complete record (cut short by a crash, or written before segments had one)
     */
    static List<Map<String, Object>> decode(Path dataDir, String relative) throws IOException {
        try (FileChannel channel = FileChannel.open(dataDir.resolve(relative), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < FOOTER) {
                return null;
            }
            ByteBuffer footer = readAt(channel, size - FOOTER, FOOTER);
            long start = footer.getLong();
            int length = footer.getInt();
            int crc = footer.getInt();
            if (footer.getInt() != MAGIC || start < 0 || length < 4 || start + length + FOOTER != size) {
                return null;
            }
            ByteBuffer record = readAt(channel, start, length);
            CRC32 check = new CRC32();
            check.update(record.array(), 0, length);
            if ((int) check.getValue() != crc) {
                return null;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(record.array()));
            int count = in.readInt();
            List<Map<String, Object>> rows = new ArrayList<>(Math.min(count, 100_000));
            for (int i = 0; i < count; i++) {
                Map<String, Object> row = new HashMap<>(16);
                row.put("sn", readString(in));
                row.put("eventId", readString(in));
                row.put("userId", readString(in));
                row.put("door", readString(in));
                long offset = in.readLong();
                int photoLength = in.readInt();
                row.put("photoPath", offset < 0 ? null : relative);
                row.put("photoOffset", offset < 0 ? null : offset);
                row.put("photoLength", offset < 0 ? null : photoLength);
                row.put("receivedAt", OffsetDateTime.ofInstant(Instant.ofEpochMilli(in.readLong()), ZoneOffset.UTC));
                rows.add(row);
            }
            return rows;
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("segment shorter than its footer says");
            }
        }
        buffer.flip();
        return buffer;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
