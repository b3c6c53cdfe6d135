package dev.doorface.simulator;

/**
 * A user as stored by a door terminal: the six user fields of the protocol (section 4.1).
 *
 * @param user   user name
 * @param userId employee number, the primary key
 * @param pwd    password
 * @param name   display name
 * @param role   "0" ordinary user, "1" administrator
 * @param img    base64 face photo used for matching
 */
public record SimUser(String user, String userId, String pwd, String name, String role, String img) {

    /** Masks {@code pwd} and {@code img}: a user may be logged, its secrets and photo never. */
    @Override
    public String toString() {
        return "SimUser[user=" + user + ", userId=" + userId + ", pwd=" + (pwd == null ? "null" : "***")
                + ", name=" + name + ", role=" + role
                + ", img=" + (img == null ? "null" : "<" + img.length() + " chars>") + "]";
    }
}
