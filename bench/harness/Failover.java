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
 * node C sends addUser to every terminal (through the directory and NATS), again every 200 ms until it answers.
 * Prints one line: the time from the kill until every terminal answered C, and the median terminal's
 * (commandable_*); the time from the kill until every terminal was registered on B again, and the median
 * (reconnected_*: what the terminals themselves take, the floor of the first); the terminals not answered within
 * the bound.
 *
 *   java -cp SIMULATOR:CLASSES Failover wsA wsB pidA controlC terminals seconds
 */
public class Failover {

    public static void main(String[] args) throws Exception {
        String urlA = args[0];
        String urlB = args[1];
        long pidA = Long.parseLong(args[2]);
        String controlC = args[3];
        int terminals = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Vertx vertx = Vertx.vertx();
        List<CompletableFuture<Void>> registered = new ArrayList<>();
        List<SimulatedTerminal> moved = new ArrayList<>();
        long[] killedAt = new long[1];
        List<Long> reconnected = java.util.Collections.synchronizedList(new ArrayList<>());
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
                onB.connect().thenRun(() -> reconnected.add(System.nanoTime() - killedAt[0]));
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
        killedAt[0] = killed;
        ProcessHandle.of(pidA).orElseThrow().destroyForcibly();
        String probe = "/probe-all?prefix=FAIL-&terminals=" + terminals + "&seconds=" + seconds;
        Map<String, Double> c = probe(http, controlC + probe, killed).get(seconds + 30, TimeUnit.SECONDS);
        List<Long> times;
        synchronized (reconnected) {
            times = new ArrayList<>(reconnected);
        }
        times.sort(null);
        System.out.printf(Locale.ROOT, "commandable_all_ms=%.0f commandable_median_ms=%.0f reconnected_all_ms=%.0f"
                                       + " reconnected_median_ms=%.0f reconnected=%d unanswered=%.0f%n",
                c.get("all_ms"), c.get("median_ms"),
                times.isEmpty() ? -1.0 : times.get(times.size() - 1) / 1e6,
                times.isEmpty() ? -1.0 : times.get(times.size() / 2) / 1e6, times.size(), c.get("unanswered"));
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
