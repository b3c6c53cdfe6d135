import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;

/**
 * bench/run-cluster's failover figure, in a load JVM: terminals FAIL-1..N register on node A; once the directory of
 * node C lists them all, A is killed (SIGKILL, as a power cut of its process) and each terminal, when its connection
 * drops, connects again at once to node B (as a TCP load balancer sends it to a surviving node). Right after the kill,
 * node C (through the directory and NATS) and node B (where the terminals now are: local delivery, the baseline)
 * each send addUser to every terminal, again and again, until it answers. Prints one line: for each of them, the time
 * from the kill until every terminal answered, and the median; and the terminals not answered within the bound.
 *
 *   java -cp SIMULATOR:CLASSES Failover wsA wsB pidA controlB controlC terminals seconds
 */
public class Failover {

    public static void main(String[] args) throws Exception {
        String urlA = args[0];
        String urlB = args[1];
        long pidA = Long.parseLong(args[2]);
        String controlB = args[3];
        String controlC = args[4];
        int terminals = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Vertx vertx = Vertx.vertx();
        List<CompletableFuture<Void>> registered = new ArrayList<>();
        List<SimulatedTerminal> moved = new ArrayList<>();
        for (int t = 1; t <= terminals; t++) {
            String sn = "FAIL-" + t;
            SimulatedTerminal onA = Load.terminal(urlA, sn, vertx);
            registered.add(onA.connect());
            // as a load balancer would: the dropped terminal's next connection lands on a surviving node
            onA.closed().thenRun(() -> {
                SimulatedTerminal onB = Load.terminal(urlB, sn, vertx);
                synchronized (moved) {
                    moved.add(onB);
                }
                onB.connect();
            });
        }
        CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long listedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!get(http, controlC + "/listed?prefix=FAIL-").equals("listed=" + terminals)) {
            if (System.nanoTime() > listedBy) {
                System.out.println("failed: the directory did not list the terminals");
                System.exit(1);
            }
            Thread.sleep(50);
        }

        long killed = System.nanoTime();
        ProcessHandle.of(pidA).orElseThrow().destroyForcibly();
        String probe = "/probe-all?prefix=FAIL-&terminals=" + terminals + "&seconds=" + seconds;
        CompletableFuture<Map<String, Double>> viaC = probe(http, controlC + probe, killed);
        CompletableFuture<Map<String, Double>> viaB = probe(http, controlB + probe, killed);
        Map<String, Double> c = viaC.get(seconds + 30, TimeUnit.SECONDS);
        Map<String, Double> b = viaB.get(seconds + 30, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "via_other_all_ms=%.0f via_other_median_ms=%.0f via_survivor_all_ms=%.0f"
                                       + " via_survivor_median_ms=%.0f unanswered=%.0f%n",
                c.get("all_ms"), c.get("median_ms"), b.get("all_ms"), b.get("median_ms"),
                c.get("unanswered") + b.get("unanswered"));
        System.out.flush();
        System.exit(0);
    }

    /** Starts a probe-all and adds the time from the kill to the request's start to its figures. */
    private static CompletableFuture<Map<String, Double>> probe(HttpClient http, String url, long killed) {
        double offsetMs = (System.nanoTime() - killed) / 1e6;
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(3)).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                    Map<String, Double> figures = new HashMap<>();
                    for (String pair : response.body().trim().split(" ")) {
                        String[] kv = pair.split("=");
                        figures.put(kv[0], Double.parseDouble(kv[1]));
                    }
                    figures.computeIfPresent("all_ms", (k, v) -> v + offsetMs);
                    figures.computeIfPresent("median_ms", (k, v) -> v + offsetMs);
                    return figures;
                });
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim();
    }
}
