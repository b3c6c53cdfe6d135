package dev.doorface.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jdbc.JdbcConstants;
import org.apache.camel.model.dataformat.CsvDataFormat;

/**
 * The HR file drop: a CSV placed in {@code <data.dir>/hr-inbox} is applied row by row to every online terminal, and
 * queued for every known terminal that is offline (commands.whenOffline=queue). Each row's result per terminal is
 * stored in hr_result. A bad row is recorded and the next row goes on; the file then moves to
 * {@code hr-inbox/failed/}, or to {@code hr-inbox/done/} when every row succeeded or was queued everywhere.
 *
 * <p>A file is taken only once its writer has finished, never in pieces: it must not have changed for
 * {@code hr.quietPeriod} milliseconds (its modification time is that old), and with {@code hr.doneFiles=true} its
 * done marker {@code <name>.csv.done} must exist as well. Only names ending in .csv are read, so a file written
 * under another name and renamed when complete is always taken whole.
 *
 * <p>On a node of a cluster (cluster.bus) the consumer runs on one node at a time (Camel's {@code master:} on the
 * PostgreSQL lock of {@link ClusterSettings#lockService}): files dropped into that node's hr-inbox are taken; another
 * node's wait until it leads.
 */
public class HrImportRoutes extends RouteBuilder {

    @Override
    public void configure() {
        long quietPeriod = Long.parseLong(getContext().resolvePropertyPlaceholders("{{hr.quietPeriod}}").trim());
        if (quietPeriod < 1) {
            throw new IllegalArgumentException("hr.quietPeriod must be at least 1 millisecond, not " + quietPeriod);
        }
        boolean doneFiles = Boolean.parseBoolean(getContext().resolvePropertyPlaceholders("{{hr.doneFiles}}").trim());

        // a file with failed rows: recorded in hr_result and logged once, without a stack trace
        onException(HrImport.FileFailedException.class)
            .handled(false).logExhausted(false)
            .log(LoggingLevel.WARN, "${exception.message}; moved to hr-inbox/failed");

        String stamp = "${file:name.noext}-${date:now:yyyyMMdd-HHmmssSSS}.${file:name.ext}";
        // readLock=changed with a minimum age takes a file once its modification time is quietPeriod old; the
        // check gives up after two quiet periods (the writer goes on) and the next poll tries again
        // on a node of a cluster, one node at a time takes HR files (master:, a PostgreSQL lock): the one holding the
        // lock reads its own hr-inbox
        from(ClusterSettings.oneNodeAtATime(getContext(), "hr-file-drop",
                "file:{{data.dir}}/" + HrImport.INBOX + "?include=.*\\.(csv|CSV)&charset=UTF-8"
                + "&readLock=changed&readLockMinAge=" + quietPeriod
                + "&readLockCheckInterval=" + Math.min(1000, quietPeriod)
                + "&readLockTimeout=" + (2 * quietPeriod + 1000) + "&delay=1000"
                + (doneFiles ? "&doneFileName=${file:name}.done" : "")
                + "&move=done/" + stamp + "&moveFailed=failed/" + stamp))
            .routeId("hr-file-drop")
            // the operator page hears of every file taken, applied or failed
            .onCompletion().parallelProcessing().to(LiveRoutes.HR_IMPORT).end()
            .log("HR file ${header.CamelFileName} received")
            .doTry()
                .unmarshal(new CsvDataFormat())
            .doCatch(IOException.class, UncheckedIOException.class)
                // e.g. a quote that is never closed: the file cannot be read at all
                .bean("hrImport", "notCsv")
            .end()
            .bean("hrImport", "rows")
            .bean(HrImports.BEAN, "start")
            .doTry()
                .split(body())
                    .setProperty("hrRow", body())
                    .doTry()
                        .bean("hrImport", "toCommand")
                        .bean(PersonStore.BEAN, "apply")
                        .to(ApiRoutes.CHANGES)
                        .setBody(method("hrImport", "results(${exchangeProperty.hrRow}, ${body}, ${exchange})"))
                    .doCatch(Exception.class)
                        // logged there, one WARN line per row
                        .setBody(method("hrImport", "rowFailed(${exchangeProperty.hrRow}, ${exchange})"))
                    .end()
                    .split(body())
                        .setHeader(JdbcConstants.JDBC_PARAMETERS, body())
                        .setBody(constant("""
                                INSERT INTO hr_result (import_id, file_name, line, action, user_id, sn, ok, code,
                                                       message)
                                VALUES (:?importId, :?file, :?line, :?action, :?userId, :?sn, :?ok, :?code,
                                        :?message)"""))
                        .to(TerminalRoutes.JDBC)
                    .end()
                .endDoTry()
            .doFinally()
                // also when the import broke off: a file that failed is over as well
                .bean(HrImports.BEAN, "finish")
            .end()
            .setBody(method("hrImport", "finish"))
            .log("${body}");
    }
}
