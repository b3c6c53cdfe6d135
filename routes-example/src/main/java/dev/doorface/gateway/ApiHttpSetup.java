package dev.doorface.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Puts {@link ApiGuard} and {@link ApiHttpErrors} on the REST API's Vert.x router before any route is started, so
 * no request reaches a route unauthenticated. Without the server the gateway does not start (an API without its
 * guard would be open).
 */
final class ApiHttpSetup implements StartupListener {

    /** Route orders: before every Camel consumer (they take 0, 1, ...), and after all of them. */
    private static final int FAILURES = -30;
    private static final int GUARD = -20;
    private static final int LOGIN = -10;
    private static final int LOGOUT = -9;
    private static final int NO_ROUTE = Integer.MAX_VALUE;
    /** A login body is a token in a small JSON object. */
    private static final long LOGIN_BODY_BYTES = 4096;

    private final ApiToken token;
    private final long maxBodyBytes;

    ApiHttpSetup(ApiToken token, long maxBodyBytes) {
        this.token = token;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server != null) {
            // Camel would start it a moment later, still before the routes; started now, it is guarded from the
            // first route on (starting a started service again is a no-op)
            ServiceHelper.startService(server);
        }
        Router router = server == null ? null : server.getRouter();
        if (router == null) {
            throw new IllegalStateException("the REST API server (camel.server) is not running: refusing to start"
                                            + " a gateway whose API could not be guarded");
        }
        ApiGuard guard = new ApiGuard(token);
        ApiHttpErrors errors = new ApiHttpErrors(router, maxBodyBytes);
        router.route().order(FAILURES).failureHandler(errors::failure);
        router.route().order(GUARD).handler(guard::authenticate);
        router.post(ApiGuard.LOGIN_PATH).order(LOGIN)
                .handler(BodyHandler.create().setBodyLimit(LOGIN_BODY_BYTES)).handler(guard::login);
        router.post(ApiGuard.LOGOUT_PATH).order(LOGOUT).handler(guard::logout);
        router.route().order(NO_ROUTE).handler(errors::noRoute);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // all is in place before the routes start
    }
}
