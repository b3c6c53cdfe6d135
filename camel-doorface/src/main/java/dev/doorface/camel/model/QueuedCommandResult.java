package dev.doorface.camel.model;

import dev.doorface.camel.queue.CommandState;

/**
 * The body of a command that was stored for a terminal not connected (whenOffline=queue) instead of sent: its outcome
 * arrives later as a COMMAND_RESULT event, and listCommands shows where it stands.
 *
 * @param commandId the id of the stored command (also the commandId it will be sent with)
 * @param sn        the terminal it waits for
 * @param state     QUEUED
 */
public record QueuedCommandResult(String commandId, String sn, CommandState state) {
}
