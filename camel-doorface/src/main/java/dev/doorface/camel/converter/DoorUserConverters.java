package dev.doorface.camel.converter;

import java.util.Map;

import dev.doorface.camel.model.DoorUser;
import org.apache.camel.Converter;

/**
 * {@link DoorUser} from a Map (a CSV or JDBC row), JSON text or JSON bytes, with the protocol's field names: user,
 * userId (required), pwd, name, role, img. img may be base64 text, or in a Map also a {@code byte[]}, {@code File},
 * {@code Path}, {@code InputStream} or {@link dev.doorface.camel.model.Photo}. Names are matched ignoring case; other
 * keys are ignored.
 */
@Converter(generateLoader = true)
public final class DoorUserConverters {

    private DoorUserConverters() {
    }

    @Converter
    public static DoorUser toDoorUser(Map<?, ?> map) {
        return Convert.fromMap(map, DoorUser.class, Records::user);
    }

    @Converter
    public static DoorUser toDoorUser(String json) {
        return Convert.fromJson(json, DoorUser.class, Records::user);
    }

    @Converter
    public static DoorUser toDoorUser(byte[] json) {
        return Convert.fromJson(json, DoorUser.class, Records::user);
    }
}
