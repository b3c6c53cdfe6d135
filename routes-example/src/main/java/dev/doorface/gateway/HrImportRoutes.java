package dev.doorface.gateway;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jdbc.JdbcConstants;

/**
 * The HR file drop: a CSV placed in {@code <data.dir>/hr-inbox} is applied row by row to every online terminal. Each
 * row's result per terminal is stored in hr_result. A bad row is recorded and the next row goes on; the file then
 * moves to {@code hr-inbox/failed/}, or to {@code hr-inbox/done/} when every row succeeded everywhere.
 */
public class HrImportRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // a file with failed rows: recorded in hr_result and logged once, without a stack trace
        onException(HrImport.FileFailedException.class)
            .handled(false).logExhausted(false)
            .log(LoggingLevel.WARN, "${exception.message}; moved to hr-inbox/failed");

        String stamp = "${file:name.noext}-${date:now:yyyyMMdd-HHmmssSSS}.${file:name.ext}";
        from("file:{{data.dir}}/" + HrImport.INBOX + "?include=.*\\.(csv|CSV)"
             + "&readLock=changed&readLockCheckInterval=300&readLockMinAge=300&delay=500"
             + "&move=done/" + stamp + "&moveFailed=failed/" + stamp)
            .routeId("hr-file-drop")
            .log("HR file ${header.CamelFileName} received")
            .unmarshal().csv()
            .bean("hrImport", "rows")
            .split(body())
                .setProperty("hrRow", body())
                .doTry()
                    .bean("hrImport", "toCommand")
                    .to(ApiRoutes.TERMINALS)
                    .setBody(method("hrImport", "results(${exchangeProperty.hrRow}, ${body}, ${exchange})"))
                .doCatch(Exception.class)
                    .setBody(method("hrImport", "rowFailed(${exchangeProperty.hrRow}, ${exchange})"))
                    .log(LoggingLevel.WARN, "HR file ${header.CamelFileName} ${exchangeProperty.hrRow} failed:"
                                            + " ${exception.message}")
                .end()
                .split(body())
                    .setHeader(JdbcConstants.JDBC_PARAMETERS, body())
                    .setBody(constant("""
                            INSERT INTO hr_result (file_name, line, action, user_id, sn, ok, code, message)
                            VALUES (:?file, :?line, :?action, :?userId, :?sn, :?ok, :?code, :?message)"""))
                    .to(TerminalRoutes.JDBC)
                .end()
            .end()
            .setBody(method("hrImport", "finish"))
            .log("${body}");
    }
}
