package dev.doorface.camel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * batchSize over 1: events reach the route as batches (one exchange, a List body), and each terminal is answered
 * from its batch's outcome, only once the exchange is over; a terminal's events keep their order; a batch held when
 * the route or Camel stops is handed over and answered.
 */
class BatchingConsumerTest extends DoorfaceTestSupport {

    /** Each batch the route received, as sn/eventId in body order. */
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<Object> batchSizeHeaders = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean failing = new AtomicBoolean();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // each test adds its own route
            }
        };
    }

    /** A route recording its batches; it waits for {@link #release} and fails while {@link #failing}. */
    private void batchingRoute(String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&" + options)).routeId("access")
                        .process(exchange -> {
                            batches.add(names(exchange.getMessage().getBody(List.class)));
                            batchSizeHeaders.add(exchange.getMessage().getHeader(DoorfaceConstants.BATCH_SIZE));
                            entered.countDown();
                            release.await(60, TimeUnit.SECONDS);
                            if (failing.get()) {
                                throw new IllegalStateException("the database refused the batch");
                            }
                        });
            }
        });
    }

    private static List<String> names(List<?> events) {
        List<String> names = new ArrayList<>();
        for (Object event : events) {
            AccessEvent access = (AccessEvent) event;
            names.add(access.sn() + "/" + access.eventId());
        }
        return names;
    }

    private List<SimulatedTerminal> connectTerminals(int n) throws Exception {
        List<SimulatedTerminal> terminals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            terminals.add(connect("T" + i));
        }
        return terminals;
    }

    private DoorfaceConsumer accessConsumer() {
        return (DoorfaceConsumer) context.getRoute("access").getConsumer();
    }

    @Test
    void aFullBatchIsOneExchangeWithAListBodyAndItsTerminalsAreAnsweredOnceItCompleted() throws Exception {
        batchingRoute("batchSize=4&batchTimeout=600000");
        List<SimulatedTerminal> terminals = connectTerminals(4);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        assertThat(entered.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the route holds the batch: nobody is answered yet
        assertThat(answers).noneMatch(CompletableFuture::isDone);
        release.countDown();
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).containsExactlyInAnyOrder("T0/e1", "T1/e1", "T2/e1", "T3/e1");
        assertThat(batchSizeHeaders).containsExactly(4);
    }

    @Test
    void aRouteNamesTheEventsItCouldNotHandleAndOnlyTheirTerminalsAre500() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&batchSize=4&batchTimeout=600000")).routeId("access")
                        .process(exchange -> {
                            List<?> events = exchange.getMessage().getBody(List.class);
                            batches.add(names(events));
                            // one event named by itself, one by its index: e.g. rows the database refused
                            List<Object> failed = new ArrayList<>();
                            for (int i = 0; i < events.size(); i++) {
                                String sn = ((AccessEvent) events.get(i)).sn();
                                if (sn.equals("T1")) {
                                    failed.add(events.get(i));
                                } else if (sn.equals("T3")) {
                                    failed.add(i);
                                }
                            }
                            exchange.getMessage().setHeader(DoorfaceConstants.FAILED_EVENTS, failed);
                        });
            }
        });
        List<SimulatedTerminal> terminals = connectTerminals(4);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        assertThat(result(answers.get(0))).isEqualTo("200");
        assertThat(result(answers.get(1))).isEqualTo("500");
        assertThat(result(answers.get(2))).isEqualTo("200");
        assertThat(result(answers.get(3))).isEqualTo("500");
        assertThat(batches).hasSize(1);
    }

    @Test
    void aFailedEventsHeaderNamingSomethingElseFailsTheWholeBatch() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&batchSize=2&batchTimeout=600000")).routeId("access")
                        .setHeader(DoorfaceConstants.FAILED_EVENTS, constant(List.of(7)));
            }
        });
        List<SimulatedTerminal> terminals = connectTerminals(2);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        // index 7 of a batch of 2: a mistake in the route, so nobody is told the event is stored
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("500");
        }
    }

    @Test
    void aFailingBatchAnswers500ToEachOfItsTerminalsAndTheirResendIsStored() throws Exception {
        release.countDown();
        failing.set(true);
        batchingRoute("batchSize=3&batchTimeout=600000");
        List<SimulatedTerminal> terminals = connectTerminals(3);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("500");
        }
        failing.set(false);
        answers.clear();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(batches).hasSize(2);
    }

    @Test
    void theTimeoutHandsOverAPartialBatch() throws Exception {
        release.countDown();
        batchingRoute("batchSize=100&batchTimeout=20");
        List<SimulatedTerminal> terminals = connectTerminals(3);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(batches.stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrder("T0/e1", "T1/e1", "T2/e1");
        assertThat(batches).allMatch(batch -> batch.size() < 100);
    }

    @Test
    void eventsOfOneTerminalKeepTheirOrderAcrossBatches() throws Exception {
        release.countDown();
        batchingRoute("batchSize=8&batchTimeout=2");
        List<SimulatedTerminal> terminals = connectTerminals(5);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (SimulatedTerminal terminal : terminals) {
                // sent without waiting for the answers: they queue in the gateway, one per terminal in a route
                answers.add(terminal.sendAccessEvent("e" + i, "u"));
            }
        }
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        Map<String, List<String>> bySn = new HashMap<>();
        for (List<String> batch : batches) {
            assertThat(batch).hasSizeLessThanOrEqualTo(8);
            Set<String> snsInBatch = new HashSet<>();
            for (String name : batch) {
                String sn = name.substring(0, name.indexOf('/'));
                // a terminal has one report in flight: never two of its events in one batch
                assertThat(snsInBatch.add(sn)).as("two events of %s in one batch", sn).isTrue();
                bySn.computeIfAbsent(sn, k -> new ArrayList<>()).add(name);
            }
        }
        for (SimulatedTerminal terminal : terminals) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(terminal.sn() + "/e" + i);
            }
            assertThat(bySn.get(terminal.sn())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void batchSizeOneHandsOverEachEventAloneWithItsHeaders() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&batchSize=1")).routeId("access").to("mock:single");
            }
        });
        SimulatedTerminal terminal = connect("SINGLE");
        assertThat(result(terminal.sendAccessEvent("e1", "u1"))).isEqualTo("200");
        assertThat(result(terminal.sendAccessEvent("e2", "u2"))).isEqualTo("200");
        MockEndpoint mock = getMockEndpoint("mock:single");
        List<Exchange> exchanges = received(mock, 2);
        assertThat(exchanges).hasSize(2);
        Exchange first = exchanges.get(0);
        assertThat(first.getMessage().getBody()).isInstanceOf(AccessEvent.class);
        assertThat(first.getMessage().getHeader(DoorfaceConstants.DEVICE_SN)).isEqualTo("SINGLE");
        assertThat(first.getMessage().getHeader(DoorfaceConstants.EVENT_ID)).isEqualTo("e1");
        assertThat(first.getMessage().getHeader(DoorfaceConstants.USER_ID)).isEqualTo("u1");
        assertThat(first.getMessage().getHeader(DoorfaceConstants.BATCH_SIZE)).isNull();
        assertThat(accessConsumer().deliversWithoutBlocking()).isFalse();
    }

    @Test
    void stoppingTheRouteWithAPartialBatchHeldHandsItOverAndAnswersIt() throws Exception {
        release.countDown();
        batchingRoute("batchSize=100&batchTimeout=600000");
        List<SimulatedTerminal> terminals = connectTerminals(2);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        DoorfaceConsumer consumer = accessConsumer();
        await().atMost(PROMPTLY).until(() -> consumer.getHeldEvents() == 2);
        context.getRouteController().stopRoute("access");
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).containsExactlyInAnyOrder("T0/e1", "T1/e1");
    }

    @Test
    void stoppingCamelWithAPartialBatchHeldHandsItOverAndAnswersIt() throws Exception {
        release.countDown();
        batchingRoute("batchSize=100&batchTimeout=600000");
        List<SimulatedTerminal> terminals = connectTerminals(2);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals) {
            answers.add(terminal.sendAccessEvent("e1", "u"));
        }
        DoorfaceConsumer consumer = accessConsumer();
        await().atMost(PROMPTLY).until(() -> consumer.getHeldEvents() == 2);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> context.stop());
        for (CompletableFuture<String> answer : answers) {
            assertThat(result(answer)).isEqualTo("200");
        }
        stopping.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrder("T0/e1", "T1/e1");
    }

    @Test
    void otherKindsOfEventAreBatchedToo() throws Exception {
        List<TerminalEvent> received = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=REGISTERED,DISCONNECTED&batchSize=10&batchTimeout=1")).routeId("status")
                        .process(exchange -> {
                            for (Object event : exchange.getMessage().getBody(List.class)) {
                                received.add((TerminalEvent) event);
                            }
                        });
            }
        });
        SimulatedTerminal terminal = connect("STATUS");
        terminal.disconnect().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        await().atMost(PROMPTLY).until(() -> received.size() == 2);
        assertThat(received).extracting(event -> event.kind().name()).containsExactly("REGISTERED", "DISCONNECTED");
    }

    @Test
    void invalidBatchOptionsAreRefusedWithClearErrors() {
        assertThatThrownBy(() -> batchingRoute("batchSize=0"))
                .isInstanceOf(FailedToStartRouteException.class)
                .hasStackTraceContaining("batchSize must be at least 1");
        assertThatThrownBy(() -> batchingRoute("batchSize=10&batchTimeout=-1"))
                .isInstanceOf(FailedToStartRouteException.class)
                .hasStackTraceContaining("batchTimeout must be 0 or more milliseconds");
        assertThatThrownBy(() -> batchingRoute("batchSize=10&concurrentBatches=-1"))
                .isInstanceOf(FailedToStartRouteException.class)
                .hasStackTraceContaining("concurrentBatches must be 0 (no bound) or more");
    }

    @Test
    void withConcurrentBatchesOneTheEventsThatArriveWhileABatchIsInTheRouteGoTogetherWhenItCompletes()
            throws Exception {
        AtomicInteger inRoute = new AtomicInteger();
        AtomicInteger mostInRoute = new AtomicInteger();
        CountDownLatch firstEntered = new CountDownLatch(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS&batchSize=100&batchTimeout=0&concurrentBatches=1")).routeId("access")
                        .process(exchange -> {
                            mostInRoute.accumulateAndGet(inRoute.incrementAndGet(), Math::max);
                            batches.add(names(exchange.getMessage().getBody(List.class)));
                            firstEntered.countDown();
                            release.await(60, TimeUnit.SECONDS);
                            inRoute.decrementAndGet();
                        });
            }
        });
        List<SimulatedTerminal> terminals = connectTerminals(4);
        CompletableFuture<String> first = terminals.get(0).sendAccessEvent("e1", "u");
        assertThat(firstEntered.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> later = new ArrayList<>();
        for (SimulatedTerminal terminal : terminals.subList(1, 4)) {
            later.add(terminal.sendAccessEvent("e1", "u"));
        }
        // without a wait (batchTimeout=0) they would each start a batch of their own; they wait for the running one
        await().atMost(PROMPTLY).until(() -> accessConsumer().getHeldEvents() == 3);
        assertThat(batches).hasSize(1);
        release.countDown();
        assertThat(result(first)).isEqualTo("200");
        for (CompletableFuture<String> answer : later) {
            assertThat(result(answer)).isEqualTo("200");
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly("T0/e1");
        assertThat(batches.get(1)).containsExactlyInAnyOrder("T1/e1", "T2/e1", "T3/e1");
        assertThat(mostInRoute.get()).isEqualTo(1);
    }
}
