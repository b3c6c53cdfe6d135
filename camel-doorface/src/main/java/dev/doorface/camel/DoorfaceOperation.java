package dev.doorface.camel;

/**
 * The commands a server can send to a terminal. The enum constant names are the wire names.
 */
public enum DoorfaceOperation {
    /** Adds a user; all six user fields are required. Answer: code 200. */
    addUser,
    /** Deletes a user by userId. Answer: code 200. */
    deleteUser,
    /** Changes a user, found by userId. Answer: code 200. */
    editUser,
    /** Lists the users matching userId and/or name, or every user when neither is given. Answer: code 203. */
    selectUser,
    /** Asks whether a face (img) is in the terminal's library. Answer: code 204. */
    compareUser,
    /** Fetches a reported event by eventid. Answer: code 208. */
    queryEvent
}
