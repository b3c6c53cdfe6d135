import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;

/**
 * The load JVM of bench/run: simulated terminals (the doorface-simulator library, which shares no code with the
 * component) dial in to a server on 127.0.0.1 and send access events (207 type 1) carrying a 2 KB photo, or
 * register and answer the server's commands. Bounded in terminals and time; stops by itself. Server CPU is read
 * from the server process's own accounting (/proc/&lt;pid&gt;/stat utime+stime) at the start and end of the
 * measured window, and its JIT compiler threads' the same way (/proc/&lt;pid&gt;/task/*).
 *
 *   java -cp doorface-simulator/target/doorface-simulator.jar bench/harness/Load.java \
 *        ingest|rate|ingest+rate|hold|storm ws://127.0.0.1:9330/door terminals warmupSeconds seconds serverPid \
 *        [rate|prefix|total] [rateWarmupSeconds rateSeconds]
 *   java -cp ... Load serve port
 *
 * ingest: closed loop, one event in flight per terminal (the next is sent when one is answered).
 * rate: each terminal sends on a fixed schedule so that all together offer eventsPerSecond.
 * ingest+rate: ingest, then rate from the same terminals (one JVM start and warm-up of this side less).
 *   Both print one line of key=value: events_per_s, acked, failed, other, server_cpu_ms, jit_cpu_ms (the
 *   compiler threads' part of it), cpu_us_per_event (server_cpu_ms less jit_cpu_ms, per event answered 200).
 * hold: terminals prefix1..prefixN (default BENCH-) connect and register, at most 1,000 at a time, heartbeats off;
 *   prints "registered N in T ms" (or "failed ..."), then answers the server's commands for `seconds` and exits.
 * serve: one JVM for a whole bench/run on 127.0.0.1:port: GET /run?args=... runs ingest, rate or ingest+rate (the
 *   arguments above, space separated) and answers its lines; GET /hold?args=url+terminals+prefix registers terminals
 *   as hold does and keeps them until GET /release; GET /storm?args=url+terminals runs the storm alone (bench/run
 *   warms the server's registration first by registering the heap scenario's terminals) and keeps its terminals
 *   until GET /release.
 * storm: when warmupSeconds &gt; 0, first 500 terminals connect at once and leave again (warming this JVM's
 *   client side and the server's registration); then `terminals` terminals connect and register all at once. Prints
 *   storm_ms (from the start until every one was answered 205, or failed) and failed. With a total (the last
 *   argument) larger than terminals, more then register as in hold until total are, and stay for `seconds`.
 */
public class Load {

    static final byte[] PHOTO = new byte[2048];

