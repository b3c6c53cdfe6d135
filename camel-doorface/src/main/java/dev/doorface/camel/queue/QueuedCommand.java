package dev.doorface.camel.queue;

/**
 * A command kept in a {@link CommandStore} until the terminal answers it.
 *
 * @param id            the command id, also the commandId it is sent with
 * @param sn            the terminal it is for
 * @param operation     the command name (addUser, deleteUser, ...)
 * @param userId        the user it concerns, when it names one (for events and listings)
 * @param contentId     the content it sends (shared by the commands of one broadcast), or null for none
 * @param state         where it stands
 * @param createdAt     when it was queued, epoch milliseconds
 * @param expiresAt     when it expires unless answered, epoch milliseconds (Long.MAX_VALUE: never)
 * @param attempts      how many times it was written to the terminal
 * @param answerCode    the code the terminal answered with, or null
 * @param answerMessage the terminal's message (or why it ended), or null
 */
public record QueuedCommand(String id, String sn, String operation, String userId, String contentId,
                            CommandState state, long createdAt, long expiresAt, int attempts, String answerCode,
                            String answerMessage) {

    /** A copy in another state, with the terminal's answer (or null). */
    public QueuedCommand with(CommandState newState, String code, String message) {
        return new QueuedCommand(id, sn, operation, userId, contentId, newState, createdAt, expiresAt, attempts, code,
                message);
    }

    /** A copy sent once more. */
    public QueuedCommand sentAgain() {
        return new QueuedCommand(id, sn, operation, userId, contentId, CommandState.SENT, createdAt, expiresAt,
                attempts + 1, answerCode, answerMessage);
    }
}
