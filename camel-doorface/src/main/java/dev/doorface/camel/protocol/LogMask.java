package dev.doorface.camel.protocol;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Makes terminal text safe to log: the values of {@code pwd} and {@code img} are masked whatever their form, control
 * characters are escaped (one frame, one log line) and long text is cut.
 *
 * <p>Text that parses as JSON, read as leniently as Jackson allows (single quotes, unquoted keys, comments), is
 * masked on its tree: every member named pwd or img, any case, whatever its value (string, number, object, array).
 * Everything else (not JSON, a cut excerpt) and the strings inside a tree (JSON carried in a string) go through a
 * conservative scan that masks whatever follows a pwd/img key and a colon up to the end of that value.
 */
public final class LogMask {

    static final int MAX_LOGGED = 400;
    static final String MASK = "***";
    /** Longer text is not parsed: only its head is logged, and that head is scanned. */
    private static final int PARSE_LIMIT = 64 * 1024;
    private static final int SCAN_LIMIT = MAX_LOGGED * 4;

    private static final ObjectMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(FrameCodec.MAX_NESTING).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_MISSING_VALUES,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private LogMask() {
    }

    /** Terminal text (a frame, an excerpt, a value or message of a terminal) made fit for a log line. */
    public static String frame(String text) {
        if (text == null) {
            return "null";
        }
        if (text.isEmpty()) {
            return text; // a terminal's usual "data":"" of a success, read for every command's result
        }
        String masked = text.length() <= PARSE_LIMIT ? maskedTree(text) : null;
        boolean cut = false;
        if (masked == null) {
            // masking a 20 MB frame only to log 400 characters of it is wasted work: scan the head only
            cut = text.length() > SCAN_LIMIT;
            masked = cut ? text.substring(0, SCAN_LIMIT) : text;
        }
        masked = escapeControls(SecretScan.mask(masked));
        if (masked.length() > MAX_LOGGED) {
            masked = masked.substring(0, MAX_LOGGED);
            cut = true;
        }
        return cut ? masked + "...(" + text.length() + " chars)" : masked;
    }

    /** The text as JSON with its secrets masked, or null when it is not JSON even leniently read. */
    private static String maskedTree(String text) {
        JsonNode tree;
        try {
            tree = LENIENT.readTree(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (tree == null || tree.isMissingNode()) {
            return null;
        }
        return mask(tree).toString();
    }

    private static JsonNode mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretName(field.getKey())) {
                    field.setValue(TextNode.valueOf(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(LogMask::mask);
        }
        return node;
    }

    /** pwd or img (or password, passwd) in any case, ignoring anything but letters (" pwd", "PWD", "img:"). */
    static boolean isSecretName(String name) {
        StringBuilder letters = new StringBuilder(8);
        for (int i = 0; i < name.length() && letters.length() <= 8; i++) {
            char c = name.charAt(i);
            if (Character.isLetter(c)) {
                letters.append(c);
            }
        }
        String key = letters.toString().toLowerCase(Locale.ROOT);
        return key.equals("pwd") || key.equals("img") || key.equals("password") || key.equals("passwd");
    }

    /** CR, LF and other control characters escaped, so that terminal text cannot start a log line of its own. */
    static String escapeControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