    static {
        new Random(8).nextBytes(PHOTO);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if ("serve".equals(mode)) {
            serve(Integer.parseInt(args[1]));
            return;
        }
        String url = args[1];
        int terminals = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long serverPid = Long.parseLong(args[5]);
        if ("hold".equals(mode)) {
            hold(url, terminals, seconds, args.length > 6 ? args[6] : "BENCH-");
            return;
        }
        if ("storm".equals(mode)) {
            storm(url, terminals, warmup > 0, args.length > 6 ? Integer.parseInt(args[6]) : terminals, seconds);
            return;
        }
        Vertx vertx = Vertx.vertx();
        try {
            drive(vertx, args, System.out);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * ingest, rate or ingest+rate (the arguments of main) with this JVM's Vert.x; the figures go to out. The
     * terminals connect first and leave at the end.
     */
    static void drive(Vertx vertx, String[] args, PrintStream out) throws Exception {
        String mode = args[0];
        String url = args[1];
        int terminals = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long serverPid = Long.parseLong(args[5]);
        int rate = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        List<SimulatedTerminal> sims = new ArrayList<>();
        try {
            for (int t = 1; t <= terminals; t++) {
                sims.add(terminal(url, "BENCH-" + t, vertx));
            }
            CompletableFuture.allOf(sims.stream().map(SimulatedTerminal::connect).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            AtomicLong ids = new AtomicLong();
            switch (mode) {
                case "ingest" -> measure(vertx, sims, ids, 0, warmup, seconds, serverPid, out);
                case "rate" -> measure(vertx, sims, ids, rate, warmup, seconds, serverPid, out);
                case "ingest+rate" -> { // the rate's warm-up and seconds follow it
                    measure(vertx, sims, ids, 0, warmup, seconds, serverPid, out);
                    measure(vertx, sims, ids, rate, Integer.parseInt(args[7]), Integer.parseInt(args[8]), serverPid,
                            out);
                }
                default -> throw new IllegalArgumentException("mode: ingest, rate, ingest+rate, hold, storm or serve");
            }
        } finally {
            disconnectAll(sims);
        }
    }

    /** Disconnects the terminals all at once (close() would wait for each in turn), within a minute. */
    static void disconnectAll(List<SimulatedTerminal> sims) throws Exception {
        CompletableFuture.allOf(sims.stream().map(SimulatedTerminal::disconnect).toArray(CompletableFuture[]::new))
                .handle((v, e) -> null).get(60, TimeUnit.SECONDS);
    }

    /**
     * One load JVM for every ingest and rate measurement of a run: GET /run?args=... (the arguments of main, space
     * separated) drives them and answers the figures, one request at a time. Saves a JVM start and a client warm-up
     * per server (about 2 s of wall time and 5 s of CPU each on 2 cores), and keeps this side's JIT out of the
     * server's warm-up: a cold client compiling its own hot path shared the two cores with the server it measured.
     * Listens on 127.0.0.1 only; prints "ready" once it does.
     */
    private static void serve(int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.setExecutor(Executors.newSingleThreadExecutor()); // one measurement at a time
        http.createContext("/run", exchange -> answer(exchange, out -> drive(vertx, args(exchange), out)));
        // terminals registered for the command scenarios (driven by the server), until /release
        List<SimulatedTerminal> held = new ArrayList<>();
        http.createContext("/hold", exchange -> answer(exchange, out -> {
            String[] args = args(exchange); // url terminals prefix
            int terminals = Integer.parseInt(args[1]);
            long start = System.nanoTime();
            reportRegistered(out, terminals, register(args[0], args[2], 1, terminals, vertx, held), start);
        }));
        http.createContext("/storm", exchange -> answer(exchange, out -> {
            String[] args = args(exchange); // url terminals
            storm(args[0], Integer.parseInt(args[1]), false, 0, vertx, out, held);
        }));
        http.createContext("/release", exchange -> answer(exchange, out -> {
            disconnectAll(held);
            out.println("released " + held.size());
            held.clear();
        }));
        http.start();
        System.out.println("ready");
        System.out.flush();
    }

    interface Work {
        void run(PrintStream out) throws Exception;
    }

    /** Runs work for a request of serve and answers what it printed (or error=...). */
    private static void answer(HttpExchange exchange, Work work) throws java.io.IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(body, true, StandardCharsets.UTF_8)) {
            try {
                work.run(out);
            } catch (Exception e) {
                out.println("error=" + e.toString().replace(' ', '_'));
            }
        }
        exchange.sendResponseHeaders(200, body.size());
        try (var response = exchange.getResponseBody()) {
            response.write(body.toByteArray());
        }
    }

    /** The request's args=... query parameter, split at spaces. */
    private static String[] args(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !query.startsWith("args=")) {
            throw new IllegalArgumentException("usage: ?args=...");
        }
        return URLDecoder.decode(query.substring(5), StandardCharsets.UTF_8).split(" ");
    }

