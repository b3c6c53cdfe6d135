package dev.doorface.camel;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import dev.doorface.simulator.Behaviour;
import dev.doorface.simulator.SimulatedTerminal;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (its name keeps it out of {@code mvn verify}): memory held while a 400 KB photo broadcast
 * waits for terminals that never answer. Run with
 * {@code mvn -B -o verify -pl camel-doorface -am -Dtest=BroadcastMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the BENCH lines in the output. Both ends run in this JVM, so the figures include the terminals' side.
 */
class BroadcastMemoryBenchmark extends DoorfaceTestSupport {

    private static final int TERMINALS = Integer.getInteger("bench.terminals", 500);

    private final Vertx terminalsVertx = Vertx.vertx();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:everywhere").to(gateway("operation=addUser&deviceSn=*&requestTimeout=120s"));
            }
        };
    }

    @AfterEach
    void closeVertx() throws Exception {
        closeTerminals();
        terminalsVertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void memoryHeldByABroadcastAwaitingAnswers() throws Exception {
        for (int t = 0; t < TERMINALS; t++) {
            SimulatedTerminal terminal = connect(terminal(String.format("MEM-%04d", t)).vertx(terminalsVertx)
                    .recordCommands(false));
            terminal.behaviour(Behaviour.SILENT);
        }
        byte[] photo = new byte[300 * 1024];
        new Random(1).nextBytes(photo);
        Map<String, Object> user = Map.of("user", "a", "userId", "1", "pwd", "p", "name", "N", "role", "0",
                "img", Base64.getEncoder().encodeToString(photo));
        long[] before = used("before");
        template.asyncRequestBody("direct:everywhere", user);
        // every terminal has the command in flight once each connection wrote it (none answers)
        Thread.sleep(5000);
        long[] during = used("in flight");
        System.out.printf("BENCH %d terminals x %d-byte photo in flight: heap +%.1f MB, JDK direct +%.1f MB%n",
                TERMINALS, photo.length * 4 / 3, (during[0] - before[0]) / 1e6, (during[1] - before[1]) / 1e6);
    }

    private static long[] used(String when) throws Exception {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long pool = ((PooledByteBufAllocator) VertxByteBufAllocator.POOLED_ALLOCATOR).metric().usedDirectMemory();
        System.out.printf("BENCH %s: heap %.1f MB, JDK direct %.1f MB (of which Vert.x's Netty pool %.1f MB)%n", when,
                heap / 1e6, direct / 1e6, pool / 1e6);
        return new long[] { heap, direct };
    }
}
