package dev.doorface.camel.model;

/**
 * A command of a reconcile that did not succeed.
 *
 * @param userId    the user it was for
 * @param operation addUser, editUser or deleteUser
 * @param code      the terminal's answer code, or null when it did not answer (disconnected, timed out, not sent)
 * @param reason    the terminal's message, or why the command was not sent or not answered
 */
public record ReconcileFailure(String userId, String operation, String code, String reason) {
}
