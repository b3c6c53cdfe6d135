package dev.doorface.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.model.ReconcileFailure;
import dev.doorface.camel.model.ReconcileResult;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reconcile did, as the REST answer ({sn, added, edited, deleted, unchanged, failed: [...]}) and as the log
 * line of the scheduled route. Neither holds a password or a photo: a ReconcileResult carries only counts, user ids
 * and the terminal's messages.
 */
final class ReconcileSummary {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSummary.class);

    private ReconcileSummary() {
    }

    /** The body, a ReconcileResult, as the JSON answer of POST /api/devices/{sn}/reconcile. */
    static void json(Exchange exchange) {
        exchange.getMessage().setBody(map(exchange.getMessage().getBody(ReconcileResult.class)));
    }

    static Map<String, Object> map(ReconcileResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sn", r.sn());
        out.put("added", r.added());
        out.put("edited", r.edited());
        out.put("deleted", r.deleted());
        out.put("unchanged", r.unchanged());
        List<Map<String, Object>> failed = new ArrayList<>();
        for (ReconcileFailure f : r.failed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("userId", f.userId());
            m.put("operation", f.operation());
            m.put("code", f.code());
            m.put("reason", f.reason());
            failed.add(m);
        }
        out.put("failed", failed);
        return out;
    }

    /** One line per reconciled terminal: INFO, or WARN naming the first failures when something failed. */
    static void log(Exchange exchange) {
        ReconcileResult r = exchange.getMessage().getBody(ReconcileResult.class);
        String counts = "added " + r.added() + ", edited " + r.edited() + ", deleted " + r.deleted() + ", unchanged "
                        + r.unchanged() + ", failed " + r.failed().size();
        if (r.failed().isEmpty()) {
            LOG.info("Reconciled terminal {}: {}", r.sn(), counts);
            return;
        }
        StringBuilder first = new StringBuilder();
        for (ReconcileFailure f : r.failed().subList(0, Math.min(5, r.failed().size()))) {
            first.append(first.isEmpty() ? "" : "; ").append(f.operation()).append(' ')
                    .append(HrImport.fit(f.userId(), 80)).append(": ")
                    .append(f.code() == null ? "" : "code " + f.code() + ", ").append(HrImport.fit(f.reason(), 200));
        }
        LOG.warn("Reconciled terminal {}: {} ({}{})", r.sn(), counts, first, r.failed().size() > 5 ? "; ..." : "");
    }

    /** A terminal the round left alone this time (busy with another reconcile, or no longer connected). */
    static void skipped(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.info("Reconcile of terminal {} skipped until the next round: {}", sn(exchange),
                e == null ? "unknown" : HrImport.fit(e.getMessage(), 300));
    }

    /** A terminal whose users could not be read (timeout, error code, lost connection): nothing was sent to it. */
    static void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Reconcile of terminal {} failed, nothing sent: {}", sn(exchange),
                e == null ? "unknown" : HrImport.fit(e.getMessage(), 300));
    }

    private static String sn(Exchange exchange) {
        return exchange.getMessage().getHeader(DoorfaceConstants.DEVICE_SN, String.class);
    }
}
