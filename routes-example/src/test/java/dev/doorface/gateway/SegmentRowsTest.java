package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment as a journal record: its rows read back as written, and a segment cut short or damaged not at all. */
class SegmentRowsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-29T10:00:00.123Z");

    @TempDir
    Path dataDir;

    @Test
    void theRowsAtTheEndOfASegmentAreReadBackWithWhereTheirPhotosAre() throws Exception {
        List<Map<String, Object>> rows = List.of(row("T-1", "e1", "u1", "1"), row("T-2", "事件-2", null, null),
                row("T-3", "e3", "u3", "2"));
        PhotoSegments segments = new PhotoSegments(dataDir, CLOCK);
        List<byte[]> photos = Arrays.asList(new byte[] {1, 2, 3}, null, new byte[] {4, 5});
        PhotoSegments.Location[] at = segments.write(segments.nextSequence(), photos,
                locations -> SegmentRows.encode(rows, locations));

        List<Map<String, Object>> read = SegmentRows.decode(dataDir, at[0].segment());

        assertThat(read).hasSize(3);
        assertThat(read.get(0)).containsEntry("sn", "T-1").containsEntry("eventId", "e1").containsEntry("userId", "u1")
                .containsEntry("door", "1").containsEntry("photoPath", at[0].segment()).containsEntry("photoOffset", 0L)
                .containsEntry("photoLength", 3).containsEntry("receivedAt", RECEIVED);
        assertThat(read.get(1)).containsEntry("eventId", "事件-2").containsEntry("userId", null)
                .containsEntry("door", null).containsEntry("photoPath", null).containsEntry("photoLength", null);
        assertThat(read.get(2)).containsEntry("photoOffset", 3L).containsEntry("photoLength", 2);
        assertThat(PhotoSegments.read(dataDir.resolve(at[2].segment()), 3, 2)).containsExactly(4, 5);
    }

    @Test
    void aBatchWithoutPhotosStillHasItsRecord() throws Exception {
        PhotoSegments segments = new PhotoSegments(dataDir, CLOCK);
        long number = segments.nextSequence();
        segments.write(number, Arrays.asList((byte[]) null), locations -> SegmentRows.encode(
                List.of(row("T-1", "e1", "u1", "1")), locations));
        List<String> written = PhotoSegments.ofRun(dataDir, segments.runId(), 1);

        assertThat(written).hasSize(1);
        assertThat(SegmentRows.decode(dataDir, written.get(0))).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("photoPath", null).containsEntry("eventId", "e1"));
    }

    @Test
    void aSegmentCutShortOrDamagedHasNoRecord() throws Exception {
        PhotoSegments segments = new PhotoSegments(dataDir, CLOCK);
        String first = segments.write(segments.nextSequence(), List.of(new byte[100]),
                locations -> SegmentRows.encode(List.of(row("T-1", "e1", "u1", "1")), locations))[0].segment();
        String second = segments.write(segments.nextSequence(), List.of(new byte[100]),
                locations -> SegmentRows.encode(List.of(row("T-1", "e2", "u1", "1")), locations))[0].segment();
        String third = segments.write(List.of(new byte[100]))[0].segment(); // photos only, as before the journal
        Path cut = dataDir.resolve(first);
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length - 1), StandardOpenOption.TRUNCATE_EXISTING);
        Path damaged = dataDir.resolve(second);
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[105] ^= 1; // within the record
        Files.write(damaged, bytes);

        assertThat(SegmentRows.decode(dataDir, first)).isNull();
        assertThat(SegmentRows.decode(dataDir, second)).isNull();
        assertThat(SegmentRows.decode(dataDir, third)).isNull();
    }

    @Test
    void theSegmentsOfARunAreFoundFromANumberOnInTheirOrderAcrossDays() throws Exception {
        PhotoSegments today = new PhotoSegments(dataDir, CLOCK);
        for (int i = 0; i < 11; i++) {
            today.write(List.of(new byte[1]));
        }
        Files.createDirectories(dataDir.resolve("photos/2026-11-30"));
        Files.write(dataDir.resolve("photos/2026-11-30/" + today.runId() + "-12.seg"), new byte[1]);
        Files.write(dataDir.resolve("photos/2026-11-30/" + today.runId() + "-x.seg"), new byte[1]);
        Files.write(dataDir.resolve("photos/2026-11-30/other-13.seg"), new byte[1]);

        assertThat(PhotoSegments.ofRun(dataDir, today.runId(), 9)).containsExactly(
                "photos/2026-11-29/" + today.runId() + "-9.seg", "photos/2026-11-29/" + today.runId() + "-10.seg",
                "photos/2026-11-29/" + today.runId() + "-11.seg", "photos/2026-11-30/" + today.runId() + "-12.seg");
        assertThat(PhotoSegments.ofRun(dataDir.resolve("nothing"), today.runId(), 1)).isEmpty();
    }

    static Map<String, Object> row(String sn, String eventId, String userId, String door) {
        Map<String, Object> row = new HashMap<>();
        row.put("sn", sn);
        row.put("eventId", eventId);
        row.put("userId", userId);
        row.put("door", door);
        row.put("receivedAt", RECEIVED);
        return row;
    }
}
