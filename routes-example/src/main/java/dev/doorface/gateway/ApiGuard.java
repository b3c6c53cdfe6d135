package dev.doorface.gateway;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of the REST API, run by Vert.x before any Camel route sees a request (and before its body is read):
 * a request must carry {@code Authorization: Bearer <api.token>} or the session cookie of {@code POST /api/login};
 * otherwise it is answered 401. Only {@code POST /api/login} itself is open, the operator page's static files
 * ({@link PageRoutes}: they hold no data), and Camel's health endpoint ({@code GET /observe/health}, {@code /live},
 * {@code /ready}): Kubernetes probes carry no token, and it shows states and counts, never a secret. Of Camel's
 * developer consoles only {@code /q/dev/doorface} is served, behind the token like the API: the others would show
 * system properties given with -D (passwords among them) or act (heap dumps). The live feed's WebSocket upgrade
 * ({@code GET /api/live}) passes here too: with the cookie it must come from a page of this origin.
 *
 * <p>It also labels every request body as JSON: the API reads nothing else, and curl's {@code -d} says
 * {@code application/x-www-form-urlencoded}, which platform-http would otherwise parse as a form. A multipart body
 * is refused (415): it is not a JSON document whatever it holds.
 */
final class ApiGuard {

    static final String LOGIN_PATH = "/api/login";
    static final String LOGOUT_PATH = "/api/logout";
    /** Camel Main's health endpoint (camel.management.healthPath, left at its default). */
    static final String HEALTH_PATH = "/observe/health";
    /** Where Camel serves its developer consoles, and the one this gateway exposes. */
    static final String DEV_CONSOLES = "/q/dev";
    static final String DOORFACE_CONSOLE = DEV_CONSOLES + "/doorface";
    private static final String BEARER = "Bearer ";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ApiToken token;
    private final ApiSessionCookie sessions;

    ApiGuard(ApiToken token) {
        this.token = token;
        this.sessions = new ApiSessionCookie(token);
    }

    /** Every request but the login: the token, or a valid session cookie from the same site. */
    void authenticate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() == HttpMethod.POST && LOGIN_PATH.equals(ctx.normalizedPath())) {
            labelBodyAsJson(ctx);
            return;
        }
        if (isHealthProbe(request.method(), ctx.normalizedPath())
            || PageRoutes.isPageFile(request.method(), ctx.normalizedPath())) {
            // the operator page's own files hold no data: the page asks for the token itself
            ctx.next();
            return;
        }
        boolean live = LiveRoutes.PATH.equals(ctx.normalizedPath());
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!hasToken(authorization)) {
                ApiHttpErrors.unauthorized(ctx, "the Authorization header does not carry the API token");
                return;
            }
        } else {
            Cookie cookie = request.getCookie(ApiSessionCookie.NAME);
            if (cookie == null) {
                ApiHttpErrors.unauthorized(ctx,
                        "send Authorization: Bearer <api.token> (see data.dir/api-token),"
                        + " or log in at POST /api/login");
                return;
            }
            if (!sessions.isValid(cookie.getValue(), Instant.now())) {
                ApiHttpErrors.unauthorized(ctx, "the session has expired or the API token changed: log in again");
                return;
            }
            if ((changesState(request.method()) || live) && !sameOrigin(request)) {
                // SameSite=Strict keeps the cookie from other sites, not from another port of the same host; the live
                // feed's upgrade is a GET, yet a page elsewhere must not read it with this cookie either
                ApiHttpErrors.send(ctx, 403, "a session cookie is accepted only from a page of this API's own origin");
                return;
            }
        }
        String path = ctx.normalizedPath();
        if ((path.equals(DEV_CONSOLES) || path.startsWith(DEV_CONSOLES + "/")) && !path.equals(DOORFACE_CONSOLE)) {
            ApiHttpErrors.send(ctx, 404, "only the doorface console is served: " + DOORFACE_CONSOLE);
            return;
        }
        if (live && !"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            // camel-vertx-websocket would answer in plain text
            ApiHttpErrors.send(ctx, 400, LiveRoutes.PATH + " is a WebSocket: open it with GET and Upgrade: websocket");
            return;
        }
        // the routes need neither: keep secrets out of exchanges (and so out of any log of headers)
        request.headers().remove(HttpHeaders.AUTHORIZATION);
        request.headers().remove(HttpHeaders.COOKIE);
        labelBodyAsJson(ctx);
    }

    /** POST /api/login: the token as {@code {"token": "..."}} or as the Authorization header; a session cookie. */
    void login(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean ok;
        if (authorization != null) {
            ok = hasToken(authorization);
        } else {
            JsonNode body;
            try {
                body = ctx.body().buffer() == null ? null : MAPPER.readTree(ctx.body().asString("UTF-8"));
            } catch (Exception e) {
                body = null;
            }
            if (body == null || !body.isObject() || !body.path("token").isTextual()) {
                ApiHttpErrors.send(ctx, 400,
                        "send {\"token\": \"<api.token>\"} as the body,"
                        + " or the header Authorization: Bearer <api.token>");
                return;
            }
            ok = token.matches(body.get("token").asText());
        }
        if (!ok) {
            ApiHttpErrors.unauthorized(ctx, "that is not the API token");
            return;
        }
        ctx.response().putHeader(HttpHeaders.SET_COOKIE, sessions.setCookieHeader(Instant.now()));
        ApiHttpErrors.json(ctx, 200, Map.of("loggedIn", true,
                "expiresInSeconds", ApiSessionCookie.LIFETIME.toSeconds()));
    }

    /** POST /api/logout: the browser forgets its session cookie. */
    void logout(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.SET_COOKIE, ApiSessionCookie.clearCookieHeader());
        ApiHttpErrors.json(ctx, 200, Map.of("loggedIn", false));
    }

    private boolean hasToken(String authorization) {
        return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
               && token.matches(authorization.substring(BEARER.length()).trim());
    }

    private static void labelBodyAsJson(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.trim().toLowerCase().startsWith("multipart/")) {
            ApiHttpErrors.send(ctx, 415, "the body must be the JSON document itself, not " + type.split(";")[0].trim());
            return;
        }
        if (type != null || changesState(request.method())) {
            request.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        ctx.next();
    }

    private static boolean isHealthProbe(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
               && (HEALTH_PATH.equals(path) || (HEALTH_PATH + "/live").equals(path)
                   || (HEALTH_PATH + "/ready").equals(path));
    }

    private static boolean changesState(HttpMethod method) {
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }

    /** No Origin header (not a cross-origin browser request), or one naming the host the request was sent to. */
    private static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        HostAndPort target = request.authority();
        try {
            URI uri = URI.create(origin);
            int originPort = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            int targetPort = target == null || target.port() < 0 ? (request.isSSL() ? 443 : 80) : target.port();
            return target != null && target.host().equalsIgnoreCase(uri.getHost()) && originPort == targetPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
