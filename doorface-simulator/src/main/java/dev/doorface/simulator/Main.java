package dev.doorface.simulator;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line program: runs N simulated terminals against a server, together reporting about R access events
 * per second, until Ctrl-C or {@code --duration}.
 */
public final class Main {

    static final String USAGE = """
            Usage: java -jar doorface-simulator.jar --url ws://HOST:PORT/PATH [options]

            Runs simulated face-recognition door terminals that dial in to the server, register, heartbeat,
            answer server commands and report access events.

            Options:
              --url URL                   WebSocket URL of the server (ws:// or wss://), required
              --terminals N               number of terminals (default 1)
              --events-per-second R       access events per second, all terminals together (default 1; 0 = none;
                                          fractions allowed)
              --duration SECONDS          stop after this many seconds (default: run until Ctrl-C)
              --sn-prefix PREFIX          serial numbers are PREFIX followed by a 6-digit number (default SIM)
              --stats-interval SECONDS    seconds between status lines (default 5)
              --users N                   each terminal also holds N generated users (userId G0, G1, ...), made
                                          when needed and never kept; selectUser of every user answers them as
                                          one message streamed in 64 KB frames (default 0)
              --photo-bytes B             photo size in bytes of each generated user (default 30720)
              -h, --help                  print this help

            Logging goes to stderr (slf4j-simple); e.g. -Dorg.slf4j.simpleLogger.defaultLogLevel=debug for more.
            """;

