package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.toJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table person holds who should be on the terminals, kept by the HR routes: the REST calls on every terminal and the
 * HR file drop (not the calls on one terminal), whether the terminals are online or not.
 */
class PersonTableTest {

    static final String SECRET = "person-pw-never-logged";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void theHrRoutesKeepThePersonTable() throws Exception {
        try (TestGateway gateway = TestGateway.start(dataDir);
             SimulatedTerminal sim = SimulatedTerminal.builder(gateway.wsUrl()).sn("P-1").build()) {
            sim.connect().get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> gateway.get("/api/devices").body().contains("P-1"));

            assertThat(gateway.post("/api/users", toJson(user("U1", "Una", 61))).statusCode()).isEqualTo(200);
            Map<String, Object> una = person(gateway, "U1");
            assertThat(una).containsEntry("name", "Una").containsEntry("user_name", "una").containsEntry("role", "0")
                    .containsEntry("pwd", SECRET).containsEntry("photo_path", "persons/U1.jpg");
            assertThat(Files.readAllBytes(dataDir.resolve("persons/U1.jpg"))).isEqualTo(SampleImages.jpeg(61));

            // an edit changes what it names and keeps the rest
            assertThat(gateway.put("/api/users/U1", "{\"name\":\"Una Edited\"}").statusCode()).isEqualTo(200);
            assertThat(person(gateway, "U1")).containsEntry("name", "Una Edited").containsEntry("role", "0")
                    .containsEntry("photo_path", "persons/U1.jpg");

            // one terminal is not "who should be on the terminals"
            assertThat(gateway.post("/api/devices/P-1/users", toJson(user("U2", "Udo", 62))).statusCode())
                    .isEqualTo(200);
            assertThat(gateway.query("SELECT 1 FROM person WHERE user_id = 'U2'")).isEmpty();

            // a value longer than its column: 400, nothing sent
            int before = sim.receivedCommands().size();
            Map<String, Object> longName = user("U3", "x".repeat(200), 63);
            assertThat(gateway.post("/api/users", toJson(longName)).statusCode()).isEqualTo(400);
            assertThat(sim.receivedCommands()).hasSize(before);

            assertThat(gateway.delete("/api/users/U1").statusCode()).isEqualTo(200);
            assertThat(gateway.query("SELECT 1 FROM person WHERE user_id = 'U1'")).isEmpty();

            // the HR file drop, with the terminal offline: the table holds what HR wants all the same
            sim.disconnect().get(10, TimeUnit.SECONDS);
            Path inbox = dataDir.resolve("hr-inbox");
            Files.write(inbox.resolve("h.jpg"), SampleImages.jpeg(64));
            Path temp = dataDir.resolve("people.csv.part");
            Files.writeString(temp, """
                    action,userId,user,name,pwd,role,photo
                    add,H1,hal,Hal,%s,1,h.jpg
                    add,H2,hed,Hed,%s,0,h.jpg
                    edit,H1,,Hal Jordan,,,
                    delete,H2,,,,,
                    """.formatted(SECRET, SECRET));
            Files.move(temp, inbox.resolve("people.csv"), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(WAIT).until(() -> gateway.query(
                    "SELECT 1 FROM hr_result WHERE file_name = 'people.csv'").size() == 4);
            assertThat(gateway.query("SELECT user_id, name, role, photo_path FROM person ORDER BY user_id"))
                    .extracting(r -> r.get("user_id") + "/" + r.get("name") + "/" + r.get("role") + "/"
                                     + r.get("photo_path"))
                    .containsExactly("H1/Hal Jordan/1/persons/H1.jpg");
            assertThat(Files.readAllBytes(dataDir.resolve("persons/H1.jpg"))).isEqualTo(SampleImages.jpeg(64));
        }
        assertThat(Files.readString(Path.of("target/test-gateway.log"))).doesNotContain(SECRET);
    }

    private static Map<String, Object> person(TestGateway gateway, String userId) throws Exception {
        List<Map<String, Object>> rows = gateway.query("SELECT * FROM person WHERE user_id = '" + userId + "'");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static Map<String, Object> user(String userId, String name, int photoSeed) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user", name.toLowerCase());
        user.put("userId", userId);
        user.put("pwd", SECRET);
        user.put("name", name);
        user.put("role", "0");
        user.put("img", SampleImages.jpegBase64(photoSeed));
        return user;
    }
}
