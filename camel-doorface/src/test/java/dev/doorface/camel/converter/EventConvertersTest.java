package dev.doorface.camel.converter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.CommandResultEvent;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.HeartbeatEvent;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.TerminalDisconnected;
import dev.doorface.camel.model.TerminalEvent;
import dev.doorface.camel.model.TerminalRegistered;
import dev.doorface.camel.model.UserAddedEvent;
import dev.doorface.camel.protocol.FrameCodec;
import dev.doorface.camel.queue.CommandState;
import dev.doorface.simulator.SampleImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event record from a Map, JSON text and JSON bytes; what Jackson writes for a record converts back to it.
 */
class EventConvertersTest extends ConverterTestSupport {

    private static final String IMG = SampleImages.jpegBase64(4);

    @TempDir
    Path dir;

    private final TerminalEvent[] events = {
        new AccessEvent("T1", "ev-1", "1001", "0", IMG),
        new UserAddedEvent("T1", "ev-2", new DoorUser("lisi", "1001", PWD, "Li", "1", IMG)),
        new TerminalRegistered("T1", "10.0.0.5", "00:11:22:33:44:55", "0", "10.0.0.5:41234"),
        new HeartbeatEvent("T1", "2026-11-29 10:00:00"),
        new TerminalDisconnected("T1", "heartbeat expired"),
        new CommandResultEvent("T1", "42", "addUser", "1001", CommandState.FAILED, "500", "no face"),
    };

    @Test
    void everyRecordRoundTripsThroughJsonTextBytesAndMap() throws Exception {
        for (TerminalEvent event : events) {
            String json = FrameCodec.mapper().writeValueAsString(event);
            assertThat(convert(event.getClass(), json)).isEqualTo(event);
            assertThat(convert(event.getClass(), json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
            Map<?, ?> map = FrameCodec.mapper().readValue(json, Map.class);
            assertThat(convert(event.getClass(), map)).isEqualTo(event);
        }
    }

    @Test
    void protocolSpellingsAndTypedValues() throws Exception {
        // eventid as the protocol writes it; the snapshot from a file
        Path snapshot = Files.write(dir.resolve("snap.jpg"), SampleImages.jpeg(4));
        AccessEvent access = convert(AccessEvent.class,
                Map.of("sn", "T1", "eventid", "ev-1", "userId", 1001, "door", 0, "img", snapshot));
        assertThat(access).isEqualTo(new AccessEvent("T1", "ev-1", "1001", "0", IMG));

        DoorUser user = new DoorUser("lisi", "1001", PWD, "Li", "1", IMG);
        assertThat(convert(UserAddedEvent.class, Map.of("sn", "T1", "eventId", "ev-2", "user", user)).user())
                .isEqualTo(user);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sn", "T1");
        result.put("commandId", 42);
        result.put("state", "expired");
        assertThat(convert(CommandResultEvent.class, result).state()).isEqualTo(CommandState.EXPIRED);
        result.put("state", CommandState.CANCELLED);
        assertThat(convert(CommandResultEvent.class, result).state()).isEqualTo(CommandState.CANCELLED);
    }

    @Test
    void badEventsAreRefusedWithoutRepeatingSecrets() {
        assertThat(refused(HeartbeatEvent.class, Map.of("time", "x")))
                .isEqualTo("Cannot convert java.util.ImmutableCollections$Map1 to "
                           + "dev.doorface.camel.model.HeartbeatEvent: sn is missing");
        assertThat(refused(AccessEvent.class, "{\"sn\":\"T1\"}")).endsWith("eventId is missing");
        assertThat(refused(TerminalRegistered.class, Map.of("sn", "x".repeat(Fields.MAX_TEXT + 1))))
                .endsWith("sn is longer than 1024 characters");
        assertThat(refused(TerminalDisconnected.class, Map.of("sn", "T1\r\nFORGED"))).endsWith(
                "sn holds control characters");
        assertThat(refused(CommandResultEvent.class, Map.of("sn", "T1", "commandId", "1", "state", PWD)))
                .endsWith("state is not one of [QUEUED, SENT, SUCCEEDED, FAILED, EXPIRED, CANCELLED]");
        assertThat(refused(UserAddedEvent.class, Map.of("sn", "T1", "eventId", "e")))
                .endsWith("user is missing");
        assertThat(refused(UserAddedEvent.class, Map.of("sn", "T1", "eventId", "e", "user", PWD)))
                .endsWith("user is not an object but java.lang.String");
        // problems inside the nested user say where they are
        assertThat(refused(UserAddedEvent.class, "{\"sn\":\"T1\",\"eventId\":\"e\",\"user\":{\"pwd\":\"" + PWD
                                                 + "\",\"img\":\"" + IMG + "\"}}", IMG))
                .endsWith("user.userId is missing");
        assertThat(refused(AccessEvent.class, Map.of("sn", "T1", "eventId", "e", "img", "%%" + PWD), IMG))
                .endsWith("img: the photo is not base64");
        assertThat(Images.decode(IMG)).isNotNull();
    }
}
