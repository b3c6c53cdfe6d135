package dev.doorface.camel.model;

import dev.doorface.camel.queue.CommandState;

/**
 * The outcome of a queued command (whenOffline=queue): it succeeded, failed at the terminal, expired or was cancelled.
 *
 * @param sn            the terminal it was for
 * @param commandId     the id of the stored command
 * @param operation     the command (addUser, deleteUser, ...)
 * @param userId        the user it concerned, or null
 * @param state         SUCCEEDED, FAILED, EXPIRED or CANCELLED
 * @param answerCode    the code the terminal answered with, or null when it did not answer
 * @param answerMessage the terminal's message, or why the command ended
 */
public record CommandResultEvent(String sn, String commandId, String operation, String userId, CommandState state,
                                 String answerCode, String answerMessage) implements TerminalEvent {

    @Override
    public EventKind kind() {
        return EventKind.COMMAND_RESULT;
    }
}
