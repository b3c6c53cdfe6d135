package dev.doorface.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A user as a terminal stores it (protocol section 4.1).
 *
 * @param user   user name
 * @param userId employee number, the primary key
 * @param pwd    password (never logged)
 * @param name   display name
 * @param role   0 ordinary user, 1 administrator
 * @param img    face photo as base64 JPEG (never logged)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "user", "userId", "pwd", "name", "role", "img" })
public record DoorUser(String user, String userId, String pwd, String name, String role, String img) {

    /** The face photo decoded, or {@code null} when absent or not valid base64. */
    @JsonIgnore
    public byte[] imageBytes() {
        return Images.decode(img);
    }

    @Override
    public String toString() {
        return "DoorUser[user=" + user + ", userId=" + userId + ", pwd=" + (pwd == null ? "null" : "***") + ", name="
               + name + ", role=" + role + ", img=" + Images.describe(img) + "]";
    }
}
