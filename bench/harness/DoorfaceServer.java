import java.util.concurrent.CountDownLatch;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.DoorUser;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The component under test for bench/run: a plain CamelContext with the doorface component on its defaults, a
 * consumer route that only completes for access events (so each event is answered 200 when the route completed;
 * blocking=false, as such a route never blocks, unless the third argument is "worker"),
 * and a producer driven from a route (blocking=false too, unless "worker") (a ProducerTemplate to direct:command, which sends addUser to the terminal
 * named by the CamelDoorfaceDeviceSn header) for the command scenarios, which BenchControl drives and times on
 * the control port. Listens on 127.0.0.1 only; runs until the process is terminated. Run with the example
 * gateway's shaded jar on the classpath (Java's source launcher), so both servers use the same Camel, Vert.x and
 * Jackson, and bench/run's compiled BenchControl:
 *
 *   java -cp routes-example/target/doorface-gateway.jar:CLASSES bench/harness/DoorfaceServer.java 9330 9331 [worker]
 *
 * Prints "ready" on stdout once the gateway listens.
 */
public class DoorfaceServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controlPort = Integer.parseInt(args[1]);
        // the route only completes, so it never blocks: by default it runs on the event loop, as the raw server
        // answers; "worker" keeps the component's default (the worker pool), the counterpart of the
        // camel-vertx-websocket peer, which runs each exchange with executeBlocking
        boolean worker = args.length > 2 && "worker".equals(args[2]);
        String uri = "doorface:127.0.0.1:" + port + "/door";
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "?events=ACCESS" + (worker ? "" : "&blocking=false")).routeId("bench-ingest")
                        .process(exchange -> { }); // only completes: what the transport adds, nothing stored
                // nothing after the command blocks: the exchange goes on where the answer arrives, as raw's future
                from("direct:command").routeId("bench-command")
                        .to(uri + "?operation=addUser" + (worker ? "" : "&blocking=false"));
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
        BenchControl.start(controlPort,
                sn -> template.asyncRequestBodyAndHeader("direct:command", user, DoorfaceConstants.DEVICE_SN, sn));
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }
}