    /**
     * Sends access events from every terminal, closed loop (rate 0) or on fixed schedules offering `rate` events/s in
     * all; warms, settles, measures, stops sending, and prints one line of key=value figures.
     */
    private static void measure(Vertx vertx, List<SimulatedTerminal> sims, AtomicLong ids, int rate, int warmup,
            int seconds, long serverPid, PrintStream out) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong other = new AtomicLong();
        Counter counter = code -> {
            if (measuring.get()) {
                ("200".equals(code) ? ok : "500".equals(code) ? failed : other).incrementAndGet();
            }
        };
        try {
            if (rate == 0) {
                for (SimulatedTerminal sim : sims) {
                    closedLoop(sim, ids, stop, counter);
                }
            } else {
                // terminal i fires every `period` ms, phases spread evenly, so the sum offers `rate` events/s
                long period = Math.max(1, Math.round(1000.0 * sims.size() / rate));
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
            }
            Thread.sleep(warmup * 1000L);
            double warmedFor = warmup + settle(serverPid);
            long cpuBefore = cpuTicks(serverPid);
            Map<String, Long> jitBefore = compilerTicks(serverPid);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long cpuAfter = cpuTicks(serverPid);
            long jitTicks = compilerTicksSince(jitBefore, compilerTicks(serverPid));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuMs = (cpuAfter - cpuBefore) * 1000.0 / clockTicksPerSecond();
            double jitMs = jitTicks * 1000.0 / clockTicksPerSecond();
            // per event without the JIT's compiling: what the server spends on an event once warm, and the same
            // for every server; a compilation that still falls into the window moved a short window's figure by
            // a tenth
            out.printf(Locale.ROOT,
                    "events_per_s=%.0f acked=%d failed=%d other=%d seconds=%.1f server_cpu_ms=%.0f jit_cpu_ms=%.0f"
                    + " cpu_us_per_event=%.1f warmup_s=%.0f%n",
                    ok.get() / elapsed, ok.get(), failed.get(), other.get(), elapsed, cpuMs, jitMs,
                    ok.get() == 0 ? Double.NaN : (cpuMs - jitMs) * 1000.0 / ok.get(), warmedFor);
            out.flush();
        } finally {
            stop.set(true);
        }
        Thread.sleep(200); // the events in flight are answered before the next measurement's warm-up
    }

    static SimulatedTerminal terminal(String url, String sn, Vertx vertx) {
        // commands not recorded: each 30 KB addUser would otherwise stay in the terminal's list
        return SimulatedTerminal.builder(url).sn(sn).vertx(vertx).heartbeats(false).maxStoredEvents(10)
                .recordCommands(false).build();
    }

    /** How many terminals of hold may be connecting at a time. */
    static final int CONNECTING = 1000;
    /** How many terminals connect and leave before a storm, to warm this JVM's client side and the server. */
    static final int STORM_WARMERS = 500;
    /** Registers terminals (a bounded number connecting at a time) and keeps them answering commands. */
    private static void hold(String url, int terminals, int seconds, String prefix) throws Exception {
        Vertx vertx = Vertx.vertx();
        long start = System.nanoTime();
        long failed = register(url, prefix, 1, terminals, vertx);
        reportRegistered(System.out, terminals, failed, start);
        Thread.sleep(seconds * 1000L);
        System.exit(0); // no polite close of thousands of connections: bench/run has what it needs
    }

    /** Connects and registers terminals prefix+from..prefix+to, CONNECTING at a time; the number that failed. */
    private static long register(String url, String prefix, int from, int to, Vertx vertx) throws Exception {
        return register(url, prefix, from, to, vertx, new ArrayList<>());
    }

    /** The same, adding the terminals to sims (to disconnect them later). */
    private static long register(String url, String prefix, int from, int to, Vertx vertx,
            List<SimulatedTerminal> sims) throws Exception {
        Semaphore connecting = new Semaphore(CONNECTING);
        List<CompletableFuture<Void>> registered = new ArrayList<>();
        for (int t = from; t <= to; t++) {
            connecting.acquire();
            SimulatedTerminal sim = terminal(url, prefix + t, vertx);
            sims.add(sim);
            registered.add(sim.connect().whenComplete((v, error) -> connecting.release()));
        }
        return failures(registered);
    }

    private static long failures(List<CompletableFuture<Void>> registered) {
        return registered.stream().filter(f -> {
            try {
                f.get(60, TimeUnit.SECONDS);
                return false;
            } catch (Exception e) {
                return true;
            }
        }).count();
    }

    private static void reportRegistered(PrintStream out, int terminals, long failed, long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println(failed == 0 ? "registered " + terminals + " in " + ms + " ms"
                : "failed " + failed + " of " + terminals + " terminals did not register");
        out.flush();
    }

    /**
     * Terminals connecting and registering all at once; the time until every one was answered. Then, when total
     * is larger, more terminals register (CONNECTING at a time) until total are, and they stay for `seconds`.
     */
    private static void storm(String url, int terminals, boolean warm, int total, int seconds) throws Exception {
        storm(url, terminals, warm, total, Vertx.vertx(), System.out, new ArrayList<>());
        Thread.sleep(seconds * 1000L);
        System.exit(0); // no polite close of thousands of connections: bench/run has what it needs
    }

    /** The storm, then the terminals up to total; every terminal stays registered, in held. */
    private static void storm(String url, int terminals, boolean warm, int total, Vertx vertx, PrintStream out,
            List<SimulatedTerminal> held) throws Exception {
        if (warm) {
            List<SimulatedTerminal> warmers = new ArrayList<>();
            for (int t = 1; t <= STORM_WARMERS; t++) {
                warmers.add(terminal(url, "WARM-" + t, vertx));
            }
            CompletableFuture.allOf(warmers.stream().map(SimulatedTerminal::connect)
                    .toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            disconnectAll(warmers);
            Thread.sleep(1000); // the server forgets them before the storm
        }
        List<SimulatedTerminal> sims = new ArrayList<>();
        for (int t = 1; t <= terminals; t++) {
            sims.add(terminal(url, "STORM-" + t, vertx));
        }
        held.addAll(sims);
        long start = System.nanoTime();
        long failed = failures(sims.stream().map(SimulatedTerminal::connect).toList());
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.printf(Locale.ROOT, "storm_ms=%d terminals=%d failed=%d%n", ms, terminals, failed);
        out.flush();
        if (total > terminals) {
            long more = System.nanoTime();
            reportRegistered(out, total, failed + register(url, "STORM-", terminals + 1, total, vertx, held), more);
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

    /**
     * The server's JIT has settled when its compiler threads used less than this share of one core, and less than this
     * share of the server's own CPU, in the last second.
     */
    static final double SETTLED_JIT_SHARE = 0.05;

    /**
     * After the warm-up, goes on warming while the server's JIT compiler threads keep more than 5 % of a core busy, or
     * more than 5 % of the server's own CPU, for at most BENCH_SETTLE seconds (default 20; 0: not at all): a server of
     * more code than another takes longer to compile its hot paths, and a window measured while it compiles counts
     * the compiler's CPU and its slower interpreted code against it. The share of the server's own CPU matters where
     * the server does little: at 2,000 events/s it uses about 8 % of a core, so a compiler at 4 % of a core (settled
     * by the first rule alone) was a third of the CPU measured. The same rule for every server. Returns the seconds
     * added.
     */
    static double settle(long pid) throws Exception {
        String max = System.getenv("BENCH_SETTLE");
        long limit = System.nanoTime() + (long) ((max == null || max.isBlank() ? 20 : Double.parseDouble(max)) * 1e9);
        long start = System.nanoTime();
        Map<String, Long> before = compilerTicks(pid);
        long processBefore = cpuTicks(pid);
        while (System.nanoTime() < limit) {
            Thread.sleep(1000);
            Map<String, Long> after = compilerTicks(pid);
            long processAfter = cpuTicks(pid);
            long ticks = compilerTicksSince(before, after);
            long processTicks = processAfter - processBefore;
            before = after;
            processBefore = processAfter;
            if (ticks < SETTLED_JIT_SHARE * clockTicksPerSecond() && ticks <= SETTLED_JIT_SHARE * processTicks) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The ticks the compiler threads of {@code after} used since {@code before}; compiler threads come and go: one
     * started meanwhile counts from zero (the time of one that ended meanwhile is lost).
     */
    static long compilerTicksSince(Map<String, Long> before, Map<String, Long> after) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : after.entrySet()) {
            ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return ticks;
    }

    /** CPU ticks of each JIT compiler thread of the process, by thread id. */
    static Map<String, Long> compilerTicks(long pid) throws Exception {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks.put(task.getFileName().toString(), cpuTicks(task.resolve("stat")));
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** utime + stime of a process, in clock ticks, from /proc/&lt;pid&gt;/stat (fields 14 and 15). */
    static long cpuTicks(long pid) throws Exception {
        return cpuTicks(Path.of("/proc/" + pid + "/stat"));
    }

    /** The same of one thread, from /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat. */
    static long cpuTicks(Path statFile) throws java.io.IOException {
        String stat = Files.readString(statFile);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15 counted from after "(comm) "
    }

    static long clockTicksPerSecond() {
        String hz = System.getenv("CLK_TCK");
        return hz == null || hz.isBlank() ? 100 : Long.parseLong(hz.trim());
    }
}
