package dev.doorface.gateway;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;

/**
 * The live feed of the operator's page: a WebSocket at {@code /api/live} on the REST API's server (camel-vertx-websocket,
 * see {@link LiveWebsocketComponent}; {@link ApiGuard} admits only a session cookie or the token), and the routes
 * that send every connected browser what the other routes stored: terminals going online or offline, access events,
 * the end of queued commands, HR files applied.
 *
 * <p>The storing routes reach these through a wire tap on {@link #EXECUTOR}: one thread (messages keep their order:
 * a terminal's online before its offline), a bounded queue that drops what does not fit (a stalled feed never
 * holds a terminal's answer), and a failure here is logged at DEBUG and goes no further. A browser that was away
 * reads what it missed from the API. While no browser is connected the access events' tap is not taken at all
 * ({@link #LISTENING}, in access-events.yaml): at thousands of events a second, copying each batch's exchange and
 * building a message nobody receives cost about a tenth of the gateway's CPU per event (BENCHMARKS.md). The other
 * taps carry one message per terminal or command and are always taken.
 */
public class LiveRoutes extends RouteBuilder {

    public static final String PATH = "/api/live";
    /** Registry name of the wire taps' executor. */
    public static final String EXECUTOR = "liveExecutor";
    /** Registry name of the predicate, true while a browser is connected to the feed, that guards the access tap. */
    public static final String LISTENING = "liveListening";
    public static final String TERMINAL = "direct:live-terminal";
    public static final String ACCESS = "direct:live-access";
    public static final String COMMAND = "direct:live-command";
    public static final String HR_IMPORT = "direct:live-hr-import";
    private static final String SEND = "direct:live-send";
    /** Messages waiting for the feed's thread; beyond, they are dropped. */
    private static final int QUEUE = 1000;

    /** The wire taps' executor: one thread, a bounded queue, what does not fit discarded. */
    static ExecutorService executor(CamelContext context) {
        ExecutorService executor = context.getExecutorServiceManager().newThreadPool(LiveRoutes.class, "live-feed",
                new ThreadPoolProfileBuilder("live-feed").poolSize(1).maxPoolSize(1).maxQueueSize(QUEUE).build());
        // Camel offers Abort (the tap would fail the storing route) or CallerRuns (it would wait): neither
        if (executor instanceof ThreadPoolExecutor pool) {
            pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        }
        return executor;
    }

    /** The predicate bound as {@link #LISTENING}. */
    static Predicate listening(LiveWebsocketComponent feed) {
        return exchange -> feed.anyBrowser();
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true)
            .log(LoggingLevel.DEBUG, LiveRoutes.class.getName(), "Live feed message not sent: ${exception.message}");

        String websocket = "vertx-websocket:{{api.host}}:{{api.port}}" + PATH;
        // browsers only listen; what they send is dropped
        from(websocket).routeId("live-browsers")
            .log(LoggingLevel.DEBUG, LiveRoutes.class.getName(), "Live feed: a browser's message ignored");

        from(TERMINAL).routeId("live-terminal").process(LiveMessages::terminal).to(SEND);
        from(ACCESS).routeId("live-access").process(LiveMessages::access).to(SEND);
        from(COMMAND).routeId("live-command").process(LiveMessages::command).to(SEND);
        from(HR_IMPORT).routeId("live-hr-import").process(LiveMessages::hrImport).to(SEND);

        from(SEND).routeId("live-send")
            .process(LiveMessages::json)
            .to(websocket);
    }
}
