package dev.doorface.camel.protocol;

import java.util.regex.Pattern;

/**
 * Makes frame text safe to log: passwords and photos are masked, long text is cut.
 */
public final class LogMask {

    private static final Pattern SECRET = Pattern.compile("(\"(?:pwd|img)\"\\s*:\\s*\")([^\"]*)(\")");
    private static final int MAX_LOGGED = 400;

    private LogMask() {
    }

    public static String frame(String text) {
        if (text == null) {
            return "null";
        }
        // cut first: masking a 20 MB frame only to log 400 characters of it is wasted work
        String head = text.length() > MAX_LOGGED * 4 ? text.substring(0, MAX_LOGGED * 4) : text;
        String masked = SECRET.matcher(head).replaceAll("$1***$3");
        // an unterminated secret at the cut point must not leak either
        masked = masked.replaceAll("(\"(?:pwd|img)\"\\s*:\\s*\")[^\"]*$", "$1***");
        boolean cut = head.length() < text.length();
        if (masked.length() > MAX_LOGGED) {
            masked = masked.substring(0, MAX_LOGGED);
            cut = true;
        }
        return cut ? masked + "...(" + text.length() + " chars)" : masked;
    }
}
