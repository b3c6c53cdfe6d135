package dev.doorface.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The errors Vert.x itself would answer (404 HTML, an empty 405, a plain-text 413) answered instead as the rest of
 * the API does: JSON {@code {"status": .., "error": ".."}}.
 */
final class ApiHttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHttpErrors.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Router router;
    private final long maxBodyBytes;

    ApiHttpErrors(Router router, long maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Failure handler: a handler failed the request (413 from the body handler, or an exception). */
    void failure(RoutingContext ctx) {
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (status == 500) {
            // the exception only: a request body may carry passwords and photos
            LOG.error("{} {} failed: {}", ctx.request().method(), ctx.normalizedPath(),
                    ctx.failure() == null ? "" : ctx.failure().getClass().getName());
        }
        String error = switch (status) {
            case 413 -> "the request body is larger than api.maxBodyBytes (" + maxBodyBytes + " bytes)";
            case 500 -> "internal error";
            default -> "the request failed";
        };
        send(ctx, status, error);
    }

    /** Last route: no route took the request. 405 (with Allow) when the path exists for other methods, else 404. */
    void noRoute(RoutingContext ctx) {
        Set<String> allowed = allowedMethods(ctx.normalizedPath());
        if (allowed.isEmpty()) {
            send(ctx, 404, "no such API path: " + ctx.normalizedPath());
        } else {
            ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
            send(ctx, 405, ctx.request().method() + " is not allowed here; allowed: " + String.join(", ", allowed));
        }
    }

    private Set<String> allowedMethods(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()
                && matches(route.getPath(), path)) {
                route.methods().stream().map(HttpMethod::name).forEach(methods::add);
            }
        }
        return methods;
    }

    /** A Vert.x path template ({@code /api/devices/:sn/users}) against a request path. */
    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean variable = t[i].startsWith(":") || t[i].startsWith("{");
            if (variable ? p[i].isEmpty() : !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    static void unauthorized(RoutingContext ctx, String error) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"doorface\"");
        send(ctx, 401, error);
    }

    static void send(RoutingContext ctx, int status, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        json(ctx, status, body);
    }

    static void json(RoutingContext ctx, int status, Map<String, ?> body) {
        if (ctx.response().ended()) {
            return;
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"status\":500,\"error\":\"internal error\"}";
            status = 500;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(text);
    }
}
