package dev.doorface.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimUser;
import dev.doorface.simulator.SimulatedTerminal;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode ({@code -Ddemo.terminals=N}): N simulated terminals inside the gateway's own process that dial in over
 * loopback, register, and report an access event now and then (route demo-events), so that rows appear without
 * hardware.
 */
public class DemoTerminals {

    static final String BEAN = "demoTerminals";

    private static final Logger LOG = LoggerFactory.getLogger(DemoTerminals.class);

    private final String url;
    /** The url as logged: without its query, which may carry the terminal token. */
    private final String shownUrl;
    private final int count;
    private final List<SimulatedTerminal> terminals = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private Vertx vertx;

    public DemoTerminals(String url, int count) {
        this.url = url;
        this.shownUrl = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?token=***" : url;
        this.count = count;
    }

    public int size() {
        return count;
    }

    /** Connects the terminals; called once the gateway is listening. */
    public synchronized void connectAll() {
        vertx = Vertx.vertx();
        for (int i = 1; i <= count; i++) {
            SimulatedTerminal terminal = SimulatedTerminal.builder(url).sn(String.format("DEMO-%03d", i))
                    .vertx(vertx).recordCommands(false).build();
            for (int u = 1; u <= 3; u++) {
                terminal.putUser(new SimUser("user" + u, "E00" + u, "demo", "Demo User " + u, "0",
                        SampleImages.jpegBase64(u)));
            }
            terminals.add(terminal);
            try {
                terminal.connect().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Demo terminal {} could not connect to {}: {}", terminal.sn(), shownUrl, e.toString());
            }
        }
        LOG.info("Demo mode: {} simulated terminals connected to {}", count, shownUrl);
    }

    /** One access event from a random connected terminal (route demo-events). */
    public void sendRandomEvent() {
        List<SimulatedTerminal> connected;
        synchronized (this) {
            connected = terminals.stream().filter(SimulatedTerminal::isConnected).toList();
        }
        if (connected.isEmpty()) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SimulatedTerminal terminal = connected.get(random.nextInt(connected.size()));
        long n = sequence.incrementAndGet();
        String eventId = "demo-" + runId + "-" + n;
        terminal.sendAccessEvent(eventId, "E00" + (1 + random.nextInt(3)), random.nextBoolean() ? "0" : "1",
                SampleImages.jpeg((int) n));
    }

    public synchronized void closeAll() {
        terminals.forEach(SimulatedTerminal::close);
        terminals.clear();
        if (vertx != null) {
            vertx.close();
            vertx = null;
        }
    }
}
