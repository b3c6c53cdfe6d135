package dev.doorface.camel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.gateway.DoorfaceGateway;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seeded fuzzing: the protocol document's example frames, mutated (byte flips, truncation, duplicated keys, swapped
 * types, huge values, deep nesting, splices), sent by the tens of thousands from several connections at once.
 * Bounded in count and time. Afterwards a well-behaved terminal registers, reports and is commanded as before, no
 * connection is left behind and the gateway logged no ERROR.
 */
class FrameFuzzTest extends DoorfaceTestSupport {

    private static final long SEED = 0x5EED_D00FL;
    private static final int CONNECTIONS = 4;
    private static final int FRAMES = 20_000;
    /** Sending stops after this even if not every frame went out (a very slow machine). */
    private static final Duration SEND_BOUND = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE = 128 * 1024;
    /** After this many frames a connection waits until the gateway has read them all (see Fuzzer#sync). */
    private static final int BATCH = 250;
    private static final Path EXAMPLES = Paths.get("src/test/resources/protocol-examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("maxMessageSize=" + MAX_MESSAGE)).routeId("events")
                        .filter(header(DoorfaceConstants.DEVICE_SN).isEqualTo("WELL-BEHAVED")).to("mock:good");
                from("direct:command").to(gateway("maxMessageSize=" + MAX_MESSAGE + "&requestTimeout=20000"));
            }
        };
    }

    @Test
    void mutatedExampleFramesNeverHurtTheGateway() throws Exception {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.sorted().toList()) {
                seeds.add(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
        }
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(20);

        try (LogCapture log = LogCapture.open()) {
            long deadline = System.nanoTime() + SEND_BOUND.toNanos();
            ExecutorService pool = Executors.newCachedThreadPool();
            List<Fuzzer> fuzzers = new ArrayList<>();
            DoorfaceGateway gateway = context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port);
            try {
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    Fuzzer fuzzer = new Fuzzer(i, new Random(SEED + i), seeds, FRAMES / CONNECTIONS, deadline, pool, gateway);
                    fuzzers.add(fuzzer);
                    runs.add(CompletableFuture.runAsync(fuzzer::run, pool));
                }
                CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                        .get(SEND_BOUND.toSeconds() + PROMPTLY.toSeconds(), TimeUnit.SECONDS);
            } finally {
                fuzzers.forEach(Fuzzer::closeQuietly);
                pool.shutdownNow();
            }
            for (Fuzzer fuzzer : fuzzers) {
                // proof that the frames went through the gateway, not into a void: a few hundred at least each
                // (any machine sends that many in 30 s), and broken ones among them were answered
                assertThat(fuzzer.sent).as("frames sent on one connection").isGreaterThanOrEqualTo(200);
                assertThat(fuzzer.refusals.get()).as("500 answers on one connection").isPositive();
            }
            System.out.printf("fuzz: %d frames sent, %d report answers, %d reconnects, %d syncs%n",
                    fuzzers.stream().mapToInt(f -> f.sent).sum(),
                    fuzzers.stream().mapToInt(f -> f.answers.get()).sum(),
                    fuzzers.stream().mapToInt(f -> f.reconnects).sum(), fuzzers.stream().mapToInt(f -> f.syncs).sum());

            DoorfaceComponent component = context.getComponent("doorface", DoorfaceComponent.class);
            await().atMost(PROMPTLY).until(() -> component.getGateway("127.0.0.1", port).connections() == 0);

            SimulatedTerminal good = connect("WELL-BEHAVED");
            assertThat(result(good.sendAccessEvent("after-fuzz", "u1"))).isEqualTo("200");
            AccessEvent event = received(getMockEndpoint("mock:good"), 2).get(1).getMessage().getBody(AccessEvent.class);
            assertThat(event.eventId()).isEqualTo("after-fuzz");
            Object users = template.requestBodyAndHeaders("direct:command", null,
                    Map.of(DoorfaceConstants.DEVICE_SN, "WELL-BEHAVED", DoorfaceConstants.OPERATION, "selectUser"));
            assertThat(users).isInstanceOf(List.class);
            assertThat(component.getGateway("127.0.0.1", port).connections()).isEqualTo(1);
            assertThat(log.atLeast(Level.ERROR)).isEmpty();
        }
    }

    /** One connection's worth of mutated frames; reconnects when the gateway closes it (oversize, bad UTF-8, ...). */
    private final class Fuzzer {
        private final int number;
        private final DoorfaceGateway gateway;
        private final Random random;
        private final List<String> seeds;
        private final int frames;
        private final long deadline;
        private final ExecutorService pool;
        private final AtomicInteger answers = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();
        private volatile RawWebSocket socket;
        private int sent;
        private int reconnects;
        private int syncs;

        Fuzzer(int number, Random random, List<String> seeds, int frames, long deadline, ExecutorService pool,
               DoorfaceGateway gateway) {
            this.number = number;
            this.gateway = gateway;
            this.random = random;
            this.seeds = seeds;
            this.frames = frames;
            this.deadline = deadline;
            this.pool = pool;
        }

        void run() {
            try {
                while (sent < frames && System.nanoTime() < deadline) {
                    RawWebSocket raw = socket;
                    if (raw == null) {
                        raw = open();
                    }
                    byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())));
                    try {
                        if (isUtf8(frame) || random.nextInt(20) == 0) {
                            raw.frame(1, true, frame);
                        } else {
                            raw.binary(frame);
                        }
                        sent++;
                        if (sent % BATCH == 0 || sent == frames) {
                            sync(raw);
                        }
                    } catch (IOException closedByGateway) {
                        closeQuietly();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Registers a serial number of its own and waits until the gateway has it: frames are handled in order, so
         * every frame before it has then been read and handled (unless the gateway closed the connection). Without
         * this the frames would pile up unread and the connection close with most of them never looked at.
         */
        private void sync(RawWebSocket raw) throws IOException, InterruptedException {
            String sn = "FUZZ-" + number + "-" + sent;
            raw.text("{\"code\":\"205\",\"data\":{\"sn\":\"" + sn + "\"}}");
            long bound = System.nanoTime() + PROMPTLY.toNanos();
            while (socket == raw && !gateway.router().terminals().contains(sn)) {
                assertThat(System.nanoTime()).as("gateway handled the frames before " + sn).isLessThan(bound);
                Thread.sleep(2);
            }
            syncs++;
        }

        private RawWebSocket open() throws IOException {
            RawWebSocket raw = new RawWebSocket(port, "/door");
            socket = raw;
            reconnects++;
            // reads what the gateway sends so that it never waits on us; counts the report answers
            pool.execute(() -> {
                try {
                    RawWebSocket.Frame frame;
                    while ((frame = raw.readFrame()) != null && frame.opcode() != 8) {
                        if (frame.opcode() == 1 && frame.text().contains("\"response\"")) {
                            answers.incrementAndGet();
                            if (frame.text().contains("\"500\"")) {
                                refusals.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException ended) {
                    // the socket was closed: by us or by the gateway
                }
                if (socket == raw) {
                    closeQuietly();
                }
            });
            return raw;
        }

        void closeQuietly() {
            RawWebSocket raw = socket;
            socket = null;
            if (raw != null) {
                try {
                    raw.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private byte[] mutate(String seed) {
            int kind = random.nextInt(100);
            if (kind < 20) {
                return flipBytes(seed.getBytes(StandardCharsets.UTF_8));
            }
            if (kind < 35) {
                return utf8(seed.substring(0, random.nextInt(seed.length() + 1)));
            }
            if (kind < 45) {
                return utf8(duplicateKey(seed));
            }
            if (kind < 55) {
                return utf8(seed + (random.nextBoolean() ? seed : seeds.get(random.nextInt(seeds.size()))));
            }
            if (kind < 60) {
                return utf8(nest(seed));
            }
            if (kind < 63) {
                return utf8(injectCommandId(seed));
            }
            JsonNode tree = parse(seed);
            if (tree == null) {
                return flipBytes(seed.getBytes(StandardCharsets.UTF_8));
            }
            if (kind < 90) {
                swapType(tree);
            } else if (kind < 97) {
                changeCode(tree);
            } else {
                hugeValue(tree);
            }
            return utf8(tree.toString());
        }

        private byte[] flipBytes(byte[] bytes) {
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips && bytes.length > 0; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            return bytes;
        }

        private String duplicateKey(String seed) {
            int colon = seed.indexOf("\":");
            if (colon < 0) {
                return seed;
            }
            int keyStart = seed.lastIndexOf('"', colon - 1);
            int end = seed.indexOf(',', colon);
            if (keyStart < 0 || end < 0) {
                return seed;
            }
            String member = seed.substring(keyStart, end);
            return seed.substring(0, end) + "," + member + seed.substring(end);
        }

        private String nest(String seed) {
            int depth = 1 + random.nextInt(random.nextBoolean() ? 60 : 5000);
            String open = random.nextBoolean() ? "[" : "{\"data\":";
            String close = open.equals("[") ? "]" : "}";
            return open.repeat(depth) + seed + (random.nextBoolean() ? close.repeat(depth) : "");
        }

        private String injectCommandId(String seed) {
            String[] values = {"\"\"", "null", "\"1\"", "{}", "[1]", "true", "12", "\"" + random.nextLong() + "\""};
            return seed.replaceFirst("\\{", "{\"commandId\":" + values[random.nextInt(values.length)] + ",");
        }

        private void swapType(JsonNode tree) {
            ObjectNode parent = randomObject(tree);
            if (parent == null || parent.isEmpty()) {
                return;
            }
            List<String> names = new ArrayList<>();
            parent.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            JsonNodeFactory f = JsonNodeFactory.instance;
            JsonNode replacement = switch (random.nextInt(8)) {
                case 0 -> f.numberNode(random.nextInt());
                case 1 -> f.booleanNode(random.nextBoolean());
                case 2 -> f.nullNode();
                case 3 -> f.arrayNode().add(parent.get(name));
                case 4 -> f.objectNode().set("v", parent.get(name));
                case 5 -> f.textNode(parent.get(name).toString());
                case 6 -> f.numberNode(random.nextDouble() * 1e300);
                default -> f.textNode("");
            };
            if (random.nextInt(10) == 0) {
                parent.remove(name);
            } else {
                parent.set(name, replacement);
            }
        }

        private void changeCode(JsonNode tree) {
            if (tree instanceof ObjectNode root) {
                String[] codes = {"200", "203", "204", "205", "206", "207", "208", "500", "999", "", "2O7"};
                root.put("code", codes[random.nextInt(codes.length)]);
            }
        }

        private void hugeValue(JsonNode tree) {
            ObjectNode parent = randomObject(tree);
            if (parent == null) {
                return;
            }
            // mostly under the message limit, now and then over it (that connection is closed with 1009)
            int length = random.nextInt(10) == 0 ? MAX_MESSAGE + random.nextInt(MAX_MESSAGE) : random.nextInt(64 * 1024);
            String[] alphabets = {"A", "9", "\\\"", "李", "\u0000"};
            String unit = alphabets[random.nextInt(alphabets.length)];
            parent.put(random.nextBoolean() ? "img" : "userId", unit.repeat(length / unit.length()));
        }

        private ObjectNode randomObject(JsonNode tree) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(tree, objects);
            return objects.isEmpty() ? null : objects.get(random.nextInt(objects.size()));
        }

        private void collect(JsonNode node, List<ObjectNode> objects) {
            if (node instanceof ObjectNode object) {
                objects.add(object);
                Iterator<JsonNode> values = object.elements();
                values.forEachRemaining(v -> collect(v, objects));
            } else if (node instanceof ArrayNode array) {
                array.forEach(v -> collect(v, objects));
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
