package dev.doorface.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret a REST client presents as {@code Authorization: Bearer <token>}: the {@code api.token} setting, or else
 * the content of {@code data.dir/api-token}, generated on first start. The token itself is never logged or shown;
 * only where it is.
 */
public final class ApiToken {

    static final String FILE_NAME = "api-token";
    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    private static final int GENERATED_BYTES = 32;

    private final byte[] digest;
    private final byte[] secret;
    private final String source;

    private ApiToken(String token, String source) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the API token is empty (" + source + ")");
        }
        this.secret = token.getBytes(StandardCharsets.UTF_8);
        this.digest = sha256(secret);
        this.source = source;
    }

    /**
     * @param configured the {@code api.token} setting, blank when not set
     * @param dataDir    where {@code api-token} is read from or generated into when no token is configured
     */
    public static ApiToken resolve(String configured, Path dataDir) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return new ApiToken(configured.trim(), "the api.token setting");
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            generate(file);
        } else {
            warnIfOthersMayRead(file);
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        return new ApiToken(token, file.toString());
    }

    /** Where the token comes from, to tell the operator (never the token). */
    public String source() {
        return source;
    }

    /**
     * Whether a presented token is this one, in time that does not depend on where they differ: both are hashed
     * first, so even the length of the token is not revealed.
     */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    /** The key session cookies are signed with: derived from the token, so a new token ends every session. */
    byte[] sessionKey() {
        return sha256(("doorface-session:" + new String(secret, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void generate(Path file) throws IOException {
        byte[] random = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)) }
                : new FileAttribute<?>[0];
        try {
            // created with owner-only permissions from the start: never readable by others, not even briefly
            Files.createFile(file, ownerOnly);
        } catch (FileAlreadyExistsException e) {
            return; // another start won the race: use its token
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("Generated a REST API token into {}{}", file,
                posix ? " (readable by this user only)"
                        : " (restrict who may read it: the OS has no POSIX permissions)");
    }

    private static void warnIfOthersMayRead(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
            if (!permissions.isEmpty()) {
                LOG.warn("{} may be read by other users than its owner ({}): restrict it, e.g. chmod 600", file,
                        permissions);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[from " + source + "]";
    }
}
