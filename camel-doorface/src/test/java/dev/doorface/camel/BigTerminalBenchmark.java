package dev.doorface.camel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import dev.doorface.simulator.GeneratedUsers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (its name keeps it out of {@code mvn verify}): heap and time to list a simulated terminal
 * holding 20,000 users with 30 KB photos (about 820 MB of answer) through selectUser with includePhotos=false.
 * Run with
 * {@code mvn -B -o verify -pl camel-doorface -am -Dtest=BigTerminalBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx256m}
 * and read the BENCH lines. Both ends run in this JVM, so the heap figures include the simulated terminal's side
 * (it makes each user when its turn comes and writes only while its socket has room). {@code -Dbench.users} and
 * {@code -Dbench.photoBytes} change the size.
 */
class BigTerminalBenchmark extends DoorfaceTestSupport {

    private static final int USERS = Integer.getInteger("bench.users", 20_000);
    private static final int PHOTO_BYTES = Integer.getInteger("bench.photoBytes", 30 * 1024);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:list").to(gateway("operation=selectUser&includePhotos=false&requestTimeout=30m"));
            }
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void listABigTerminal() throws Exception {
        connect(terminal("BENCH-BIG").generatedUsers(USERS, PHOTO_BYTES).recordCommands(false));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long start = System.nanoTime();
        Exchange listed = template.request("direct:list",
                e -> e.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, "BENCH-BIG"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        running.set(false);
        sampler.join();
        if (listed.getException() != null) {
            throw listed.getException();
        }
        List<DoorUser> users = listed.getMessage().getBody(List.class);
        if (users.size() != USERS
            || !Images.sha256(GeneratedUsers.photo(USERS - 1, PHOTO_BYTES)).equals(users.get(USERS - 1).photoSha256())) {
            throw new AssertionError("wrong listing: " + users.size() + " users");
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long retained = memory.getHeapMemoryUsage().getUsed();
        long answerBytes = (long) USERS * (4L * ((PHOTO_BYTES + 2) / 3) + 90);
        long buffered = context.getComponent("doorface", DoorfaceComponent.class).getGateway("127.0.0.1", port)
                .answerBufferPeak();
        System.out.printf("BENCH %d users x %d-byte photos (about %.0f MB of answer) listed in %.1f s (%.0f MB/s)%n",
                USERS, PHOTO_BYTES, answerBytes / 1e6, millis / 1000.0, answerBytes / 1e3 / millis);
        System.out.printf("BENCH heap: max %.0f MB (-Xmx), before %.1f MB, peak sampled %.1f MB (garbage included),"
                          + " after GC with the result held %.1f MB; answer bytes waiting for the parser at most %.2f MB%n",
                memory.getHeapMemoryUsage().getMax() / 1e6, before / 1e6, peak.get() / 1e6, retained / 1e6,
                buffered / 1e6);
    }
}
