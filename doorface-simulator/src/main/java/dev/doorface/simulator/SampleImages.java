package dev.doorface.simulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/** Tiny, valid JPEG images to stand in for face photos and snapshots. */
public final class SampleImages {

    private static final int SIZE = 24;

    private SampleImages() {
    }

    /**
     * A small valid JPEG (24x24) whose bytes differ for every seed: the pixels are drawn from the seed,
     * and a JPEG comment segment carrying the seed is added, so two seeds never give identical bytes.
     */
    public static byte[] jpeg(int seed) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed * 31L + 7);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(random.nextInt(0x1000000)));
            g.fillRect(0, 0, SIZE, SIZE);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(random.nextInt(0x1000000)));
                g.fillOval(random.nextInt(SIZE), random.nextInt(SIZE), 3 + random.nextInt(10), 3 + random.nextInt(10));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withComment(out.toByteArray(), "doorface-simulator sample " + seed);
    }

    /** {@link #jpeg(int)} as base64 text, the form images take in protocol frames. */
    public static String jpegBase64(int seed) {
        return Base64.getEncoder().encodeToString(jpeg(seed));
    }

    /** Inserts a COM (0xFFFE) segment right after the SOI marker. */
    private static byte[] withComment(byte[] jpeg, String comment) {
        if (jpeg.length < 2 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            throw new IllegalStateException("not a JPEG stream");
        }
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        int segmentLength = text.length + 2;
        byte[] result = new byte[jpeg.length + 2 + segmentLength];
        result[0] = (byte) 0xff;
        result[1] = (byte) 0xd8;
        result[2] = (byte) 0xff;
        result[3] = (byte) 0xfe;
        result[4] = (byte) (segmentLength >> 8);
        result[5] = (byte) segmentLength;
        System.arraycopy(text, 0, result, 6, text.length);
        System.arraycopy(jpeg, 2, result, 6 + text.length, jpeg.length - 2);
        return result;
    }
}
