package dev.doorface.camel;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ThreadPoolFactory;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultThreadPoolFactory;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When work cannot be handed to the gateway's pool at all (here: no thread can be created), the report is answered
 * 500 or its connection closed (a batch: each of its events answered 500), and the terminal goes on being served once
 * the pool recovers: no session wedges.
 */
class WorkerHandOverFailureTest extends DoorfaceTestSupport {

    private final AtomicBoolean failing = new AtomicBoolean();

    /** The gateway's pool, failing every hand-over while {@link #failing} is set, as a JVM out of threads does. */
    private final class FailingPools implements ThreadPoolFactory {
        private final DefaultThreadPoolFactory real = new DefaultThreadPoolFactory();

        @Override
        public ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
            return real.newCachedThreadPool(threadFactory);
        }

        @Override
        public ExecutorService newThreadPool(ThreadPoolProfile profile, ThreadFactory threadFactory) {
            ExecutorService pool = real.newThreadPool(profile, threadFactory);
            return "doorface-gateway".equals(profile.getId()) ? new Failing(pool) : pool;
        }

        @Override
        public ScheduledExecutorService newScheduledThreadPool(ThreadPoolProfile profile, ThreadFactory factory) {
            return real.newScheduledThreadPool(profile, factory);
        }
    }

    private final class Failing extends AbstractExecutorService {
        private final ExecutorService pool;

        Failing(ExecutorService pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable command) {
            if (failing.get()) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
            pool.execute(command);
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getExecutorServiceManager().setThreadPoolFactory(new FailingPools());
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(gateway("events=ACCESS")).to("mock:access");
            }
        };
    }

    @Test
    void anEventThatCannotBeHandedOverIsAnswered500AndTheNextIsStored() throws Exception {
        SimulatedTerminal terminal = connect("T1");
        failing.set(true);
        assertThat(result(terminal.sendAccessEvent("e1", "u"))).isEqualTo("500");
        failing.set(false);
        assertThat(result(terminal.sendAccessEvent("e2", "u"))).isEqualTo("200");
        assertThat(getMockEndpoint("mock:access").getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aBatchThatCannotBeHandedOverIsAnswered500AndTheNextIsStored() throws Exception {
        int batchPort = AvailablePortFinder.getNextAvailable();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("doorface:127.0.0.1:" + batchPort + "/door?events=ACCESS&batchSize=10&batchTimeout=0")
                        .to("mock:batches");
            }
        });
        SimulatedTerminal terminal = SimulatedTerminal.builder("ws://127.0.0.1:" + batchPort + "/door").sn("B1")
                .build();
        trackedTerminals().add(terminal);
        terminal.connect().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        failing.set(true);
        assertThat(result(terminal.sendAccessEvent("e1", "u"))).isEqualTo("500");
        failing.set(false);
        assertThat(result(terminal.sendAccessEvent("e2", "u"))).isEqualTo("200");
        assertThat(getMockEndpoint("mock:batches").getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aLargeMessageThatCannotBeParsedClosesOnlyItsConnection() throws Exception {
        SimulatedTerminal terminal = connect("T2");
        failing.set(true);
        // over 64 KiB: parsed on a worker, which cannot be had
        terminal.sendAccessEvent("e1", "u", "0", new byte[100_000]);
        assertThat(terminal.closed().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1011);
        failing.set(false);
        SimulatedTerminal again = connect("T2");
        assertThat(result(again.sendAccessEvent("e2", "u"))).isEqualTo("200");
    }
}
