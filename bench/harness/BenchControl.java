import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The server-side half of bench/run's command scenarios and heap figure, the same for every server under test: a
 * tiny HTTP trigger on 127.0.0.1 that bench/run calls with curl, which answers one line of key=value figures.
 * Commands are timed here, in the server JVM, from the call that sends them to the completion of their answer.
 * JDK only: bench/run compiles it into a class directory on the servers' classpath (the source launcher that runs
 * a server takes one file).
 *
 *   GET /heap                                          heap_used_bytes after two full GCs
 *   GET /rtt?prefix=BENCH-&terminals=100&rate=500&warmup=5&seconds=10
 *         addUser at a fixed rate, round robin over terminals prefix1..prefixN: p50_ms, p99_ms of the round trip
 *   GET /push?prefix=BENCH-&terminals=100&warmup=5&seconds=10
 *         closed loop, one addUser in flight per terminal: commands_per_s answered
 *
 * After its warm-up, each command scenario goes on warming while this JVM's JIT compiles more than 50 ms a second,
 * for at most settle seconds (a parameter, default 20; 0: not at all), as Load does for the events: a window
 * measured while one server still compiles counts the compiler against it. Both answer warmup_s, the warm-up used.
 */
public final class BenchControl {

    /** What a server under test does for one command. */
    public interface Commands {
        /** Sends addUser (the 30 KB photo of {@link #photoBase64()}) to a registered terminal; completes with its answer. */
        CompletionStage<?> addUser(String sn);
    }

