package dev.doorface.camel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A terminal's answer to a server command: {@code {"code":..,"data"|"content":..,"commandId":..}}.
 *
 * @param commandId the id of the command answered
 * @param code      the answer code
 * @param payload   the {@code content} or {@code data} member, whichever is present (content preferred); may be a
 *                  missing node
 */
public record Answer(String commandId, String code, JsonNode payload) implements InboundFrame {
}
