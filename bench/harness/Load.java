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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;

/**
 * The load JVM of bench/run: simulated terminals (the doorface-simulator library, which shares no code with the
 * component) dial in to a server on 127.0.0.1 and send access events (207 type 1) carrying a 2 KB photo, or
 * register and answer the server's commands. Bounded in terminals and time; stops by itself. Server CPU is read
 * from the scheduler's accounting of each server thread in ns (/proc/&lt;pid&gt;/task/*&#47;schedstat) at the start
 * and end of the measured window, its JIT compiler threads' apart.
 *
 *   java -cp doorface-simulator/target/doorface-simulator.jar bench/harness/Load.java \
 *        ingest|rate|ingest+rate|hold|storm ws://127.0.0.1:9330/door terminals warmupSeconds seconds serverPid \
 *        [rate|prefix|total] [rateWarmupSeconds rateSeconds]
 *   java -cp ... Load serve port
 *   java -cp ... Load pair urlA urlB terminals warmupSeconds rate rateWarmupSeconds seconds pidA pidB
 *
 * ingest: closed loop, one event in flight per terminal (the next is sent when one is answered).
 * rate: each terminal sends on a fixed schedule so that all together offer eventsPerSecond.
 * ingest+rate: ingest, then rate from the same terminals (one JVM start and warm-up of this side less).
 *   Both print one line of key=value: events_per_s, acked, failed, other, server_cpu_ms, jit_cpu_ms (the
 *   compiler threads' part of it), cpu_us_per_event (the server's CPU less its compiler threads', per event answered
 *   200, in each second of the window: the median of the seconds in which the server's JIT was settled),
 *   cpu_us_per_event_mean (the same over the whole window), cpu_us_seconds (each second's), cpu_settled_seconds.
 * ingest-pair urlA urlB terminals warmupSeconds seconds pidA pidB: ingest of two servers in alternating seconds,
 *   after one second each not counted (measureIngestPair: bench/run's ingest of doorface and raw).
 * pair: server CPU per event at a fixed rate, two servers measured at once (measurePair: bench/run's
 *   cpu_per_event), so that what the host does in a second it does to both: first both closed loop for
 *   warmupSeconds, then both at the rate; prints the a_ and b_ figures of rate, cpu_ratio (the median, over the
 *   seconds in which both servers' JIT was settled, of a's CPU per event ÷ b's in that second) and cpu_ratio_mean
 *   (the whole window's, a ÷ b).
 * hold: terminals prefix1..prefixN (default BENCH-) connect and register, at most 1,000 at a time, heartbeats off;
 *   prints "registered N in T ms" (or "failed ..."), then answers the server's commands for `seconds` and exits.
 * serve: one JVM for a whole bench/run on 127.0.0.1:port: GET /run?args=...[&settle=seconds] runs ingest, rate,
 *   ingest+rate, ingest-pair or pair (the arguments above, space separated; settle bounds its settling instead of BENCH_SETTLE) and
 *   answers its lines; GET /hold?args=url+terminals+prefix registers terminals as hold does and keeps them until
 *   GET /release; GET /storm?args=url+terminals+serverPid runs storms until the server's JIT has settled, then times
 *   5 (settledStorms), and keeps the last one's terminals until GET /release (without serverPid: one storm;
 *   url+terminals+serverPid+urlB+serverPidB: both servers settle, then their timed storms alternate).
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
        if ("hold".equals(mode) || "storm".equals(mode)) {
            String url = args[1];
            int terminals = Integer.parseInt(args[2]);
            int warmup = Integer.parseInt(args[3]);
            int seconds = Integer.parseInt(args[4]);
            if ("hold".equals(mode)) {
                hold(url, terminals, seconds, args.length > 6 ? args[6] : "BENCH-");
            } else {
                storm(url, terminals, warmup > 0, args.length > 6 ? Integer.parseInt(args[6]) : terminals, seconds);
            }
            return;
        }
        Vertx vertx = Vertx.vertx();
        try {
            drive(vertx, args, settleLimitNanos(), System.out);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * ingest, rate or ingest+rate (the arguments of main) with this JVM's Vert.x; the figures go to out. The
     * terminals connect first and leave at the end.
     */
    static void drive(Vertx vertx, String[] args, long settleNanos, PrintStream out) throws Exception {
        String mode = args[0];
        if ("ingest-pair".equals(mode)) { // ingest-pair urlA urlB terminals warmup seconds pidA pidB
            measureIngestPair(vertx, List.of(args[1], args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), List.of(Long.parseLong(args[6]), Long.parseLong(args[7])), settleNanos,
                    out);
            return;
        }
        if ("pair".equals(mode)) { // pair urlA urlB terminals warmup rate rateWarmup seconds pidA pidB
            measurePair(vertx, args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]),
                    Long.parseLong(args[8]), Long.parseLong(args[9]), settleNanos, out);
            return;
        }
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
                case "ingest" -> measure(vertx, sims, ids, 0, warmup, seconds, serverPid, settleNanos, out);
                case "rate" -> measure(vertx, sims, ids, rate, warmup, seconds, serverPid, settleNanos, out);
                case "ingest+rate" -> { // the rate's warm-up and seconds follow it
                    measure(vertx, sims, ids, 0, warmup, seconds, serverPid, settleNanos, out);
                    measure(vertx, sims, ids, rate, Integer.parseInt(args[7]), Integer.parseInt(args[8]), serverPid,
                            settleNanos, out);
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
        // settle=N (seconds) bounds this request's settling instead of BENCH_SETTLE
        http.createContext("/run", exchange -> answer(exchange, out -> drive(vertx, args(exchange),
                settleParameter(exchange), out)));
        // terminals registered for the command scenarios (driven by the server), until /release
        List<SimulatedTerminal> held = new ArrayList<>();
        http.createContext("/hold", exchange -> answer(exchange, out -> {
            String[] args = args(exchange); // url terminals prefix
            int terminals = Integer.parseInt(args[1]);
            long start = System.nanoTime();
            reportRegistered(out, terminals, register(args[0], args[2], 1, terminals, vertx, held), start);
        }));
        http.createContext("/storm", exchange -> answer(exchange, out -> {
            String[] args = args(exchange); // url terminals [serverPid [urlB serverPidB]]
            if (args.length > 4) {
                settledStorms(List.of(args[0], args[3]), Integer.parseInt(args[1]),
                        List.of(Long.parseLong(args[2]), Long.parseLong(args[4])), vertx, out, held);
            } else if (args.length > 2) {
                settledStorms(List.of(args[0]), Integer.parseInt(args[1]), List.of(Long.parseLong(args[2])), vertx,
                        out, held);
            } else {
                storm(args[0], Integer.parseInt(args[1]), false, 0, vertx, out, held);
            }
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
        String args = parameter(exchange, "args");
        if (args == null) {
            throw new IllegalArgumentException("usage: ?args=...");
        }
        return args.split(" ");
    }

    /** The request's settle=... query parameter (seconds) in ns, or BENCH_SETTLE's when it has none. */
    private static long settleParameter(HttpExchange exchange) {
        String seconds = parameter(exchange, "settle");
        return seconds == null ? settleLimitNanos() : (long) (Double.parseDouble(seconds) * 1e9);
    }

    /** A query parameter of the request, decoded, or null. */
    private static String parameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Sends access events from every terminal, closed loop (rate 0) or on fixed schedules offering `rate` events/s in
     * all; warms, settles, measures, stops sending, and prints one line of key=value figures.
     */
    private static void measure(Vertx vertx, List<SimulatedTerminal> sims, AtomicLong ids, int rate, int warmup,
            int seconds, long serverPid, long settleNanos, PrintStream out) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        Answers answers = new Answers();
        AtomicLong ok = answers.ok();
        try {
            startSending(vertx, sims, ids, rate, stop, answers.counter(measuring));
            Thread.sleep(warmup * 1000L);
            double warmedFor = warmup + settle(settleNanos, serverPid);
            ThreadCpu cpuBefore = ThreadCpu.of(serverPid);
            Seconds window = new Seconds(serverPid, ok, seconds);
            measuring.set(true);
            long start = System.nanoTime();
            for (int i = 1; i <= seconds; i++) {
                sleepUntil(start + i * 1_000_000_000L);
                window.tick();
            }
            measuring.set(false);
            ThreadCpu cpuAfter = ThreadCpu.of(serverPid);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuMs = cpuAfter.nanosSince(cpuBefore, false) / 1e6;
            double jitMs = cpuAfter.nanosSince(cpuBefore, true) / 1e6;
            // per event without the JIT's compiling: what the server spends on an event once warm, the same for every
            // server. cpu_us_per_event is the median of the seconds in which the JIT was settled (by settle()'s rule;
            // all of them if it was in none), cpu_us_per_event_mean the whole window's less the compiler threads'
            // CPU: for seconds at a time the host can make either server's kernel spin on a socket's lock, and a JIT
            // that passed settle() can still recompile a hot path a few seconds later, running the server's code
            // interpreted meanwhile (BENCHMARKS.md, Method); a whole window counted either as the server's cost
            out.printf(Locale.ROOT,
                    "events_per_s=%.0f acked=%d failed=%d other=%d seconds=%.1f server_cpu_ms=%.1f jit_cpu_ms=%.1f"
                    + " cpu_us_per_event=%.2f cpu_us_per_event_mean=%.2f cpu_us_seconds=%s cpu_settled_seconds=%d"
                    + " warmup_s=%.0f%n",
                    ok.get() / elapsed, ok.get(), answers.failed().get(), answers.other().get(), elapsed, cpuMs,
                    jitMs, Seconds.median(window.micros, window.settled),
                    window.mean(), window.list(),
                    window.settledCount(), warmedFor);
            out.flush();
        } finally {
            stop.set(true);
        }
        Thread.sleep(200); // the events in flight are answered before the next measurement's warm-up
    }

    /** Sleeps until System.nanoTime() reaches deadline. */
    static void sleepUntil(long deadline) throws InterruptedException {
        long sleep = deadline - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
    }

    /**
     * A server's CPU (less its compiler threads') per event answered, second by second, and whether its JIT was
     * settled in each second (settle()'s rule).
     */
    static final class Seconds {
        final double[] micros;
        final boolean[] settled;
        private final long pid;
        private final AtomicLong answered;
        private ThreadCpu last;
        private long answeredLast;
        private int next;
        /** The whole window's CPU less the compiler threads', and its events answered 200. */
        private long nanosTotal;
        private long answeredTotal;

        /** From now on; answered counts the events answered 200. */
        Seconds(long pid, AtomicLong answered, int seconds) throws java.io.IOException {
            this.pid = pid;
            this.answered = answered;
            this.micros = new double[seconds];
            this.settled = new boolean[seconds];
            this.last = ThreadCpu.of(pid);
            this.answeredLast = answered.get();
        }

        /** Ends the current second. */
        void tick() throws java.io.IOException {
            ThreadCpu now = ThreadCpu.of(pid);
            long answeredNow = answered.get();
            long nanos = now.nanosSince(last, false);
            long jitNanos = now.nanosSince(last, true);
            micros[next] = answeredNow == answeredLast ? Double.NaN
                    : (nanos - jitNanos) / 1e3 / (answeredNow - answeredLast);
            settled[next] = Load.settled(jitNanos, nanos, 1e9);
            next++;
            nanosTotal += nanos - jitNanos;
            answeredTotal += answeredNow - answeredLast;
            last = now;
            answeredLast = answeredNow;
        }

        /** The whole window's CPU (less the compiler threads') per event answered, in µs. */
        double mean() {
            return answeredTotal == 0 ? Double.NaN : nanosTotal / 1e3 / answeredTotal;
        }

        int settledCount() {
            int count = 0;
            for (boolean s : settled) {
                count += s ? 1 : 0;
            }
            return count;
        }

        /** Each second's figure, comma separated. */
        String list() {
            return Arrays.stream(micros).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                    .collect(Collectors.joining(","));
        }

        /** The median of the values (NaN left out) of the seconds counted, or of every second when none is. */
        static double median(double[] values, boolean[] counted) {
            boolean any = false;
            for (boolean c : counted) {
                any |= c;
            }
            boolean anyCounted = any;
            return Load.median(IntStream.range(0, values.length)
                    .filter(i -> !Double.isNaN(values[i]) && (counted[i] || !anyCounted))
                    .mapToDouble(i -> values[i]).sorted().toArray());
        }
    }

    /** What a server answered while measuring: 200, 500, anything else. */
    private record Answers(AtomicLong ok, AtomicLong failed, AtomicLong other) {

        Answers() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }

        /** Counts the answers that arrive while measuring is set. */
        Counter counter(AtomicBoolean measuring) {
            return code -> {
                if (measuring.get()) {
                    ("200".equals(code) ? ok : "500".equals(code) ? failed : other).incrementAndGet();
                }
            };
        }
    }

    /**
     * Server CPU per event at a fixed rate, two servers at once: the same terminals' count on each (a and b), closed
     * loop on both for `warmup` s (their JIT), then `rate` events/s to each, `rateWarmup` s and until both servers'
     * JIT has settled (at most settleNanos), then `seconds` s measured in slices of a second. Each second gives each
     * server's CPU (less its compiler threads') per event answered, and their ratio a ÷ b where both were settled in
     * it; the figure is the median of those ratios. Why at once: on a shared host either server's CPU per event at
     * this rate moved by half, and at times by four, from one minute to the next (BENCHMARKS.md, Method), more than
     * the difference measured; what the host does in a second it does to both. bench/run's cpu_per_event since the
     * sixth session; two servers at once share the cores and their caches, which may hide part of what a server
     * alone pays at every wake-up (BENCHMARKS.md, fifth and sixth sessions). Prints one line of key=value figures,
     * a_ and b_ for each server.
     */
    private static void measurePair(Vertx vertx, String urlA, String urlB, int terminals, int warmup, int rate,
            int rateWarmup, int seconds, long pidA, long pidB, long settleNanos, PrintStream out) throws Exception {
        List<SimulatedTerminal> all = new ArrayList<>();
        Answers[] answers = {new Answers(), new Answers()};
        AtomicLong ids = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean warming = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<List<SimulatedTerminal>> sims = connectSides(List.of(urlA, urlB), terminals, vertx, all);
            for (int i = 0; i < 2; i++) {
                startSending(vertx, sims.get(i), ids, 0, warming, answers[i].counter(measuring));
            }
            Thread.sleep(warmup * 1000L);
            warming.set(true); // the closed loops end with their next answer
            Thread.sleep(200);
            for (int i = 0; i < 2; i++) {
                startSending(vertx, sims.get(i), ids, rate, stop, answers[i].counter(measuring));
            }
            Thread.sleep(rateWarmup * 1000L);
            double warmedFor = warmup + rateWarmup + settle(settleNanos, pidA, pidB);
            Seconds[] windows = {new Seconds(pidA, answers[0].ok(), seconds),
                new Seconds(pidB, answers[1].ok(), seconds)};
            measuring.set(true);
            long start = System.nanoTime();
            for (int i = 1; i <= seconds; i++) {
                sleepUntil(start + i * 1_000_000_000L);
                for (Seconds window : windows) {
                    window.tick();
                }
            }
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            // a ÷ b in each second where both servers' JIT was settled (every second if in none)
            double[] ratios = new double[seconds];
            boolean[] bothSettled = new boolean[seconds];
            for (int i = 0; i < seconds; i++) {
                ratios[i] = windows[0].micros[i] / windows[1].micros[i];
                bothSettled[i] = windows[0].settled[i] && windows[1].settled[i];
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 2; i++) {
                String p = i == 0 ? "a_" : "b_";
                line.append(String.format(Locale.ROOT,
                        "%sevents_per_s=%.0f %sacked=%d %sfailed=%d %sother=%d %scpu_us_per_event=%.2f"
                        + " %scpu_us_per_event_mean=%.2f %scpu_us_seconds=%s ",
                        p, answers[i].ok().get() / elapsed, p, answers[i].ok().get(), p, answers[i].failed().get(),
                        p, answers[i].other().get(), p, Seconds.median(windows[i].micros, windows[i].settled), p,
                        windows[i].mean(), p, windows[i].list()));
            }
            int settledSeconds = 0;
            for (boolean both : bothSettled) {
                settledSeconds += both ? 1 : 0;
            }
            line.append(String.format(Locale.ROOT,
                    "cpu_ratio=%.3f cpu_ratio_mean=%.3f settled_seconds=%d seconds=%.1f warmup_s=%.0f",
                    Seconds.median(ratios, bothSettled), windows[0].mean() / windows[1].mean(), settledSeconds,
                    elapsed, warmedFor));
            out.println(line);
            out.flush();
        } finally {
            warming.set(true);
            stop.set(true);
            Thread.sleep(200);
            disconnectAll(all);
        }
    }

    /**
     * Ingest of two servers in alternating seconds: each one's terminals (the same count on each, a and b) run
     * closed loop for `warmup` s and until that server's JIT has settled (at most settleNanos), a first then b; then
     * a second of each not counted, then `seconds` times a second of a's closed loop and a second of b's, one server
     * idle while the other is driven, so that a spell of the host's falls on both alike (one server's window after
     * the other's moved the ratio by ±20 % from one round to the next: BENCHMARKS.md, sixth session). Prints, for
     * each with a_ and b_ before it, events_per_s (answered 200 over its seconds), acked, failed, other,
     * events_per_s_seconds (each second's), and warmup_s; and ratio (a ÷ b).
     */
    private static void measureIngestPair(Vertx vertx, List<String> urls, int terminals, int warmup, int seconds,
            List<Long> pids, long settleNanos, PrintStream out) throws Exception {
        List<SimulatedTerminal> all = new ArrayList<>();
        AtomicLong ids = new AtomicLong();
        try {
            List<List<SimulatedTerminal>> sims = connectSides(urls, terminals, vertx, all);
            double[] warmedFor = new double[2];
            for (int side = 0; side < 2; side++) {
                AtomicBoolean stop = new AtomicBoolean();
                startSending(vertx, sims.get(side), ids, 0, stop, code -> { });
                Thread.sleep(warmup * 1000L);
                warmedFor[side] = warmup + settle(settleNanos, pids.get(side));
                stop.set(true);
                Thread.sleep(200); // the closed loops end with their next answer
            }
            Answers[] answers = {new Answers(), new Answers()};
            double[] elapsed = new double[2];
            double[][] perSecond = new double[2][seconds];
            // i = -1: one second each not counted. Side a waited through b's warm-up, and its first second after
            // that was well below its next ones in two rounds of three (27,000 to 28,000 events/s against 37,000 to
            // 45,000, whichever server was a), which counted against the server on side a
            for (int i = -1; i < seconds; i++) {
                for (int side = 0; side < 2; side++) {
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicBoolean measuring = new AtomicBoolean(i >= 0);
                    long okBefore = answers[side].ok().get();
                    long start = System.nanoTime();
                    startSending(vertx, sims.get(side), ids, 0, stop, answers[side].counter(measuring));
                    sleepUntil(start + 1_000_000_000L);
                    measuring.set(false);
                    double second = (System.nanoTime() - start) / 1e9;
                    stop.set(true);
                    if (i >= 0) {
                        elapsed[side] += second;
                        perSecond[side][i] = (answers[side].ok().get() - okBefore) / second;
                    }
                    Thread.sleep(100); // the events in flight are answered before the other server's second
                }
            }
            StringBuilder line = new StringBuilder();
            for (int side = 0; side < 2; side++) {
                String p = side == 0 ? "a_" : "b_";
                line.append(String.format(Locale.ROOT,
                        "%sevents_per_s=%.0f %sacked=%d %sfailed=%d %sother=%d %sevents_per_s_seconds=%s %swarmup_s=%.0f ",
                        p, answers[side].ok().get() / elapsed[side], p, answers[side].ok().get(), p,
                        answers[side].failed().get(), p, answers[side].other().get(), p,
                        Arrays.stream(perSecond[side]).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                                .collect(Collectors.joining(",")), p, warmedFor[side]));
            }
            line.append(String.format(Locale.ROOT, "ratio=%.3f",
                    answers[0].ok().get() / elapsed[0] / (answers[1].ok().get() / elapsed[1])));
            out.println(line);
            out.flush();
        } finally {
            disconnectAll(all);
        }
    }

    /**
     * Terminals BENCH-1..terminals on each url, one list per url, connected (at most 60 s); every one is also added
     * to all, before connecting, for the caller to disconnect whatever happens.
     */
    private static List<List<SimulatedTerminal>> connectSides(List<String> urls, int terminals, Vertx vertx,
            List<SimulatedTerminal> all) throws Exception {
        List<List<SimulatedTerminal>> sides = new ArrayList<>();
        for (String url : urls) {
            List<SimulatedTerminal> side = new ArrayList<>();
            for (int t = 1; t <= terminals; t++) {
                side.add(terminal(url, "BENCH-" + t, vertx));
            }
            sides.add(side);
            all.addAll(side);
        }
        CompletableFuture.allOf(all.stream().map(SimulatedTerminal::connect).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        return sides;
    }

    /** Closed loop (rate 0), or each terminal on a fixed schedule so that all together offer `rate` events/s. */
    private static void startSending(Vertx vertx, List<SimulatedTerminal> sims, AtomicLong ids, int rate,
            AtomicBoolean stop, Counter counter) {
        if (rate == 0) {
            for (SimulatedTerminal sim : sims) {
                closedLoop(sim, ids, stop, counter);
            }
            return;
        }
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
                sim.sendAccessEvent("B" + ids.incrementAndGet(), "U1", "0", PHOTO).whenComplete((code, error) -> {
                    if (error == null) {
                        counter.count(code);
                    }
                });
            }));
        }
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
        Storm storm = stormOnce(url, terminals, vertx, held);
        out.printf(Locale.ROOT, "storm_ms=%d terminals=%d failed=%d%n", storm.millis(), terminals, storm.failed());
        out.flush();
        if (total > terminals) {
            long more = System.nanoTime();
            reportRegistered(out, total, storm.failed() + register(url, "STORM-", terminals + 1, total, vertx, held),
                    more);
        }
    }

    /** What one storm took: until every terminal was answered 205 (or failed), and how many failed. */
    record Storm(long millis, long failed) {
    }

    /** Terminals STORM-1..terminals connect and register all at once; they are added to sims. */
    private static Storm stormOnce(String url, int terminals, Vertx vertx, List<SimulatedTerminal> sims) {
        List<SimulatedTerminal> storming = new ArrayList<>();
        for (int t = 1; t <= terminals; t++) {
            storming.add(terminal(url, "STORM-" + t, vertx));
        }
        sims.addAll(storming);
        long start = System.nanoTime();
        long failed = failures(storming.stream().map(SimulatedTerminal::connect).toList());
        return new Storm((System.nanoTime() - start) / 1_000_000, failed);
    }

    /** Storms timed once the server has settled; the figure is their median. */
    static final int STORMS_MEASURED = 5;
    /** Before a timed storm, the pause for the server to forget the terminals of the storm before. */
    static final long FORGET_MILLIS = 500;

    /**
     * The storm as bench/run measures it, as every other scenario is measured: once the server's JIT has settled.
     * Storms of `terminals` terminals, each leaving again at once, go on while the server's compiler threads used
     * more than SETTLED_JIT_SHARE of a core or of the server's CPU during the storm and its leaving, for at most
     * BENCH_SETTLE seconds: after the heap's 10,000 registrations both servers' C2 still compiled the connection path
     * in each of the next 10 to 13 storms of 2,000 (half of the server's CPU in each), and storms then took up to
     * twice as long as once it was quiet. Then STORMS_MEASURED storms are timed, each after a pause: prints storm_ms
     * (their median: a settled server's storms still vary by half, with the same CPU in each), storms_ms (each),
     * failed (in all of them), settle_storms and settle_s. With two servers (urls and pids in the same order), each
     * settles in turn and then their timed storms alternate (a, b, a, b, ...), so that what the host does in those
     * seconds it does to both; the figures are printed for each with a_ and b_ before them. The last storm's
     * terminals stay in held.
     */
    private static void settledStorms(List<String> urls, int terminals, List<Long> pids, Vertx vertx,
            PrintStream out, List<SimulatedTerminal> held) throws Exception {
        int servers = urls.size();
        int[] settleStorms = new int[servers];
        double[] settleSeconds = new double[servers];
        for (int j = 0; j < servers; j++) {
            long start = System.nanoTime();
            long limit = start + settleLimitNanos();
            while (System.nanoTime() < limit) {
                ThreadCpu before = ThreadCpu.of(pids.get(j));
                long began = System.nanoTime();
                List<SimulatedTerminal> sims = new ArrayList<>();
                stormOnce(urls.get(j), terminals, vertx, sims);
                disconnectAll(sims);
                settleStorms[j]++;
                ThreadCpu after = ThreadCpu.of(pids.get(j));
                if (settled(after.nanosSince(before, true), after.nanosSince(before, false),
                        System.nanoTime() - began)) {
                    break;
                }
            }
            settleSeconds[j] = (System.nanoTime() - start) / 1e9;
        }
        long[][] millis = new long[servers][STORMS_MEASURED];
        long[] failed = new long[servers];
        for (int i = 0; i < STORMS_MEASURED; i++) {
            for (int j = 0; j < servers; j++) {
                Thread.sleep(FORGET_MILLIS);
                List<SimulatedTerminal> sims = new ArrayList<>();
                Storm storm = stormOnce(urls.get(j), terminals, vertx, sims);
                millis[j][i] = storm.millis();
                failed[j] += storm.failed();
                if (i < STORMS_MEASURED - 1) {
                    disconnectAll(sims);
                } else {
                    held.addAll(sims);
                }
            }
        }
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < servers; j++) {
            String p = servers == 1 ? "" : j == 0 ? "a_" : "b_";
            long[] sorted = millis[j].clone();
            Arrays.sort(sorted);
            line.append(String.format(Locale.ROOT,
                    "%sstorm_ms=%d %sstorms_ms=%s %sterminals=%d %sfailed=%d %ssettle_storms=%d %ssettle_s=%.1f ",
                    p, sorted[STORMS_MEASURED / 2], p, Arrays.stream(millis[j]).mapToObj(Long::toString)
                            .collect(Collectors.joining(",")), p, terminals, p, failed[j], p, settleStorms[j], p,
                    settleSeconds[j]));
        }
        out.println(line.toString().strip());
        out.flush();
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
     * After the warm-up, goes on warming while a server's JIT compiler threads keep more than 5 % of a core busy, or
     * more than 5 % of the server's own CPU (any of the servers pids), for at most limitNanos (BENCH_SETTLE seconds,
     * default 20, or a request's settle=; 0: not at all): a server of more code than another takes longer to compile
     * its hot paths, and a window measured while it compiles counts the compiler's CPU and its slower interpreted
     * code against it. The share of the server's own CPU matters where the server does little: at 2,000 events/s it
     * uses about 8 % of a core, so a compiler at 4 % of a core (settled by the first rule alone) was a third of the
     * CPU measured. The same rule for every server. Returns the seconds added.
     */
    static double settle(long limitNanos, long... pids) throws Exception {
        long limit = System.nanoTime() + limitNanos;
        long start = System.nanoTime();
        ThreadCpu[] before = new ThreadCpu[pids.length];
        for (int i = 0; i < pids.length; i++) {
            before[i] = ThreadCpu.of(pids[i]);
        }
        while (System.nanoTime() < limit) {
            Thread.sleep(1000);
            boolean settled = true;
            for (int i = 0; i < pids.length; i++) {
                ThreadCpu after = ThreadCpu.of(pids[i]);
                settled &= settled(after.nanosSince(before[i], true), after.nanosSince(before[i], false), 1e9);
                before[i] = after;
            }
            if (settled) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The median of sorted values, NaN for none. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** BENCH_SETTLE (seconds, default 20) in ns. */
    static long settleLimitNanos() {
        String max = System.getenv("BENCH_SETTLE");
        return (long) ((max == null || max.isBlank() ? 20 : Double.parseDouble(max)) * 1e9);
    }

    /** True when the compiler threads' ns, of the process's ns in a span of spanNanos, count as settled. */
    static boolean settled(long compilerNanos, long processNanos, double spanNanos) {
        return compilerNanos < SETTLED_JIT_SHARE * spanNanos && compilerNanos <= SETTLED_JIT_SHARE * processNanos;
    }

    /**
     * The CPU time each thread of a process has used so far (ns), from the scheduler's own accounting
     * (/proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat, first field), and which of them are JIT compiler threads. In ns
     * rather than /proc/&lt;pid&gt;/stat's clock ticks of 10 ms: 5 s at 2,000 events/s cost a server 15 to 25 ticks,
     * so a tick more or less at either end of the window moved the figure by up to a tenth.
     */
    record ThreadCpu(Map<String, Long> nanos, Set<String> compilers) {

        static ThreadCpu of(long pid) throws java.io.IOException {
            Map<String, Long> nanos = new HashMap<>();
            Set<String> compilers = new HashSet<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    try {
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        String tid = task.getFileName().toString();
                        nanos.put(tid, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                        if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                            compilers.add(tid);
                        }
                    } catch (java.io.IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new ThreadCpu(nanos, compilers);
        }

        /**
         * The ns the process's threads (or its compiler threads only) used since before. A thread started meanwhile
         * counts from zero; the time of one that ended meanwhile is lost (rare in a warm server).
         */
        long nanosSince(ThreadCpu before, boolean compilersOnly) {
            long sum = 0;
            for (Map.Entry<String, Long> thread : nanos.entrySet()) {
                if (!compilersOnly || compilers.contains(thread.getKey())) {
                    sum += thread.getValue() - before.nanos.getOrDefault(thread.getKey(), 0L);
                }
            }
            return sum;
        }
    }
}
