package dev.doorface.camel.metrics;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;

import dev.doorface.camel.model.EventKind;

/**
 * A gateway's counters, kept whether or not anyone reads them: the event path pays one {@link LongAdder} increment
 * per report and allocates nothing. Durations are measured only while {@link #timed()} (something publishes them:
 * JMX or Micrometer), so that without either no clock is read for them. Micrometer and JMX read these counters when
 * scraped; they never sit on the event path.
 */
public final class GatewayMetrics {

    /** The kinds of event a terminal reports and the gateway answers, with the outcomes each can have. */
    private static final Map<EventKind, Set<EventOutcome>> REPORTS = Map.of(
            EventKind.REGISTERED, EnumSet.of(EventOutcome.ACKNOWLEDGED, EventOutcome.REFUSED),
            EventKind.ACCESS, EnumSet.of(EventOutcome.ACKNOWLEDGED, EventOutcome.FAILED, EventOutcome.UNHANDLED),
            EventKind.USER_ADDED, EnumSet.of(EventOutcome.ACKNOWLEDGED, EventOutcome.FAILED, EventOutcome.UNHANDLED),
            EventKind.HEARTBEAT, EnumSet.of(EventOutcome.ACKNOWLEDGED));
    private static final int OUTCOMES = EventOutcome.values().length;

    /** One command operation's counters by outcome, and where its round-trip times go besides {@link #commandRtt}. */
    public static final class CommandMeters {
        private final LongAdder[] outcomes = adders(CommandOutcome.values().length);
        volatile NanoRecorder rttRecorder;

        public long count(CommandOutcome outcome) {
            return outcomes[outcome.ordinal()].sum();
        }

        /** The adder counting this outcome (Micrometer reads it). */
        public LongAdder adder(CommandOutcome outcome) {
            return outcomes[outcome.ordinal()];
        }

        public void rttRecorder(NanoRecorder recorder) {
            this.rttRecorder = recorder;
        }
    }

    private final IntSupplier terminalsOnline;
    private final IntSupplier connections;
    private final LongAdder[] events = adders(EventKind.values().length * OUTCOMES);
    private final ConcurrentHashMap<String, CommandMeters> commands = new ConcurrentHashMap<>();
    private final Durations commandRtt = new Durations();
    private final Durations reportHandling = new Durations();
    private final NanoRecorder[] reportRecorders = new NanoRecorder[EventKind.values().length];
    private volatile boolean timed;
    /** Told of each operation seen for the first time (Micrometer registers its meters then), or null. */
    private volatile BiConsumer<String, CommandMeters> newOperation;

    public GatewayMetrics(IntSupplier terminalsOnline, IntSupplier connections) {
        this.terminalsOnline = terminalsOnline;
        this.connections = connections;
    }

    /** The kinds of event a terminal reports, with the outcomes each can have (the meters published). */
    public static Map<EventKind, Set<EventOutcome>> reports() {
        return new TreeMap<>(REPORTS);
    }

    // --- recorded by the gateway ---

    /** A report was answered. */
    public void event(EventKind kind, EventOutcome outcome) {
        events[kind.ordinal() * OUTCOMES + outcome.ordinal()].increment();
    }

    /** Whether durations are measured: only when something publishes them. */
    public boolean timed() {
        return timed;
    }

    /** A report of this kind was answered this long after it arrived (only called while {@link #timed()}). */
    public void reportAnswered(EventKind kind, long nanos) {
        reportHandling.record(nanos);
        NanoRecorder recorder = reportRecorders[kind.ordinal()];
        if (recorder != null) {
            recorder.record(nanos);
        }
    }

    /** The counters of one operation; looked up once per command. */
    public CommandMeters command(String operation) {
        CommandMeters meters = commands.get(operation);
        if (meters != null) {
            return meters;
        }
        CommandMeters created = new CommandMeters();
        meters = commands.putIfAbsent(operation, created);
        if (meters != null) {
            return meters;
        }
        BiConsumer<String, CommandMeters> listener = newOperation;
        if (listener != null) {
            listener.accept(operation, created);
        }
        return created;
    }

    /** A command of this operation ended so. */
    public void commandEnded(CommandMeters meters, CommandOutcome outcome) {
        meters.outcomes[outcome.ordinal()].increment();
    }

    /** A command was answered this long after it was written (only called while {@link #timed()}). */
    public void commandAnswered(CommandMeters meters, long rttNanos) {
        commandRtt.record(rttNanos);
        NanoRecorder recorder = meters.rttRecorder;
        if (recorder != null) {
            recorder.record(rttNanos);
        }
    }

    // --- read by JMX and Micrometer ---

    public int terminalsOnline() {
        return terminalsOnline.getAsInt();
    }

    public int connections() {
        return connections.getAsInt();
    }

    public long events(EventKind kind, EventOutcome outcome) {
        return eventAdder(kind, outcome).sum();
    }

    /** Reports of every kind answered with this outcome. */
    public long events(EventOutcome outcome) {
        long sum = 0;
        for (EventKind kind : EventKind.values()) {
            sum += events(kind, outcome);
        }
        return sum;
    }

    /** The adder counting this kind and outcome (Micrometer reads it). */
    public LongAdder eventAdder(EventKind kind, EventOutcome outcome) {
        return events[kind.ordinal() * OUTCOMES + outcome.ordinal()];
    }

    /** Commands of every operation that ended with this outcome. */
    public long commands(CommandOutcome outcome) {
        long sum = 0;
        for (CommandMeters meters : commands.values()) {
            sum += meters.count(outcome);
        }
        return sum;
    }

    /** The operations seen so far with their counters, by name. */
    public Map<String, CommandMeters> commandsByOperation() {
        return new TreeMap<>(commands);
    }

    public Durations commandRtt() {
        return commandRtt;
    }

    public Durations reportHandling() {
        return reportHandling;
    }

    // --- set by publishers ---

    /** Starts or stops measuring durations. */
    public void timed(boolean on) {
        this.timed = on;
    }

    /** Where report durations of this kind go besides {@link #reportHandling()}; null for nowhere. */
    public void reportRecorder(EventKind kind, NanoRecorder recorder) {
        reportRecorders[kind.ordinal()] = recorder;
    }

    /** Told of each operation seen from now on for the first time; null to stop. */
    public void onNewOperation(BiConsumer<String, CommandMeters> listener) {
        this.newOperation = listener;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
