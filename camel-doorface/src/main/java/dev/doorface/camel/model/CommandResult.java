package dev.doorface.camel.model;

/**
 * The answer to addUser, deleteUser or editUser.
 *
 * @param sn        the terminal that answered
 * @param commandId the commandId the command carried
 * @param code      the code it answered with (200)
 * @param data      the terminal's data text, usually empty
 */
public record CommandResult(String sn, String commandId, String code, String data) {
}
