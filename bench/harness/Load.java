import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;

/**
 * The load JVM of bench/run: simulated terminals (the doorface-simulator library, which shares no code with the
 * component) dial in to a server on 127.0.0.1 and send access events (207 type 1) carrying a 2 KB photo. Bounded in
 * terminals and time; stops by itself. Server CPU is read from the server process's own accounting
 * (/proc/&lt;pid&gt;/stat utime+stime) at the start and end of the measured window.
 *
 *   java -cp doorface-simulator/target/doorface-simulator.jar bench/harness/Load.java \
 *        ingest|rate ws://127.0.0.1:9330/door terminals warmupSeconds seconds serverPid [eventsPerSecond]
 *
 * ingest: closed loop, one event in flight per terminal (the next is sent when one is answered).
 * rate: each terminal sends on a fixed schedule so that all together offer eventsPerSecond.
 * Prints one line of key=value: events_per_s, acked, failed, other, server_cpu_ms, cpu_us_per_event.
 */
public class Load {

    static final byte[] PHOTO = new byte[2048];

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        int terminals = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long serverPid = Long.parseLong(args[5]);
        int rate = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        new Random(8).nextBytes(PHOTO);

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
            Counter counter = code -> {
                if (measuring.get()) {
                    ("200".equals(code) ? ok : "500".equals(code) ? failed : other).incrementAndGet();
                }
            };
            if ("ingest".equals(mode)) {
                for (SimulatedTerminal sim : sims) {
                    closedLoop(sim, ids, stop, counter);
                }
            } else if ("rate".equals(mode)) {
                // terminal i fires every `period` ms, phases spread evenly, so the sum offers `rate` events/s
                long period = Math.max(1, Math.round(1000.0 * terminals / rate));
                for (int i = 0; i < sims.size(); i++) {
                    SimulatedTerminal sim = sims.get(i);
                    long phase = 1 + (period * i) / sims.size();
                    vertx.setTimer(phase, x -> vertx.setPeriodic(period, id -> {
                        if (stop.get()) {
                            vertx.cancelTimer(id);
                            return;
                        }
                        sim.sendAccessEvent("B" + ids.incrementAndGet(), "U1", "0", PHOTO)
                                .whenComplete((code, error) -> {
                                    if (error == null) {
                                        counter.count(code);
                                    }
                                });
                    }));
                }
            } else {
                throw new IllegalArgumentException("mode: ingest or rate");
            }
            Thread.sleep(warmup * 1000L);
            long cpuBefore = cpuTicks(serverPid);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long cpuAfter = cpuTicks(serverPid);
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            double cpuMs = (cpuAfter - cpuBefore) * 1000.0 / clockTicksPerSecond();
            System.out.printf(Locale.ROOT,
                    "events_per_s=%.0f acked=%d failed=%d other=%d seconds=%.1f server_cpu_ms=%.0f cpu_us_per_event=%.1f%n",
                    ok.get() / elapsed, ok.get(), failed.get(), other.get(), elapsed, cpuMs,
                    ok.get() == 0 ? Double.NaN : cpuMs * 1000.0 / ok.get());
        } finally {
            stop.set(true);
            sims.forEach(SimulatedTerminal::close);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    interface Counter {
        void count(String code);
    }

    private static void closedLoop(SimulatedTerminal sim, AtomicLong ids, AtomicBoolean stop, Counter counter) {
        if (stop.get()) {
            return;
        }
        sim.sendAccessEvent("B" + ids.incrementAndGet(), "U1", "0", PHOTO).whenComplete((code, error) -> {
            if (error != null) {
                return;
            }
            counter.count(code);
            closedLoop(sim, ids, stop, counter);
        });
    }

    /** utime + stime of a process, in clock ticks, from /proc/&lt;pid&gt;/stat (fields 14 and 15). */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15 counted from after "(comm) "
    }

    static long clockTicksPerSecond() {
        String hz = System.getenv("CLK_TCK");
        return hz == null || hz.isBlank() ? 100 : Long.parseLong(hz.trim());
    }
}
