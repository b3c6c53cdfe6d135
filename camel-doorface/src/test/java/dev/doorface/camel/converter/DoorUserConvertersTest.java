package dev.doorface.camel.converter;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;
import dev.doorface.camel.model.Photo;
import dev.doorface.camel.protocol.FrameCodec;
import dev.doorface.simulator.SampleImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DoorUser from a Map, JSON text and JSON bytes, with the photo in every form it may come in.
 */
class DoorUserConvertersTest extends ConverterTestSupport {

    private static final byte[] JPEG = SampleImages.jpeg(3);
    private static final String IMG = Images.encode(JPEG);

    @TempDir
    Path dir;

    private static Map<String, Object> row(Object img) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user", "lisi");
        row.put("userId", "1001");
        row.put("pwd", PWD);
        row.put("name", "李四");
        row.put("role", 0); // a number, as a JDBC row gives it
        row.put("img", img);
        return row;
    }

    private static void isLisi(DoorUser user) {
        assertThat(user).isEqualTo(new DoorUser("lisi", "1001", PWD, "李四", "0", IMG));
        assertThat(user.photoSha256()).isEqualTo(Images.sha256(JPEG));
    }

    @Test
    void fromMapWithThePhotoInEveryForm() throws Exception {
        Path file = Files.write(dir.resolve("face.jpg"), JPEG);
        for (Object img : List.of(IMG, "data:image/jpeg;base64," + IMG, JPEG, file, file.toFile(),
                new ByteArrayInputStream(JPEG), Photo.of(JPEG))) {
            isLisi(convert(DoorUser.class, row(img)));
        }
    }

    @Test
    void fromJsonTextAndBytes() throws Exception {
        String json = "{\"user\":\"lisi\",\"userId\":\"1001\",\"pwd\":\"" + PWD + "\",\"name\":\"李四\",\"role\":0,"
                      + "\"img\":\"" + IMG + "\",\"extra\":[1,2]}";
        isLisi(convert(DoorUser.class, json));
        isLisi(convert(DoorUser.class, json.getBytes(StandardCharsets.UTF_8)));
        // what Jackson writes for a DoorUser converts back to it
        DoorUser user = new DoorUser("lisi", "1001", PWD, "李四", "0", IMG);
        isLisi(convert(DoorUser.class, FrameCodec.mapper().writeValueAsString(user)));
    }

    @Test
    void namesIgnoreCaseAndOtherKeysAreIgnored() throws Exception {
        Map<String, Object> jdbcRow = new HashMap<>();
        jdbcRow.put("USERID", 1002L);
        jdbcRow.put("NAME", "Wang");
        jdbcRow.put("DEPARTMENT", "sales");
        DoorUser user = convert(DoorUser.class, jdbcRow);
        assertThat(user).isEqualTo(new DoorUser(null, "1002", null, "Wang", null, null));
    }

    @Test
    void withoutPhotoTheGivenHashIsKept() throws Exception {
        String sha = Images.sha256(JPEG);
        DoorUser user = convert(DoorUser.class, Map.of("userId", "1", "photoSha256", sha.toUpperCase()));
        assertThat(user.img()).isNull();
        assertThat(user.photoSha256()).isEqualTo(sha);
    }

    @Test
    void badInputIsRefusedWithoutRepeatingSecrets() {
        Map<String, Object> noId = row(IMG);
        noId.remove("userId");
        assertThat(refused(DoorUser.class, noId, IMG)).isEqualTo(
                "Cannot convert java.util.LinkedHashMap to dev.doorface.camel.model.DoorUser: userId is missing");

        assertThat(refused(DoorUser.class, row("not base64 " + PWD), IMG)).endsWith("img: the photo is not base64");
        assertThat(refused(DoorUser.class, row(List.of(1)), IMG))
                .endsWith("img: not a photo (base64 text, byte[], File, Path or InputStream) but "
                          + "java.util.ImmutableCollections$List12");
        assertThat(refused(DoorUser.class, row(dir.resolve("missing.jpg")), IMG))
                .contains("img: photo file ").endsWith("missing.jpg is not a regular file");

        Map<String, Object> nestedPwd = row(IMG);
        nestedPwd.put("pwd", Map.of("p", PWD));
        assertThat(refused(DoorUser.class, nestedPwd, IMG)).endsWith("pwd is not a text value but "
                                                                      + "java.util.ImmutableCollections$Map1");
        Map<String, Object> lineBreak = row(IMG);
        lineBreak.put("pwd", PWD + "\n");
        assertThat(refused(DoorUser.class, lineBreak, IMG)).endsWith("pwd holds control characters");
        Map<String, Object> twice = row(IMG);
        twice.put("PWD", PWD);
        assertThat(refused(DoorUser.class, twice, IMG))
                .endsWith("pwd is given more than once (names are matched ignoring case)");
        assertThat(refused(DoorUser.class, Map.of(1, PWD))).endsWith("a key is not a name but java.lang.Integer");
        assertThat(refused(DoorUser.class, Map.of("userId", "1", "photoSha256", PWD)))
                .endsWith("photoSha256 is not 64 hexadecimal digits");

        // JSON: Jackson's own messages quote the text, these do not
        assertThat(refused(DoorUser.class, "{\"userId\":\"1\",\"pwd\":\"" + PWD + "\" \"img\":\"" + IMG + "\"}", IMG))
                .endsWith("not valid JSON (line 1, column 35)");
        assertThat(refused(DoorUser.class, "{\"pwd\":" + PWD + "}")).contains("not valid JSON");
        assertThat(refused(DoorUser.class, "[\"" + PWD + "\"]")).endsWith("the JSON is not an object");
        assertThat(refused(DoorUser.class, "{\"userId\":\"1\"} {\"pwd\":\"" + PWD + "\"}"))
                .contains("not valid JSON");
        assertThat(refused(DoorUser.class, "{\"userId\":\"1\",\"pwd\":\"" + PWD + "\",\"img\":{\"x\":1}}"))
                .endsWith("img: not a photo (base64 text, byte[], File, Path or InputStream) but a JSON object");
        assertThat(refused(DoorUser.class, "[".repeat(100))).contains("nesting depth");
        assertThat(refused(DoorUser.class, "   ".getBytes(StandardCharsets.UTF_8))).endsWith("the JSON is empty");
    }
}
