package dev.doorface.camel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A terminal report: {@code {"code":"205|206|207","data":{...}}}, no commandId.
 *
 * @param code 205 registration, 206 heartbeat, 207 event
 * @param data its data object (never null; an empty object when absent)
 */
public record Report(String code, JsonNode data) implements InboundFrame {

    public static final String REGISTRATION = "205";
    public static final String HEARTBEAT = "206";
    public static final String EVENT = "207";
}
