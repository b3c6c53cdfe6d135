package dev.doorface.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.model.CommandResult;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.Photo;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.TypeConversionException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route converts a Map (as a CSV or JDBC row gives it, the photo named by its file) to a DoorUser and adds it to a
 * simulated terminal.
 */
class TypeConverterRouteTest extends DoorfaceTestSupport {

    private static final String PWD = "route-s3cret";

    @TempDir
    Path dir;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:hr").convertBodyTo(DoorUser.class).to(gateway("operation=addUser&deviceSn=T1"));
                from("direct:compare").convertBodyTo(Photo.class).to(gateway("operation=compareUser&deviceSn=T1"));
                // no conversion: the producer takes the Map as it is
                from("direct:map").to(gateway("operation=addUser&deviceSn=T1"));
            }
        };
    }

    private static Map<String, Object> row(String userId, Object img) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("USER", "wang");
        row.put("USERID", userId);
        row.put("PWD", PWD);
        row.put("NAME", "Wang Wu");
        row.put("ROLE", 1);
        row.put("IMG", img);
        return row;
    }

    @Test
    void aMapWithAPhotoFileBecomesAUserOnTheTerminal() throws Exception {
        SimulatedTerminal terminal = connect("T1");
        byte[] jpeg = SampleImages.jpeg(21);
        Path photo = Files.write(dir.resolve("wang.jpg"), jpeg);

        Exchange added = template.request("direct:hr", e -> e.getMessage().setBody(row("3001", photo)));

        assertThat(added.getException()).isNull();
        assertThat(added.getMessage().getBody(CommandResult.class).code()).isEqualTo("200");
        assertThat(terminal.users().get("3001").name()).isEqualTo("Wang Wu");
        assertThat(terminal.users().get("3001").role()).isEqualTo("1");
        assertThat(terminal.users().get("3001").img()).isEqualTo(Images.encode(jpeg));

        // the same file as a Photo body: the terminal knows the face
        assertThat(template.requestBody("direct:compare", photo.toFile())).isEqualTo(true);
        assertThat(template.requestBody("direct:compare", SampleImages.jpeg(22))).isEqualTo(false);
    }

    @Test
    void aMapSentAsItIsHasItsPhotoFileOrBytesSentAsTheProtocolsBase64() throws Exception {
        SimulatedTerminal terminal = connect("T1");
        byte[] jpeg = SampleImages.jpeg(23);
        Path photo = Files.write(dir.resolve("li.jpg"), jpeg);

        template.requestBody("direct:map", Map.of("user", "li", "userId", "3003", "pwd", PWD, "name", "Li Si",
                "role", "0", "img", photo));
        template.requestBody("direct:map", Map.of("user", "li", "userId", "3004", "pwd", PWD, "name", "Li Si",
                "role", "0", "img", jpeg));

        // the photo itself, not the file's path
        assertThat(terminal.users().get("3003").img()).isEqualTo(Images.encode(jpeg));
        assertThat(terminal.users().get("3004").img()).isEqualTo(Images.encode(jpeg));

        // a file that is not there, or a value that is no photo, fails before anything is sent
        int sent = terminal.receivedCommands().size();
        Exchange missing = template.request("direct:map", e -> e.getMessage().setBody(Map.of("user", "x",
                "userId", "3005", "pwd", PWD, "name", "X", "role", "0", "img", dir.resolve("absent.jpg"))));
        assertThat(missing.getException()).isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("img:").hasMessageNotContaining(PWD);
        Exchange odd = template.request("direct:map", e -> e.getMessage().setBody(Map.of("user", "x",
                "userId", "3006", "pwd", PWD, "name", "X", "role", "0", "img", 42L)));
        assertThat(odd.getException()).isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("img must be base64 text, bytes, a File, a Path or an InputStream");
        assertThat(terminal.receivedCommands()).hasSize(sent);
    }

    @Test
    void aBadRowFailsTheExchangeAndSendsNothing() throws Exception {
        SimulatedTerminal terminal = connect("T1");

        Exchange failed = template.request("direct:hr", e -> e.getMessage().setBody(row("3002", "not a photo")));

        // convertBodyTo wraps the converter's refusal; neither message repeats the row
        assertThat(failed.getException()).isInstanceOf(InvalidPayloadException.class).hasMessageNotContaining(PWD)
                .cause().isInstanceOf(TypeConversionException.class).hasMessage(
                        "Cannot convert java.util.LinkedHashMap to dev.doorface.camel.model.DoorUser: "
                        + "img: the photo is not base64");
        assertThat(terminal.receivedCommands()).isEmpty();
    }
}