    /** The thread that sends push's commands after the first. */
    private static final ExecutorService DRIVER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-driver");
        t.setDaemon(true);
        return t;
    });

    /** How long commands sent in the measured window may take to be answered after it. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private BenchControl() {
    }

    /** The face photo of every addUser: 30 KB of bytes, base64 as the protocol carries it. */
    public static String photoBase64() {
        byte[] photo = new byte[30 * 1024];
        new Random(30).nextBytes(photo);
        return java.util.Base64.getEncoder().encodeToString(photo);
    }

    /** Starts the trigger; the server may add contexts of its own to what it returns. */
    public static HttpServer start(int port, Commands commands) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/heap", ex -> reply(ex, () -> heap()));
        http.createContext("/rtt", ex -> reply(ex, () -> rtt(commands, query(ex.getRequestURI()))));
        http.createContext("/push", ex -> reply(ex, () -> push(commands, query(ex.getRequestURI()))));
        http.start(); // one dispatcher thread: one scenario at a time
        return http;
    }

    public interface Figures {
        String measure() throws Exception;
    }

    static void reply(HttpExchange ex, Figures figures) throws IOException {
        String line;
        int status = 200;
        try {
            line = figures.measure();
        } catch (Exception e) {
            status = 500;
            line = "error=" + e.toString().replace(' ', '_');
        }
        byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                q.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return q;
    }

    private static String[] terminals(Map<String, String> q) {
        String[] sns = new String[Integer.parseInt(q.get("terminals"))];
        for (int i = 0; i < sns.length; i++) {
            sns[i] = q.getOrDefault("prefix", "BENCH-") + (i + 1);
        }
        return sns;
    }

    private static String heap() throws InterruptedException {
        // twice: the first may leave what finalization or reference processing frees for the second
        System.gc();
        Thread.sleep(200);
        System.gc();
        Thread.sleep(200);
        return "heap_used_bytes=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Commands in flight and their outcome in the measured window. */
    private static final class Tally {
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile boolean measuring;

        /** Waits, bounded, until every command sent has its answer or failure. */
        long drain() {
            long deadline = System.nanoTime() + DRAIN_NANOS;
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            return inFlight.get();
        }
    }

    /** Whether the JIT has settled: less than 50 ms of compiling in the last second, read once a second. */
    static final class JitWatch {
        private final long limit;
        private long lastCheck = System.nanoTime();
        private long lastTotal = compiledMillis();
        private boolean settled;

        JitWatch(Map<String, String> q) {
            limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(q.getOrDefault("settle", "20")));
        }

        boolean settled() {
            long now = System.nanoTime();
            if (!settled && now - lastCheck >= 1_000_000_000L) {
                long total = compiledMillis();
                settled = total - lastTotal < 50 || now >= limit;
                lastTotal = total;
                lastCheck = now;
            }
            return settled || now >= limit;
        }

        private static long compiledMillis() {
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }
    }

    private static String rtt(Commands commands, Map<String, String> q) {
        String[] sns = terminals(q);
        int rate = Integer.parseInt(q.get("rate"));
        long warmup = TimeUnit.SECONDS.toNanos(Long.parseLong(q.get("warmup")));
        long seconds = Long.parseLong(q.get("seconds"));
        long[] samples = new long[(int) (rate * seconds * 2 + 1000)];
        AtomicLong recorded = new AtomicLong();
        Tally tally = new Tally();
        long start = System.nanoTime();
        long windowStart = Long.MAX_VALUE;
        long end = Long.MAX_VALUE;
        JitWatch jit = null;
        long sent = 0;
        long sentMeasured = 0;
        // open loop: each command leaves when the schedule says, whether or not earlier ones were answered
        for (long now = start; now < end; now = System.nanoTime()) {
            if (windowStart == Long.MAX_VALUE && now - start >= warmup) {
                jit = jit == null ? new JitWatch(q) : jit;
                if (jit.settled()) {
                    windowStart = now;
                    end = windowStart + TimeUnit.SECONDS.toNanos(seconds);
                }
            }
            long due = (now - start) * rate / 1_000_000_000L;
            for (; sent < due; sent++) {
                boolean measured = now >= windowStart;
                sentMeasured += measured ? 1 : 0;
                long t0 = System.nanoTime();
                send(commands, sns[(int) (sent % sns.length)], tally, error -> {
                    if (measured && error == null) {
                        long i = recorded.getAndIncrement();
                        if (i < samples.length) {
                            samples[(int) i] = System.nanoTime() - t0;
                        }
                    } else if (measured) {
                        tally.failed.incrementAndGet();
                    }
                });
            }
            LockSupport.parkNanos(200_000);
        }
        long unanswered = tally.drain();
        int n = (int) Math.min(recorded.get(), samples.length);
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT,
                "sent=%d answered=%d failed=%d unanswered=%d commands_per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.2f"
                + " warmup_s=%.0f",
                sentMeasured, n, tally.failed.get(), unanswered, n / (double) seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), n == 0 ? Double.NaN : sorted[n - 1] / 1e6,
                (windowStart - start) / 1e9);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length); // nearest rank
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static String push(Commands commands, Map<String, String> q) throws InterruptedException {
        String[] sns = terminals(q);
        long warmup = Long.parseLong(q.get("warmup"));
        long seconds = Long.parseLong(q.get("seconds"));
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        long begun = System.nanoTime();
        for (String sn : sns) {
            loop(commands, sn, tally, stop);
        }
        Thread.sleep(warmup * 1000);
        JitWatch jit = new JitWatch(q);
        while (!jit.settled()) {
            Thread.sleep(100);
        }
        double warmedFor = (System.nanoTime() - begun) / 1e9;
        long before = tally.answered.get();
        long failedBefore = tally.failed.get();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        long answered = tally.answered.get() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long failed = tally.failed.get() - failedBefore;
        stop.set(true);
        long unanswered = tally.drain();
        return String.format(Locale.ROOT,
                "commands_per_s=%.0f answered=%d failed=%d unanswered=%d seconds=%.1f warmup_s=%.0f",
                answered / elapsed, answered, failed, unanswered, elapsed, warmedFor);
    }

    /**
     * One command in flight for this terminal: the next leaves when the last is answered, sent from the driver's
     * own thread (as in rtt) rather than the thread the answer completed on, which is the server's. A failure ends it.
     */
    private static void loop(Commands commands, String sn, Tally tally, AtomicBoolean stop) {
        if (stop.get()) {
            return;
        }
        send(commands, sn, tally, error -> {
            if (error == null) {
                tally.answered.incrementAndGet();
                DRIVER.execute(() -> loop(commands, sn, tally, stop));
            } else {
                tally.failed.incrementAndGet();
            }
        });
    }

    interface Outcome {
        void done(Throwable error);
    }

    private static void send(Commands commands, String sn, Tally tally, Outcome outcome) {
        tally.inFlight.incrementAndGet();
        CompletionStage<?> answer;
        try {
            answer = commands.addUser(sn);
        } catch (RuntimeException e) {
            outcome.done(e);
            tally.inFlight.decrementAndGet();
            return;
        }
        answer.whenComplete((result, error) -> {
            outcome.done(error);
            tally.inFlight.decrementAndGet(); // after the outcome is recorded: drain() then sees it
        });
    }
}