    private static final long RECONNECT_DELAY_MS = 3000;
    private static final int IMAGE_COUNT = 8;

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        int code = run(args, System.out, System.err, true);
        System.exit(code);
    }

    private static void configureLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.dev.doorface.simulator.Main", "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs the program; returns the exit code (0 done, 2 bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err, boolean untilInterrupted) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        }
        if (options.help) {
            out.print(USAGE);
            return 0;
        }
        Simulation simulation = new Simulation(options, out);
        if (untilInterrupted) {
            Runtime.getRuntime().addShutdownHook(new Thread(simulation::stop, "doorface-simulator-shutdown"));
        }
        simulation.start();
        boolean interrupted = false;
        try {
            simulation.awaitEnd();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // an interrupt ends the run like Ctrl-C: the stop still waits for the connections to close
        simulation.stop();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The parsed command line. */
    static final class Options {
        String url;
        int terminals = 1;
        double eventsPerSecond = 1;
        Duration duration;
        String snPrefix = "SIM";
        Duration statsInterval = Duration.ofSeconds(5);
        int users;
        int photoBytes = 30 * 1024;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "-h", "--help" -> o.help = true;
                    case "--url" -> o.url = value != null ? value : next(args, ++i, arg);
                    case "--terminals" -> o.terminals = (int) number(value != null ? value : next(args, ++i, arg), arg, 1, 100_000, true);
                    case "--events-per-second" -> o.eventsPerSecond = number(value != null ? value : next(args, ++i, arg), arg, 0, 1_000_000, false);
                    case "--duration" -> o.duration = seconds(value != null ? value : next(args, ++i, arg), arg);
                    case "--sn-prefix" -> o.snPrefix = value != null ? value : next(args, ++i, arg);
                    case "--stats-interval" -> o.statsInterval = seconds(value != null ? value : next(args, ++i, arg), arg);
                    case "--users" -> o.users = (int) number(value != null ? value : next(args, ++i, arg), arg, 0, 10_000_000, true);
                    case "--photo-bytes" -> o.photoBytes = (int) number(value != null ? value : next(args, ++i, arg), arg, 4, 64 * 1024 * 1024, true);
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (!o.help) {
                if (o.url == null || o.url.isBlank()) {
                    throw new IllegalArgumentException("--url is required");
                }
                SimulatedTerminal.builder(o.url); // validates the URL
            }
            return o;
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static double number(String text, String name, double min, double max, boolean integer) {
            double v;
            try {
                v = integer ? Integer.parseInt(text.trim()) : Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, not '" + text + "'");
            }
            if (Double.isNaN(v) || v < min || v > max) {
                throw new IllegalArgumentException(name + " must be between " + fmt(min) + " and " + fmt(max));
            }
            return v;
        }

        private static Duration seconds(String text, String name) {
            double v = number(text, name, 0.001, 365 * 24 * 3600.0, false);
            return Duration.ofMillis(Math.round(v * 1000));
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }
    }

    /** The running terminals, the event pump and the status line. */
    private static final class Simulation {
        private final Logger log = LoggerFactory.getLogger(Main.class);
        private final Options options;
        private final PrintStream out;
        private final Vertx vertx = Vertx.vertx();
        private final List<Node> nodes = new ArrayList<>();
        private final List<byte[]> images = new ArrayList<>();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong acked200 = new AtomicLong();
        private final AtomicLong acked500 = new AtomicLong();
        private final AtomicLong ackedOther = new AtomicLong();
        private final AtomicLong lost = new AtomicLong();
        private final long startNanos = System.nanoTime();
        private long pumpTimer = -1;
        private long statsTimer = -1;

        private static final class Node {
            final SimulatedTerminal terminal;
            volatile boolean ready;

            Node(SimulatedTerminal terminal) {
                this.terminal = terminal;
            }
        }

        Simulation(Options options, PrintStream out) {
            this.options = options;
            this.out = out;
        }

        void start() {
            for (int i = 0; i < IMAGE_COUNT; i++) {
                images.add(SampleImages.jpeg(i + 1));
            }
            for (int i = 0; i < options.terminals; i++) {
                SimulatedTerminal t = SimulatedTerminal.builder(options.url)
                        .sn(options.snPrefix + String.format("%06d", i + 1))
                        .vertx(vertx)
                        .recordCommands(false)
                        .maxStoredEvents(1000)
                        .generatedUsers(options.users, options.photoBytes)
                        .build();
                nodes.add(new Node(t));
            }
            log.info("starting {} terminal(s) against {}, {} event(s)/s{}", options.terminals, LogMask.url(options.url),
                    Options.fmt(options.eventsPerSecond),
                    options.duration == null ? "" : ", for " + options.duration.toMillis() / 1000.0 + " s");
            // spread the connects: 20 ms apart, over two seconds at most
            long spreadMillis = Math.min(2000L, 20L * nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                vertx.setTimer(1 + (i * spreadMillis) / nodes.size(), id -> connect(node));
            }
            if (options.eventsPerSecond > 0) {
                startPump();
            }
            statsTimer = vertx.setPeriodic(options.statsInterval.toMillis(), id -> out.println(statusLine()));
        }

        private void connect(Node node) {
            if (stopping.get()) {
                return;
            }
            SimulatedTerminal t = node.terminal;
            CompletableFuture<Void> connected = t.connect();
            t.closed().thenAccept(code -> {
                node.ready = false;
                if (!stopping.get()) {
                    log.warn("terminal {} disconnected ({}), reconnecting in {} s", t.sn(), code, RECONNECT_DELAY_MS / 1000);
                    vertx.setTimer(RECONNECT_DELAY_MS, id -> connect(node));
                }
            });
            connected.whenComplete((v, error) -> {
                if (error == null) {
                    node.ready = true;
                    log.debug("terminal {} registered", t.sn());
                } else {
                    log.warn("terminal {}: {}", t.sn(), error.getMessage());
                    if (t.isConnected()) {
                        t.disconnect(); // e.g. registration refused: start over
                    }
                }
            });
        }

        private void startPump() {
            long[] last = {System.nanoTime()};
            double[] credit = {0};
            int[] next = {0};
            pumpTimer = vertx.setPeriodic(20, id -> {
                long now = System.nanoTime();
                credit[0] += options.eventsPerSecond * (now - last[0]) / 1e9;
                last[0] = now;
                List<Node> ready = new ArrayList<>(nodes.size());
                for (Node n : nodes) {
                    if (n.ready) {
                        ready.add(n);
                    }
                }
                if (ready.isEmpty()) {
                    credit[0] = 0;
                    return;
                }
                credit[0] = Math.min(credit[0], Math.max(options.eventsPerSecond, 1));
                while (credit[0] >= 1) {
                    credit[0] -= 1;
                    next[0] = (next[0] + 1) % ready.size();
                    sendEvent(ready.get(next[0]).terminal);
                }
            });
        }

        private void sendEvent(SimulatedTerminal t) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Map<String, SimUser> users = t.users();
            String userId;
            if (!users.isEmpty() && random.nextBoolean()) {
                List<String> ids = new ArrayList<>(users.keySet());
                userId = ids.get(random.nextInt(ids.size()));
            } else {
                userId = String.format("U%05d", 1 + random.nextInt(99_999));
            }
            sent.incrementAndGet();
            t.sendAccessEvent(null, userId, random.nextBoolean() ? "0" : "1", images.get(random.nextInt(images.size())))
                    .whenComplete((code, error) -> {
                        if (error != null) {
                            lost.incrementAndGet();
                        } else if ("200".equals(code)) {
                            acked200.incrementAndGet();
                        } else if ("500".equals(code)) {
                            acked500.incrementAndGet();
                        } else {
                            ackedOther.incrementAndGet();
                        }
                    });
        }

        String statusLine() {
            long registered = nodes.stream().filter(n -> n.ready).count();
            long commands = nodes.stream().mapToLong(n -> n.terminal.commandsAnswered()).sum();
            long s = sent.get();
            long ok = acked200.get();
            long failed = acked500.get();
            long other = ackedOther.get();
            long gone = lost.get();
            long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000L;
            return String.format(Locale.ROOT,
                    "[%5ds] terminals %d/%d registered | events sent %d, acked 200: %d, acked 500: %d%s, lost %d, pending %d | commands answered %d",
                    elapsed, registered, nodes.size(), s, ok, failed, other > 0 ? ", acked other: " + other : "",
                    gone, Math.max(0, s - ok - failed - other - gone), commands);
        }

        void awaitEnd() throws InterruptedException {
            if (options.duration != null) {
                stopped.await(options.duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stopped.await();
            }
        }

        void stop() {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            try {
                if (pumpTimer >= 0) {
                    vertx.cancelTimer(pumpTimer);
                }
                if (statsTimer >= 0) {
                    vertx.cancelTimer(statsTimer);
                }
                List<CompletableFuture<Integer>> closing = new ArrayList<>();
                for (Node n : nodes) {
                    if (n.terminal.isConnected()) {
                        closing.add(n.terminal.disconnect());
                    }
                }
                try {
                    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.debug("not every connection closed in time: {}", e.toString());
                }
                for (Node n : nodes) {
                    n.terminal.close();
                }
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.debug("Vert.x did not close in time: {}", e.toString());
                }
                out.println(statusLine() + " (final)");
                out.flush();
            } finally {
                stopped.countDown();
            }
        }
    }
}
