package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.doorface.camel.model.TerminalResult;
import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HR file drop as an exporter or a person uses it: slow writers, Excel files, empty and absurd files. */
class HrFileDropTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SECRET = "hr-secret-4711";
    static final String HEADER = "action,userId,user,name,pwd,role,photo\n";

    @TempDir
    Path dataDir;

    @Test
    void aFileWrittenWithPausesIsAppliedOnceAndWhole() throws Exception {
        // the writer pauses for a second between pieces; the quiet period is eight times that
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("hr.quietPeriod", "8000"));
             SimulatedTerminal sim = terminal(gateway, "SIM-SLOW")) {
            Path inbox = inbox();
            Files.write(inbox.resolve("p.jpg"), SampleImages.jpeg(71));
            String content = addRows(12);
            writeSlowly(inbox.resolve("slow.csv"), content);

            await().atMost(WAIT).until(() -> okRows(gateway, "slow.csv") == 12);
            assertThat(named(inbox.resolve("done"), "slow")).hasSize(1);
            assertThat(Files.readString(named(inbox.resolve("done"), "slow").get(0))).isEqualTo(content);
            assertThat(named(inbox.resolve("failed"), "slow")).isEmpty();
            assertThat(named(inbox, "slow")).isEmpty();
            assertThat(gateway.query("SELECT * FROM hr_result WHERE file_name = 'slow.csv'")).hasSize(12);
            assertThat(sim.users()).hasSize(12);
        }
    }

    @Test
    void withDoneFilesAFileIsTakenOnlyOnceItsMarkerExists() throws Exception {
        // a quiet period far shorter than the writer's pauses: only the marker holds the file back
        try (TestGateway gateway = TestGateway.start(dataDir, Map.of("hr.doneFiles", "true", "hr.quietPeriod", "100"));
             SimulatedTerminal sim = terminal(gateway, "SIM-DONE")) {
            Path inbox = inbox();
            Files.write(inbox.resolve("p.jpg"), SampleImages.jpeg(72));
            String content = addRows(8);
            writeSlowly(inbox.resolve("marked.csv"), content);

            assertThat(named(inbox, "marked.csv")).as("no marker yet: the file waits").hasSize(1);
            assertThat(named(inbox.resolve("done"), "marked")).isEmpty();
            assertThat(named(inbox.resolve("failed"), "marked")).isEmpty();
            assertThat(gateway.query("SELECT * FROM hr_result WHERE file_name = 'marked.csv'")).isEmpty();

            Files.writeString(inbox.resolve("marked.csv.done"), "");
            await().atMost(WAIT).until(() -> okRows(gateway, "marked.csv") == 8);
            await().atMost(WAIT).until(() -> named(inbox, "marked").isEmpty());
            assertThat(named(inbox.resolve("done"), "marked")).hasSize(1);
            assertThat(Files.readString(named(inbox.resolve("done"), "marked").get(0))).isEqualTo(content);
            assertThat(named(inbox.resolve("failed"), "marked")).isEmpty();
            assertThat(sim.users()).hasSize(8);
        }
    }

    @Test
    void aHeaderOnlyFileGoesToFailed() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            Path inbox = inbox();
            drop(inbox, "header-only.csv", HEADER.getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> named(inbox.resolve("failed"), "header-only").size() == 1);
            assertThat(named(inbox.resolve("done"), "header-only")).isEmpty();
            assertThat(logLines()).anyMatch(l -> l.contains("WARN") && l.contains("header-only.csv")
                                                 && l.contains("no rows"));
        }
    }

    @Test
    void aFileThatIsNotValidCsvGoesToFailedWithOneWarnLine() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            Path inbox = inbox();
            drop(inbox, "quote.csv", (HEADER + "delete,\"Q1,,,,,\ndelete,Q2,,,,,\n").getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> named(inbox.resolve("failed"), "quote").size() == 1);
            assertThat(logLines()).filteredOn(l -> l.contains("quote.csv") && !l.contains("received")
                                                   && !l.contains("Rollback"))
                    .singleElement().asString().contains("WARN").contains("not valid CSV");
            assertThat(logLines()).noneMatch(l -> l.contains("ERROR") && l.contains("CSVException"));
        }
    }

    @Test
    void anExcelCsvUtf8FileWithAByteOrderMarkIsApplied() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal sim = terminal(gateway, "SIM-BOM")) {
            Path inbox = inbox();
            Files.write(inbox.resolve("z.jpg"), SampleImages.jpeg(73));
            byte[] text = ("action,userId,user,name,pwd,role,photo\r\nadd,Z1,zoe,Zoë Ørsted,"
                           + SECRET + ",0,z.jpg\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[text.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(text, 0, withBom, 3, text.length);
            drop(inbox, "excel.csv", withBom);

            await().atMost(WAIT).until(() -> named(inbox.resolve("done"), "excel").size() == 1);
            assertThat(named(inbox.resolve("failed"), "excel")).isEmpty();
            assertThat(sim.users().get("Z1").name()).isEqualTo("Zoë Ørsted");
            assertThat(okRows(gateway, "excel.csv")).isEqualTo(1);
        }
    }

    @Test
    void everyBadRowIsRecordedAndLoggedWhateverTheLengthOfItsFields() throws Exception {
        String longAction = "x".repeat(5000);
        String longUserId = "u".repeat(5000);
        String longPhoto = "p".repeat(3000) + ".jpg";
        String manyFields = String.join(",", java.util.Collections.nCopies(2000, "f"));
        try (TestGateway gateway = TestGateway.start(dataDir)) {
            Path inbox = inbox();
            String name = "long-" + "n".repeat(200) + ".csv";
            drop(inbox, name, (HEADER
                               + longAction + ",L1,lu,Lu," + SECRET + ",0,\n"
                               + "add," + longUserId + ",lu,Lu," + SECRET + ",0,missing.jpg\n"
                               + "add,L3,lu,Lu," + SECRET + ",0," + longPhoto + "\n"
                               + manyFields + "\n").getBytes(StandardCharsets.UTF_8));

            await().atMost(WAIT).until(() -> named(inbox.resolve("failed"), "long-").size() == 1);
            List<Map<String, Object>> rows = gateway.query(
                    "SELECT file_name, line, action, user_id, ok, message FROM hr_result ORDER BY line");
            assertThat(rows).extracting(r -> r.get("line")).containsExactly(2, 3, 4, 5);
            assertThat(rows).allMatch(r -> r.get("file_name").equals(name) && r.get("ok").equals(false));
            assertThat(rows.get(0).get("action").toString()).hasSize(HrImport.ACTION_CHARS);
            assertThat(rows.get(0).get("message").toString()).contains("action must be");
            assertThat(rows.get(1).get("user_id").toString()).hasSize(HrImport.USER_ID_CHARS);
            assertThat(rows.get(2).get("message").toString()).hasSize(HrImport.MESSAGE_CHARS)
                    .startsWith("photo " + "p".repeat(100));
            assertThat(rows.get(3).get("message").toString()).contains("2000 fields");

            // one WARN line for each failed row, short, without the password
            List<String> log = logLines();
            for (int line = 2; line <= 5; line++) {
                String row = "HR file " + name + " line " + line + " ";
                assertThat(log).filteredOn(l -> l.contains(row)).singleElement().asString().contains("WARN")
                        .hasSizeLessThan(1000);
            }
            assertThat(log).noneMatch(l -> l.contains(SECRET));
        }
    }

    @Test
    void aFailedTerminalIsLoggedAndRecordedEvenWithLongSnCodeAndMessage() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal sim = terminal(gateway, "SIM-FAIL")) {
            sim.behaviour(Behaviour.FAIL);
            Path inbox = inbox();
            drop(inbox, "refused.csv", (HEADER + "delete,R1,,,,,\n").getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> named(inbox.resolve("failed"), "refused").size() == 1);
            assertThat(gateway.query("SELECT sn, ok, code, message FROM hr_result WHERE file_name = 'refused.csv'"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.get("sn")).isEqualTo("SIM-FAIL");
                        assertThat(r.get("ok")).isEqualTo(false);
                        assertThat(r.get("message").toString()).contains("simulated failure");
                    });
            assertThat(logLines()).filteredOn(l -> l.contains("HR file refused.csv line 2 "))
                    .singleElement().asString().contains("WARN").contains("SIM-FAIL").contains("simulated failure");

            // what a terminal answers can be as long as it likes: the hr_result row still fits its columns
            Exchange exchange = new DefaultExchange(gateway.context());
            exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, "f".repeat(400) + ".csv");
            HrImport hrImport = new HrImport(dataDir);
            List<HrImport.Row> parsed = hrImport.rows(List.of(List.of("action", "userId"),
                    List.of("delete", "R2")), exchange);
            List<Map<String, Object>> results = hrImport.results(parsed.get(0), List.of(
                    new TerminalResult("S".repeat(300), false, "9".repeat(300), "m".repeat(5000), null)), exchange);
            insert(gateway, results.get(0));
            assertThat(gateway.query("SELECT file_name, sn, code, message FROM hr_result WHERE line = 2 AND"
                                     + " sn LIKE 'SSS%'")).singleElement().satisfies(r -> {
                                         assertThat(r.get("file_name").toString()).hasSize(HrImport.FILE_NAME_CHARS);
                                         assertThat(r.get("sn").toString()).hasSize(HrImport.SN_CHARS);
                                         assertThat(r.get("code").toString()).hasSize(HrImport.CODE_CHARS);
                                         assertThat(r.get("message").toString()).hasSize(HrImport.MESSAGE_CHARS);
                                     });
        }
    }

    // ------------------------------------------------------------------ helpers

    private Path inbox() {
        return dataDir.resolve(HrImport.INBOX);
    }

    private static SimulatedTerminal terminal(TestGateway gateway, String sn) throws Exception {
        SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn(sn).build();
        sim.connect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !gateway.query(
                "SELECT 1 FROM terminal WHERE online AND sn = '" + sn + "'").isEmpty());
        return sim;
    }

    /** A header and {@code n} add rows, all with the photo p.jpg. */
    private static String addRows(int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= n; i++) {
            csv.append("add,S").append(i).append(",user").append(i).append(",Name ").append(i).append(',')
                    .append(SECRET).append(",0,p.jpg\n");
        }
        return csv.toString();
    }

    /**
     * Writes the text in four pieces, cut in the middle of lines, opening the file anew for each piece as a script
     * appending to it does, with a pause of a second after each piece but the last.
     */
    private static void writeSlowly(Path file, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int pieces = 4;
        for (int i = 0; i < pieces; i++) {
            int from = bytes.length * i / pieces;
            int to = bytes.length * (i + 1) / pieces;
            byte[] piece = java.util.Arrays.copyOfRange(bytes, from, to);
            Files.write(file, piece, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (i < pieces - 1) {
                Thread.sleep(1000);
            }
        }
    }

    /** Written aside, then moved in, as a well-behaved exporter does. */
    private static void drop(Path inbox, String name, byte[] content) throws IOException {
        Path temp = inbox.getParent().resolve("drop.part");
        Files.write(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Path> named(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith(prefix))
                    .filter(p -> !p.getFileName().toString().endsWith(".camelLock")).toList();
        }
    }

    private static int okRows(TestGateway gateway, String file) throws Exception {
        return gateway.query("SELECT 1 FROM hr_result WHERE ok AND file_name = '" + file + "'").size();
    }

    private static List<String> logLines() throws IOException {
        return new ArrayList<>(Files.readAllLines(Path.of("target/test-gateway.log"), StandardCharsets.UTF_8));
    }

    private static void insert(TestGateway gateway, Map<String, Object> r) throws Exception {
        try (Connection c = gateway.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO hr_result (file_name, line, action, user_id, sn, ok, code, message)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            for (String key : List.of("file", "line", "action", "userId", "sn", "ok", "code", "message")) {
                s.setObject(i++, r.get(key));
            }
            s.executeUpdate();
        }
    }
}
