import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.DoorUser;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.support.DefaultExchange;

/**
 * The component under test for bench/run: a plain CamelContext with the doorface component on its defaults, a
 * consumer route that only completes for access events (so each event is answered 200 when the route completed;
 * blocking=false, as such a route never blocks, unless an argument says "worker"),
 * and a producer driven from a route (blocking=false too, unless "worker"): direct:command sends addUser to the
 * terminal named by the CamelDoorfaceDeviceSn header, and the driver sends into it through the route's AsyncProducer
 * (or a ProducerTemplate, with the argument "template"), for the command scenarios, which BenchControl drives and
 * times on the control port. Listens on 127.0.0.1 only; runs until the process is terminated. Run with the example
 * gateway's shaded jar on the classpath (Java's source launcher), so both servers use the same Camel, Vert.x and
 * Jackson, and bench/run's compiled BenchControl:
 *
 *   java -cp routes-example/target/doorface-gateway.jar:CLASSES bench/harness/DoorfaceServer.java 9330 9331 [worker]
 *
 * "lean" (a diagnostic, not used by bench/run) turns the context's stream caching off and pools its exchanges.
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
        boolean worker = java.util.Arrays.asList(args).contains("worker");
        String uri = "doorface:127.0.0.1:" + port + "/door";
        CamelContext camel = new DefaultCamelContext();
        // a diagnostic (BENCHMARKS.md, fifth session): the context's options for a leaner exchange, not bench/run's
        if (java.util.Arrays.asList(args).contains("lean")) {
            camel.setStreamCaching(false);
            camel.getCamelContextExtension().setExchangeFactory(new PooledExchangeFactory());
        }
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
        DoorUser user = new DoorUser("bench", "U1", "1234", "Bench User", "0", BenchControl.photoBase64());
        BenchControl.start(controlPort, commandSender(camel, user, java.util.Arrays.asList(args).contains("template")));
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }

    /**
     * How the driver sends a command into direct:command. By default through the route's AsyncProducer, on the
     * driver's own thread: the route runs there until the doorface producer has written the command, and completes
     * where the answer arrives, with no thread between (what a Camel user who sends commands at a rate does, as raw
     * sends from the driver's thread). "template" (an argument) uses a ProducerTemplate's asyncRequestBodyAndHeader,
     * which hands each request to the template's thread pool first (the simplest code a Camel user writes).
     */
    static BenchControl.Commands commandSender(CamelContext camel, DoorUser user, boolean template)
            throws Exception {
        if (template) {
            ProducerTemplate producerTemplate = camel.createProducerTemplate();
            return sn -> producerTemplate.asyncRequestBodyAndHeader("direct:command", user,
                    DoorfaceConstants.DEVICE_SN, sn);
        }
        AsyncProducer producer = camel.getEndpoint("direct:command").createAsyncProducer();
        producer.start();
        return sn -> {
            Exchange exchange = new DefaultExchange(camel, ExchangePattern.InOut);
            exchange.getMessage().setBody(user);
            exchange.getMessage().setHeader(DoorfaceConstants.DEVICE_SN, sn);
            return producer.processAsync(exchange).thenApply(done -> {
                if (done.getException() != null) {
                    throw new CompletionException(done.getException());
                }
                return done.getMessage().getBody();
            });
        };
    }
}
