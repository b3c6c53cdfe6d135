import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.gateway.SharedContent;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.protocol.FrameCodec;

/**
 * What writing an addUser's content costs the producer, against Jackson writing the same content (the baseline):
 * a user with a 30 KB photo (40 KB of base64), written for one terminal (SharedContent.forOneTerminal, which checks
 * the photo and copies it as it is) or by ObjectMapper.writeValueAsBytes, alternately, in rounds after a warm-up.
 * Prints µs per content for each and their ratio per round, then the median ratio:
 *
 *   java -cp routes-example/target/doorface-gateway.jar bench/harness/ContentWriteCost.java [rounds=5] [calls=20000]
 */
public class ContentWriteCost {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        byte[] photo = new byte[30 * 1024];
        new Random(7).nextBytes(photo);
        ObjectNode content = FrameCodec.mapper().createObjectNode().put("user", "bench").put("userId", "U1")
                .put("pwd", "1234").put("name", "Bench User").put("role", "0").put("img", Images.encode(photo));
        long sink = 0;
        for (int i = 0; i < calls; i++) { // warm-up of both
            sink += SharedContent.forOneTerminal(content).text().length();
            sink += FrameCodec.mapper().writeValueAsBytes(content).length;
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += SharedContent.forOneTerminal(content).length();
            }
            double doorface = (System.nanoTime() - start) / 1e3 / calls;
            start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += FrameCodec.mapper().writeValueAsBytes(content).length;
            }
            double jackson = (System.nanoTime() - start) / 1e3 / calls;
            ratios[r] = doorface / jackson;
            System.out.printf(Locale.ROOT, "round %d: SharedContent.forOneTerminal %.2f us, Jackson %.2f us, ratio %.2f%n",
                    r + 1, doorface, jackson, ratios[r]);
        }
        java.util.Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "content_write_ratio=%.2f (median; %d)%n", ratios[rounds / 2], sink % 10);
    }
}
