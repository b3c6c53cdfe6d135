package dev.doorface.gateway;

import static dev.doorface.gateway.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.component.jdbc.JdbcConstants;
import org.apache.camel.support.DefaultExchange;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/events paged as a page pages it: by {@code before} (older), {@code after} (what came since), both (a
 * gap), by terminal and by time; bad values answered 400 naming the parameter. Events sent by two simulated
 * terminals; their receivedAt set afterwards to known instants, one minute apart, for the time filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventPagingTest {

    @TempDir
    static Path dataDir;

    TestGateway gateway;
    /** The ids of the eight events, oldest first; event i (0..7) was received at 2026-01-01T10:0i:00Z. */
    final List<Long> ids = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        gateway = TestGateway.start(dataDir);
        try (SimulatedTerminal a = SimulatedTerminal.builder(gateway.wsUrl()).sn("PAGE-A").build();
             SimulatedTerminal b = SimulatedTerminal.builder(gateway.wsUrl()).sn("PAGE-B").build()) {
            a.connect().get(10, TimeUnit.SECONDS);
            b.connect().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 8; i++) {
                SimulatedTerminal sim = i % 2 == 0 ? a : b;
                assertThat(sim.sendAccessEvent("p-" + i, "U" + i).get(10, TimeUnit.SECONDS)).isEqualTo("200");
            }
        }
        for (Map<String, Object> row : gateway.query("SELECT id FROM access_event ORDER BY id")) {
            ids.add(((Number) row.get("id")).longValue());
        }
        assertThat(ids).hasSize(8);
        for (int i = 0; i < 8; i++) {
            gateway.execute("UPDATE access_event SET received_at = TIMESTAMP WITH TIME ZONE '2026-01-01 10:0" + i
                            + ":00+00:00' WHERE id = " + ids.get(i));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void beforePagesBackThroughEveryEventOnceNewestFirst() throws Exception {
        List<Long> seen = new ArrayList<>();
        String path = "/api/events?limit=3";
        while (true) {
            JsonNode page = ok(path);
            if (page.isEmpty()) {
                break;
            }
            assertThat(page.size()).isLessThanOrEqualTo(3);
            page.forEach(e -> seen.add(e.get("id").asLong()));
            path = "/api/events?limit=3&before=" + page.get(page.size() - 1).get("id").asLong();
        }
        List<Long> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void afterGivesWhatCameSinceNewestFirstAndWithBeforeFillsAGap() throws Exception {
        assertThat(idsOf(ok("/api/events?after=" + ids.get(4)))).containsExactly(ids.get(7), ids.get(6), ids.get(5));
        assertThat(idsOf(ok("/api/events?after=" + ids.get(7)))).isEmpty();
        // a page that missed more than its limit: the newest first, then the rest of the gap
        assertThat(idsOf(ok("/api/events?after=" + ids.get(1) + "&limit=2"))).containsExactly(ids.get(7), ids.get(6));
        assertThat(idsOf(ok("/api/events?after=" + ids.get(1) + "&before=" + ids.get(6))))
                .containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2));
    }

    @Test
    void snNarrowsEveryCursor() throws Exception {
        // PAGE-A sent the even ones
        assertThat(idsOf(ok("/api/events?sn=PAGE-A&before=" + ids.get(6))))
                .containsExactly(ids.get(4), ids.get(2), ids.get(0));
        assertThat(idsOf(ok("/api/events?sn=PAGE-B&after=" + ids.get(2) + "&limit=1"))).containsExactly(ids.get(7));
        JsonNode page = ok("/api/events?sn=PAGE-B&limit=1");
        assertThat(page.get(0).get("sn").asText()).isEqualTo("PAGE-B");
        assertThat(page.get(0).get("eventId").asText()).isEqualTo("p-7");
        assertThat(page.get(0).has("photoUrl")).isTrue();
    }

    @Test
    void fromIsInclusiveToExclusiveWithAnyOffset() throws Exception {
        assertThat(idsOf(ok("/api/events?from=2026-01-01T10:02:00Z&to=2026-01-01T10:05:00Z")))
                .containsExactly(ids.get(4), ids.get(3), ids.get(2));
        // the same instants at +01:00, the + encoded, and left unencoded (it arrives as a space)
        assertThat(idsOf(ok("/api/events?from=2026-01-01T11:02:00%2B01:00&to=2026-01-01T11:05:00%2B01:00")))
                .containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(idsOf(ok("/api/events?from=2026-01-01T11:02:00+01:00&to=2026-01-01T11:05:00+01:00")))
                .containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(idsOf(ok("/api/events?from=2026-01-01T10:06:00Z"))).containsExactly(ids.get(7), ids.get(6));
        assertThat(idsOf(ok("/api/events?to=2026-01-01T10:01:00.000Z"))).containsExactly(ids.get(0));
        // with the other filters
        assertThat(idsOf(ok("/api/events?sn=PAGE-A&from=2026-01-01T10:01:00Z&before=" + ids.get(6) + "&limit=1")))
                .containsExactly(ids.get(4));
        assertThat(idsOf(ok("/api/events?from=2026-01-01T10:05:00Z&to=2026-01-01T10:05:00Z"))).isEmpty();
    }

    @Test
    void badValuesAreAnswered400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.of(
                "before=abc", "before",
                "before=-1", "before",
                "after=1.5", "after",
                "after=99999999999999999999", "after",
                "from=yesterday", "from",
                "from=2026-01-01", "from",
                "to=2026-01-01T10:00:00", "to",
                "limit=0", "limit",
                "sn=*", "sn",
                "sn=PAGE%20A", "sn");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = gateway.get("/api/events?" + c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode error = json(response);
            assertThat(error.get("status").asInt()).isEqualTo(400);
            assertThat(error.get("error").asText()).as(c.getKey()).startsWith(c.getValue() + " must");
        }
        // given empty: not given
        assertThat(ok("/api/events?before=&after=&from=&to=&sn=")).hasSize(8);
    }

    @Test
    void everyQueryWalksAnIndexInIdOrderAndStopsAtTheLimit() throws Exception {
        // the SQL the route runs, its parameters written in, explained by the gateway's H2
        List<Map<String, String>> requests = List.of(
                Map.of(),
                Map.of("before", "5", "after", "1"),
                Map.of("sn", "PAGE-A"),
                Map.of("sn", "PAGE-A", "before", "5", "after", "1"),
                Map.of("sn", "PAGE-A", "from", "2026-01-01T10:00:00Z", "to", "2026-01-02T10:00:00Z"),
                Map.of("from", "2026-01-01T10:00:00Z"));
        for (Map<String, String> request : requests) {
            Exchange exchange = new DefaultExchange(gateway.context());
            request.forEach(exchange.getMessage()::setHeader);
            ApiEvents.query(exchange);
            String sql = exchange.getMessage().getBody(String.class);
            Map<?, ?> params = exchange.getMessage().getHeader(JdbcConstants.JDBC_PARAMETERS, Map.class);
            for (Map.Entry<?, ?> p : params.entrySet()) {
                Object v = p.getValue();
                String literal = v instanceof OffsetDateTime t ? "TIMESTAMP WITH TIME ZONE '" + t + "'"
                        : v instanceof String text ? "'" + text + "'" : String.valueOf(v);
                sql = sql.replace(":?" + p.getKey(), literal);
            }
            String plan = String.valueOf(gateway.query("EXPLAIN " + sql).get(0).values().iterator().next());
            assertThat(plan).as("%s%n%s", request, plan).contains("index sorted")
                    .contains(request.containsKey("sn") ? "IX_ACCESS_EVENT_SN" : "PRIMARY_KEY");
        }
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = gateway.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return json(response);
    }

    private static List<Long> idsOf(JsonNode events) {
        List<Long> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("id").asLong()));
        return out;
    }
}
