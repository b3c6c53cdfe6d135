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
 * @param img    face photo as base64 JPEG (never logged); null in selectUser results of an endpoint with
 *               includePhotos=false
 * @param photoSha256 SHA-256 (lower-case hex) of the decoded photo bytes, so photos can be compared without holding
 *               them; computed from img when not given, null when there is no photo or it is not valid base64
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "user", "userId", "pwd", "name", "role", "img", "photoSha256" })
public record DoorUser(String user, String userId, String pwd, String name, String role, String img,
        String photoSha256) {

    public DoorUser {
        if (photoSha256 == null && img != null) {
            photoSha256 = Images.sha256(img);
        }
    }

    /** A user with its photo; the photo's hash is computed from it. */
    public DoorUser(String user, String userId, String pwd, String name, String role, String img) {
        this(user, userId, pwd, name, role, img, null);
    }

    /** The same user without its photo (the hash stays). */
    public DoorUser withoutPhoto() {
        return img == null ? this : new DoorUser(user, userId, pwd, name, role, null, photoSha256);
    }

    /** The face photo decoded, or {@code null} when absent or not valid base64. */
    @JsonIgnore
    public byte[] imageBytes() {
        return Images.decode(img);
    }

    @Override
    public String toString() {
        return "DoorUser[user=" + user + ", userId=" + userId + ", pwd=" + (pwd == null ? "null" : "***") + ", name="
               + name + ", role=" + role + ", img=" + Images.describe(img) + ", photoSha256=" + photoSha256 + "]";
    }
}
