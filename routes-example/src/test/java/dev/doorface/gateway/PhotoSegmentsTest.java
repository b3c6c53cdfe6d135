package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's photos in one segment: each read back whole from its offset, large or small, absent or not. */
class PhotoSegmentsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T23:59:59Z"), ZoneOffset.ofHours(8));

    @TempDir
    Path dataDir;

    @Test
    void eachPhotoOfABatchIsReadBackFromItsPlaceInTheSegment() throws Exception {
        PhotoSegments segments = new PhotoSegments(dataDir, CLOCK);
        byte[] small = bytes(2_000, 1);
        byte[] large = bytes(300_000, 2); // more than the 64 KB written at a time
        List<byte[]> photos = Arrays.asList(small, null, new byte[0], large, bytes(1, 3));

        PhotoSegments.Location[] at = segments.write(photos);

        assertThat(at[1]).isNull();
        assertThat(at[2]).isNull();
        // the UTC day, not the clock's zone (already the 30th there)
        assertThat(at[0].segment()).startsWith("photos/2026-11-29/").endsWith(".seg");
        assertThat(at[3].segment()).isEqualTo(at[0].segment());
        for (int i : new int[] {0, 3, 4}) {
            assertThat(PhotoSegments.read(dataDir.resolve(at[i].segment()), at[i].offset(), at[i].length()))
                    .isEqualTo(photos.get(i));
        }
        assertThat(Files.size(dataDir.resolve(at[0].segment()))).isEqualTo(2_000 + 300_000 + 1);
    }

    @Test
    void everyBatchHasASegmentOfItsOwnAndABatchWithoutPhotosNone() throws Exception {
        PhotoSegments segments = new PhotoSegments(dataDir, CLOCK);
        String first = segments.write(List.of(bytes(10, 4)))[0].segment();
        String second = segments.write(List.of(bytes(10, 5)))[0].segment();
        assertThat(second).isNotEqualTo(first);
        assertThat(segments.write(Arrays.asList(null, new byte[0]))).containsOnlyNulls();
        try (var files = Files.list(dataDir.resolve("photos/2026-11-29"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    void aDayFolderRemovedMeanwhileIsMadeAgain() throws Exception {
        PhotoSegments segments = new PhotoSegments(dataDir, CLOCK);
        segments.write(List.of(bytes(10, 6)));
        try (var tree = Files.walk(dataDir.resolve("photos"))) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        PhotoSegments.Location at = segments.write(List.of(bytes(10, 7)))[0];
        assertThat(PhotoSegments.read(dataDir.resolve(at.segment()), at.offset(), at.length()))
                .isEqualTo(bytes(10, 7));
    }

    @Test
    void aRowPointingPastTheEndOfItsSegmentIsAnError() throws Exception {
        PhotoSegments.Location at = new PhotoSegments(dataDir, CLOCK).write(List.of(bytes(100, 8)))[0];
        assertThatThrownBy(() -> PhotoSegments.read(dataDir.resolve(at.segment()), 50, 100))
                .isInstanceOf(EOFException.class).hasMessageContaining("shorter than its rows say");
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
