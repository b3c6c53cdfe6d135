import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The component under test for bench/run: a plain CamelContext with the doorface component on its defaults, a
 * consumer route that only completes for access events (so each event is answered 200 when the route completed),
 * and a producer driven from a route (direct:command) for the command scenarios still to come. Listens on
 * 127.0.0.1 only; runs until the process is terminated. Run with the example gateway's shaded jar on the classpath
 * (Java's source launcher), so both servers use the same Camel, Vert.x and Jackson:
 *
 *   java -cp routes-example/target/doorface-gateway.jar bench/harness/DoorfaceServer.java 9330
 *
 * Prints "ready" on stdout once the gateway listens.
 */
public class DoorfaceServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String uri = "doorface:127.0.0.1:" + port + "/door";
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "?events=ACCESS").routeId("bench-ingest")
                        .process(exchange -> { }); // only completes: what the transport adds, nothing stored
                from("direct:command").routeId("bench-command")
                        .to(uri + "?operation=addUser");
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            camel.stop();
            stopped.countDown();
        }));
        camel.start();
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
