package dev.doorface.simulator;

import java.util.regex.Pattern;

/** Makes frame texts fit for a log: the values of {@code pwd} and {@code img} are replaced, long texts cut. */
final class LogMask {

    private static final Pattern QUOTED = Pattern.compile("(\"(?:pwd|img)\"\\s*:\\s*)\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"");
    private static final Pattern UNTERMINATED = Pattern.compile("(\"(?:pwd|img)\"\\s*:\\s*)\"[^\"]*$");
    private static final Pattern BARE = Pattern.compile("(\"(?:pwd|img)\"\\s*:\\s*)([^\\s\",}\\]]+)");
    private static final int MAX = 400;

    private LogMask() {
    }

    static String mask(String text) {
        if (text == null) {
            return "null";
        }
        String masked = QUOTED.matcher(text).replaceAll("$1\"***\"");
        masked = UNTERMINATED.matcher(masked).replaceAll("$1\"***");
        masked = BARE.matcher(masked).replaceAll("$1***");
        if (masked.length() > MAX) {
            masked = masked.substring(0, MAX) + "...(" + text.length() + " chars)";
        }
        return masked;
    }
}
