package dev.doorface.camel.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.protocol.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames of a broadcast share one copy of the content: each terminal's frame is its own small head and tail around
 * a view of the same memory, and reads as the very frame the codec writes as text.
 */
class SharedContentTest {

    private static final int TERMINALS = 200;

    @Test
    void framesOfABroadcastShareTheContentBytesAndReadAsTheTextFrame() throws Exception {
        byte[] photoBytes = new byte[300 * 1024];
        new Random(7).nextBytes(photoBytes);
        String photo = Images.encode(photoBytes); // 400 KB of base64, as a terminal's face photo
        ObjectNode content = FrameCodec.mapper().createObjectNode()
                .put("user", "ada").put("userId", "1001").put("pwd", "1").put("name", "Ada").put("role", "0")
                .put("img", photo);
        SharedContent shared = SharedContent.of(content);
        assertThat(shared.text()).isEqualTo(content.toString());

        List<OutboundCommand> commands = new ArrayList<>();
        for (int t = 0; t < TERMINALS; t++) {
            commands.add(new OutboundCommand(CommandIds.next(), "addUser", shared, 30_000));
        }
        Set<Long> contentAddresses = new HashSet<>();
        Set<String> commandIds = new HashSet<>();
        long ownBytes = 0;
        for (OutboundCommand command : commands) {
            ByteBuf frame = command.frame();
            // what goes on the wire: byte for byte the text frame of this commandId around this content
            String text = frame.toString(StandardCharsets.UTF_8);
            assertThat(text).isEqualTo(FrameCodec.command(command.commandId(), "addUser", content.toString()));
            JsonNode parsed = FrameCodec.mapper().readTree(text);
            assertThat(parsed.get("commandId").asText()).isEqualTo(command.commandId());
            assertThat(parsed.path("content").get("img").asText()).isEqualTo(photo);
            commandIds.add(parsed.get("commandId").asText());

            // how it is held: head, a view of the shared content, tail; all direct, so Netty writes it without a copy
            assertThat(frame).isInstanceOf(CompositeByteBuf.class);
            CompositeByteBuf parts = (CompositeByteBuf) frame;
            assertThat(parts.numComponents()).isEqualTo(3);
            assertThat(frame.isDirect()).isTrue();
            ByteBuf middle = parts.component(1);
            assertThat(middle.readableBytes()).isEqualTo(shared.length());
            assertThat(middle.hasMemoryAddress()).isTrue();
            contentAddresses.add(middle.memoryAddress() + middle.readerIndex());
            ownBytes += parts.component(0).readableBytes() + parts.component(2).readableBytes();
        }
        assertThat(commandIds).hasSize(TERMINALS);
        // one photo in memory for 200 terminals, plus under a hundred bytes each of their own
        assertThat(contentAddresses).hasSize(1);
        assertThat(ownBytes).isLessThan(TERMINALS * 100L);
    }

    @Test
    void aCommandWithoutContentHasNone() {
        OutboundCommand command = new OutboundCommand("42", "selectUser", null, 1000);
        assertThat(command.frame().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"commandId\":\"42\",\"command\":\"selectUser\"}")
                .isEqualTo(FrameCodec.command("42", "selectUser", (String) null));
    }

    @Test
    void eachWriteGetsItsOwnIndices() {
        OutboundCommand command = new OutboundCommand("7", "addUser", SharedContent.of("{\"userId\":\"1\"}"), 1000);
        ByteBuf first = command.frame();
        first.skipBytes(first.readableBytes());
        assertThat(command.frame().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"commandId\":\"7\",\"command\":\"addUser\",\"content\":{\"userId\":\"1\"}}");
    }

    @Test
    void aLongBase64PhotoIsWrittenAsItIsAndReadsAsTheSameContent() throws Exception {
        byte[] photoBytes = new byte[30 * 1024];
        new Random(11).nextBytes(photoBytes);
        ObjectNode content = FrameCodec.mapper().createObjectNode()
                .put("img", Images.encode(photoBytes)).put("userId", "1001").put("name", "Ada \"the\" first\n");
        SharedContent shared = SharedContent.of(content);
        // the photo goes last, the rest as Jackson writes it (quotes and line breaks escaped)
        assertThat(FrameCodec.mapper().readTree(shared.text())).isEqualTo(content);
        assertThat(shared.text()).endsWith("\"}").contains("\\\"the\\\" first\\n");

        ObjectNode photoOnly = FrameCodec.mapper().createObjectNode().put("img", Images.encode(photoBytes));
        assertThat(FrameCodec.mapper().readTree(SharedContent.of(photoOnly).text())).isEqualTo(photoOnly);
    }

    @Test
    void aPhotoWithOtherCharactersIsLeftToJackson() {
        String withLineBreaks = "QUJD".repeat(400) + "\r\n" + "QUJD".repeat(400);
        ObjectNode content = FrameCodec.mapper().createObjectNode().put("img", withLineBreaks).put("userId", "1");
        assertThat(SharedContent.of(content).text()).isEqualTo(content.toString());
    }

    @Test
    void aPhotoWithACharacterJsonEscapesAnywhereIsLeftToJackson() {
        String base64 = Images.encode(new byte[1200]); // 1,600 characters
        // control characters, the quote, the backslash, '?' (what a character beyond Latin-1 becomes), non-ASCII
        List<Character> refused = new ArrayList<>(List.of('"', '\\', '?', '\u0080', '\u00e9', '\u00ff', '\u4e2d'));
        for (char c = 0; c < 0x20; c++) {
            refused.add(c);
        }
        for (char c : refused) {
            // at every place within an 8-byte word, and in the tail after the last whole word
            for (int at : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 800, 1595, 1599, 1600}) {
                String photo = base64.substring(0, at) + c + base64.substring(at);
                ObjectNode content = FrameCodec.mapper().createObjectNode().put("img", photo).put("userId", "1");
                // Jackson's own text keeps the fields' order: the photo was not written as it is
                assertThat(SharedContent.of(content).text()).as("char %04x at %d", (int) c, at)
                        .isEqualTo(content.toString());
            }
        }
    }

    @Test
    void printableAsciiThatNeedsNoEscapingIsWrittenAsItIs() throws Exception {
        StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c < 0x80; c++) {
            if (c != '"' && c != '\\' && c != '?') {
                printable.append(c);
            }
        }
        String photo = printable.toString().repeat(20);
        ObjectNode content = FrameCodec.mapper().createObjectNode().put("img", photo).put("userId", "1");
        String text = SharedContent.of(content).text();
        assertThat(text).endsWith(FrameCodec.mapper().writeValueAsString(photo) + "}"); // as it is, last
        assertThat(FrameCodec.mapper().readTree(text)).isEqualTo(content);
    }
}
