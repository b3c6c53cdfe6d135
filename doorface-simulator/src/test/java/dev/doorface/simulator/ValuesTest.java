package dev.doorface.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void sampleImagesAreValidJpegsDistinctPerSeed() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            byte[] jpeg = SampleImages.jpeg(seed);
            assertThat(jpeg.length).isBetween(100, 4000);
            assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
            assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isEqualTo(24);
            seen.add(java.util.Base64.getEncoder().encodeToString(jpeg));
        }
        assertThat(seen).hasSize(20);
        assertThat(SampleImages.jpeg(7)).isEqualTo(SampleImages.jpeg(7));
    }

    @Test
    void simUserToStringMasksPasswordAndImage() {
        SimUser u = new SimUser("lisi", "12384865", "secret-pw", "李四", "0", "SECRETIMAGEBASE64");
        assertThat(u.toString()).contains("lisi", "12384865", "李四")
                .doesNotContain("secret-pw")
                .doesNotContain("SECRETIMAGEBASE64");
    }

    @Test
    void logMaskHidesPasswordAndImageValues() {
        String masked = LogMask.mask("{\"user\":\"u\",\"pwd\":\"pw\\\"x\",\"img\":\"IMGDATA\",\"n\":{\"pwd\":1234}}");
        assertThat(masked).contains("\"user\":\"u\"").doesNotContain("pw\\\"x").doesNotContain("IMGDATA").doesNotContain("1234");
        assertThat(LogMask.mask("{\"img\":\"truncated-IMGDATA")).doesNotContain("IMGDATA");
    }
}
