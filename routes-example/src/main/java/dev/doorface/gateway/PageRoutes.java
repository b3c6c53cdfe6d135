package dev.doorface.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpMethod;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The operator's page: plain HTML, CSS and JavaScript from the jar ({@code page/} on the classpath), at {@code /} and
 * {@code /ui/<file>} on the REST API's server. The files need no token (they hold no data); the page asks for the
 * token once, trades it for the session cookie ({@code POST /api/login}) and from then on reads the API and the live
 * feed ({@link LiveRoutes}) with that cookie. Nothing is fetched from elsewhere: the Content-Security-Policy allows
 * this origin only.
 */
public class PageRoutes extends RouteBuilder {

    static final String UI = "/ui/";
    private static final String FOLDER = "page/";
    /** A file name of the page: no folders, no dots but the extension's. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                         + " connect-src 'self'; form-action 'none'; frame-ancestors 'none';"
                                         + " base-uri 'none'";

    /**
     * The files read once: they are part of the jar. Only files that exist are kept, so requests for made-up names
     * (any client may send them) cannot grow the map.
     */
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();

    /** Files of the page read and kept so far (tests). */
    static int filesKept() {
        return FILES.size();
    }

    /** Whether ApiGuard lets the request through without a token: a GET of the page or one of its files. */
    static boolean isPageFile(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
               && ("/".equals(path) || path != null && path.startsWith(UI));
    }

    @Override
    public void configure() {
        from("platform-http:/?httpMethodRestrict=GET,HEAD").routeId("page")
            .process(e -> respond(e, "index.html"));
        from("platform-http:/ui?matchOnUriPrefix=true&httpMethodRestrict=GET,HEAD").routeId("page-files")
            .process(PageRoutes::file);
    }

    private static void file(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String path = uri == null ? "" : uri.split("\\?", 2)[0];
        int ui = path.indexOf(UI);
        respond(exchange, ui < 0 ? "" : path.substring(ui + UI.length()));
    }

    private static void respond(Exchange exchange, String name) {
        Message in = exchange.getMessage();
        in.getHeaders().clear();
        byte[] body = NAME.matcher(name).matches() ? FILES.computeIfAbsent(name, PageRoutes::read) : null;
        if (body == null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody("{\"status\":404,\"error\":\"no such file of the page\"}");
            return;
        }
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        // no Cache-Control (platform-http filters it out) and no Last-Modified: browsers do not keep the files, so a
        // new jar's page is what they load
        in.setHeader("Content-Security-Policy", POLICY);
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Referrer-Policy", "no-referrer");
        in.setBody(body);
    }

    /** The file's bytes, or null (computeIfAbsent then stores nothing). */
    private static byte[] read(String name) {
        try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
