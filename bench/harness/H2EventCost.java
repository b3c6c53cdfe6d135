import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.doorface.gateway.AccessEventBatch;
import dev.doorface.gateway.GatewayDatabase;

/**
 * What storing an access event costs the example's database, without the network: the example's own schema
 * (GatewayDatabase: H2 file, WRITE_DELAY=0) and its own batch insert (AccessEventBatch.insert, one transaction per
 * batch), fed rows as PhotoStore makes them, from 100 terminals in turn, in batches of 36 (the mean batch of a
 * bench/run-store run). Prints the CPU time of the inserting thread per event (user + system, so the file writes of
 * each commit count) and the database file's size, once as the example has it and once without its (sn, id) index,
 * alternately, to show that index's share:
 *
 *   java -cp routes-example/target/doorface-gateway.jar bench/harness/H2EventCost.java [rounds=3] [events=60000]
 */
public class H2EventCost {

    static final int TERMINALS = 100;
    static final int BATCH = 36;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        for (int r = 1; r <= rounds; r++) {
            for (boolean withIndex : new boolean[] {true, false}) {
                System.out.println("round " + r + " " + run(events, withIndex));
            }
        }
    }

    static String run(int events, boolean snIdIndex) throws Exception {
        Path dir = Files.createTempDirectory("h2-event-cost");
        GatewayDatabase database = new GatewayDatabase(dir, null, null, null);
        database.start();
        try {
            if (!snIdIndex) {
                try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP INDEX ix_access_event_sn");
                }
            }
            AccessEventBatch batches = new AccessEventBatch(database.dataSource());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] next = new long[TERMINALS];
            int warmUp = events / 3;
            long cpuStart = 0;
            int t = 0;
            for (int n = 0; n < events; ) {
                if (n >= warmUp && cpuStart == 0) {
                    cpuStart = threads.getCurrentThreadCpuTime();
                }
                List<Map<String, Object>> rows = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++, n++) {
                    t = (t + 1) % TERMINALS;
                    Map<String, Object> row = new HashMap<>();
                    row.put("sn", String.format(Locale.ROOT, "SIM-%05d", t));
                    row.put("eventId", "E" + next[t]++);
                    row.put("userId", "U1");
                    row.put("door", "0");
                    row.put("photoPath", "photos/2026-11-29/mx1abc-" + (n / BATCH) + ".seg");
                    row.put("photoOffset", (long) i * 2048);
                    row.put("photoLength", 2048);
                    rows.add(row);
                }
                if (!batches.insert(rows).isEmpty()) {
                    throw new IllegalStateException("rows refused");
                }
            }
            double cpuPerEvent = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / (events - warmUp);
            return String.format(Locale.ROOT, "(sn, id) index=%s cpu_us_per_event=%.1f file_kb=%d",
                    snIdIndex ? "yes" : "no ", cpuPerEvent, Files.size(dir.resolve("gateway.mv.db")) / 1024);
        } finally {
            database.stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
