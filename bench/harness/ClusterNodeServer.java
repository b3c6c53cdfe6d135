import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.cluster.DoorfaceCluster;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * A node of a doorface cluster for bench/run-cluster: DoorfaceServer's command route (addUser with a 30 KB photo,
 * blocking=false) on a gateway whose component is a node of a DoorfaceCluster on the local PostgreSQL (database test,
 * user postgres, the given schema) and NATS (127.0.0.1:4222). Its BenchControl drives commands from this node, to
 * terminals wherever they are connected; besides rtt and push it answers
 *
 *   GET /listed?prefix=BENCH-            listed=N: terminals with that prefix in the cluster's directory
 *   GET /probe-all?prefix=BENCH-&terminals=N&seconds=60
 *         sends addUser from here to each terminal, again every 500 ms until it is answered: all_ms (until the last
 *         answered), median_ms, unanswered (at the deadline), counted from the request's arrival
 *
 * Arguments: port, control port, schema, cluster name, node name, lease in milliseconds. Prints "ready" once the
 * gateway listens; runs until terminated.
 */
public class ClusterNodeServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controlPort = Integer.parseInt(args[1]);
        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + args[2]);
        pg.setUser("postgres");
        // pooled as the example gateway pools its database (H2's pool, in the gateway's jar)
        JdbcConnectionPool db = JdbcConnectionPool.create(pg);
        DoorfaceCluster cluster = new DoorfaceCluster(db, "nats://127.0.0.1:4222");
        cluster.setClusterName(args[3]);
        cluster.setNodeName(args[4]);
        cluster.setLeaseMillis(Long.parseLong(args[5]));
        String uri = "doorface:127.0.0.1:" + port + "/door";
        CamelContext camel = new DefaultCamelContext();
        camel.getComponent("doorface", DoorfaceComponent.class).setCluster(cluster);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a failed command is the caller's to count (probes fail until a terminal is back): no ERROR log
                errorHandler(noErrorHandler());
                from("direct:command").routeId("bench-command")
                        .to(uri + "?operation=addUser&blocking=false&requestTimeout=5000");
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            camel.stop();
            stopped.countDown();
        }));
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        DoorUser user = new DoorUser("bench", "U1", "1234", "Bench User", "0", BenchControl.photoBase64());
        var control = BenchControl.start(controlPort,
                sn -> template.asyncRequestBodyAndHeader("direct:command", user, DoorfaceConstants.DEVICE_SN, sn));
        control.createContext("/listed", ex -> BenchControl.reply(ex, () -> {
            String prefix = BenchControl.query(ex.getRequestURI()).getOrDefault("prefix", "BENCH-");
            List<String> listed = camel.getComponent("doorface", DoorfaceComponent.class).getGateways().get(0)
                    .router().terminals();
            return "listed=" + listed.stream().filter(sn -> sn.startsWith(prefix)).count();
        }));
        control.createContext("/probe-all", ex -> BenchControl.reply(ex, () -> {
            Map<String, String> query = BenchControl.query(ex.getRequestURI());
            return probeAll(template, user, query.getOrDefault("prefix", "BENCH-"),
                    Integer.parseInt(query.get("terminals")), Long.parseLong(query.getOrDefault("seconds", "60")));
        }));
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }

    private static final ScheduledExecutorService RETRY = Executors.newSingleThreadScheduledExecutor();

    private static String probeAll(ProducerTemplate template, DoorUser user, String prefix, int terminals,
                                   long seconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        long[] answeredAfter = new long[terminals];
        CountDownLatch ended = new CountDownLatch(terminals);
        for (int i = 0; i < terminals; i++) {
            probe(template, user, prefix + (i + 1), i, start, deadline, answeredAfter, ended);
        }
        ended.await(seconds + 15, TimeUnit.SECONDS);
        long[] sorted = Arrays.stream(answeredAfter).filter(t -> t > 0).sorted().toArray();
        long unanswered = terminals - sorted.length;
        return String.format(Locale.ROOT, "all_ms=%.1f median_ms=%.1f unanswered=%d",
                sorted.length == 0 ? -1.0 : sorted[sorted.length - 1] / 1e6,
                sorted.length == 0 ? -1.0 : sorted[sorted.length / 2] / 1e6, unanswered);
    }

    private static void probe(ProducerTemplate template, DoorUser user, String sn, int index, long start,
                              long deadline, long[] answeredAfter, CountDownLatch ended) {
        template.asyncRequestBodyAndHeader("direct:command", user, DoorfaceConstants.DEVICE_SN, sn)
                .whenComplete((answer, error) -> {
                    long now = System.nanoTime();
                    if (error == null) {
                        answeredAfter[index] = now - start;
                        ended.countDown();
                    } else if (now > deadline) {
                        ended.countDown();
                    } else {
                        RETRY.schedule(() -> probe(template, user, sn, index, start, deadline, answeredAfter, ended),
                                500, TimeUnit.MILLISECONDS);
                    }
                });
    }
}
