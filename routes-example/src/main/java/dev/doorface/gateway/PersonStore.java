package dev.doorface.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.doorface.camel.DoorfaceConstants;
import dev.doorface.camel.DoorfaceOperation;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import org.apache.camel.Exchange;

/**
 * Keeps table {@code person}: who should be on the terminals, as HR last said through the calls on every terminal
 * (REST) and the HR file drop. Written before the change is sent, so it holds what HR wants even while terminals are
 * offline or refuse. The password is stored (a terminal cannot be given a user without one) and never logged.
 */
public final class PersonStore {

    public static final String BEAN = "personStore";

    /** The column sizes of table person (GatewayDatabase): a longer value is refused (400), never cut. */
    private static final Map<String, Integer> SIZES = Map.of("userId", 64, "user", 128, "pwd", 128, "name", 128,
            "role", 8);

    // standard SQL MERGE (H2 2.x and PostgreSQL 15+): an absent field (edit) keeps the stored value
    private static final String UPSERT = """
            MERGE INTO person p
            USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                           CAST(? AS VARCHAR), CAST(? AS VARCHAR)))
                  AS r (user_id, user_name, pwd, name, role, photo_path)
            ON p.user_id = r.user_id
            WHEN MATCHED THEN UPDATE SET user_name = COALESCE(r.user_name, p.user_name), pwd = COALESCE(r.pwd, p.pwd),
                                         name = COALESCE(r.name, p.name), role = COALESCE(r.role, p.role),
                                         photo_path = COALESCE(r.photo_path, p.photo_path),
                                         updated_at = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN INSERT (user_id, user_name, pwd, name, role, photo_path, updated_at)
                                  VALUES (r.user_id, r.user_name, r.pwd, r.name, r.role, r.photo_path,
                                          CURRENT_TIMESTAMP)""";

    private final DataSource dataSource;
    private final PhotoStore photos;

    PersonStore(DataSource dataSource, PhotoStore photos) {
        this.dataSource = dataSource;
        this.photos = photos;
    }

    /**
     * Records the change the exchange is about to send to every terminal: addUser and editUser upsert the person
     * (its photo to {@code persons/<userId>.jpg}), deleteUser removes it.
     */
    public void apply(Exchange exchange) throws SQLException, IOException {
        DoorfaceOperation operation = exchange.getMessage().getHeader(DoorfaceConstants.OPERATION,
                DoorfaceOperation.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> user = exchange.getMessage().getBody(Map.class);
        String userId = text(user, "userId");
        if (operation == null || user == null || userId == null) {
            return;
        }
        for (Map.Entry<String, Integer> size : SIZES.entrySet()) {
            String value = text(user, size.getKey());
            if (value != null && value.length() > size.getValue()) {
                throw new BadRequestException(size.getKey() + " is longer than " + size.getValue() + " characters");
            }
        }
        try (Connection c = dataSource.getConnection()) {
            if (operation == DoorfaceOperation.deleteUser) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM person WHERE user_id = ?")) {
                    ps.setString(1, userId);
                    ps.executeUpdate();
                }
                return;
            }
            if (operation != DoorfaceOperation.addUser && operation != DoorfaceOperation.editUser) {
                return;
            }
            String img = text(user, "img");
            String photoPath = img == null ? null : photos.personPhoto(userId, Images.decode(img));
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, userId);
                ps.setString(2, text(user, "user"));
                ps.setString(3, text(user, "pwd"));
                ps.setString(4, text(user, "name"));
                ps.setString(5, text(user, "role"));
                ps.setString(6, photoPath);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Who should be on every terminal, as the body of a reconcile: one {@link DoorUser} per row of table person, its
     * photo read from {@code persons/<userId>.jpg} as base64 (none when the file is missing: the terminal then keeps
     * the photo it has, and an add of that person fails and is reported). DoorUser's toString hides pwd and img.
     */
    public List<DoorUser> desiredUsers() throws SQLException, IOException {
        List<DoorUser> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, user_name, pwd, name, role, photo_path FROM person"
                                           + " ORDER BY user_id")) {
            while (rs.next()) {
                users.add(new DoorUser(rs.getString("user_name"), rs.getString("user_id"), rs.getString("pwd"),
                        rs.getString("name"), rs.getString("role"), photo(rs.getString("photo_path"))));
            }
        }
        return users;
    }

    private String photo(String relativePath) throws IOException {
        if (relativePath == null || relativePath.isBlank()) {
            return null;
        }
        Path file = photos.resolve(relativePath);
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String text(Map<String, Object> user, String field) {
        Object value = user == null ? null : user.get(field);
        return value instanceof String s ? s : null;
    }
}
