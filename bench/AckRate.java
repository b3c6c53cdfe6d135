import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;

/**
 * Closed-loop throughput of a running gateway: N simulated terminals each keep K access events in flight (the next
 * one is sent when one is answered) and the answers are counted over a measured window after a warm-up. Talks only
 * to the given URL; stops by itself. Run with the simulator jar on the classpath (Java's source launcher):
 *
 *   java -cp doorface-simulator/target/doorface-simulator.jar bench/AckRate.java ws://127.0.0.1:9310/door 5 4 5 20
 *
 * Prints one line: "acked 200/s: <rate> (<count> in <seconds> s), 500: <count>, other: <count>".
 */
public class AckRate {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int terminals = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        int warmupSeconds = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);

        Vertx vertx = Vertx.vertx();
        List<SimulatedTerminal> sims = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        try {
            for (int t = 1; t <= terminals; t++) {
                SimulatedTerminal sim = SimulatedTerminal.builder(url).sn("BENCH-" + t).vertx(vertx)
                        .heartbeats(false).maxStoredEvents(10).build();
                sims.add(sim);
                sim.connect().get(30, TimeUnit.SECONDS);
            }
            for (SimulatedTerminal sim : sims) {
                for (int i = 0; i < inFlight; i++) {
                    send(sim, ids, stop, measuring, ok, failed, other);
                }
            }
            Thread.sleep(Duration.ofSeconds(warmupSeconds).toMillis());
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            System.out.printf(Locale.ROOT, "acked 200/s: %.0f (%d in %.1f s), 500: %d, other: %d%n",
                    ok.get() / elapsed, ok.get(), elapsed, failed.get(), other.get());
        } finally {
            stop.set(true);
            sims.forEach(SimulatedTerminal::close);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(SimulatedTerminal sim, AtomicLong ids, AtomicBoolean stop, AtomicBoolean measuring,
                             AtomicLong ok, AtomicLong failed, AtomicLong other) {
        if (stop.get()) {
            return;
        }
        sim.sendAccessEvent("B" + ids.incrementAndGet(), "U1").whenComplete((code, error) -> {
            if (error != null) {
                return;
            }
            if (measuring.get()) {
                ("200".equals(code) ? ok : "500".equals(code) ? failed : other).incrementAndGet();
            }
            send(sim, ids, stop, measuring, ok, failed, other);
        });
    }
}
