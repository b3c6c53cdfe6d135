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

    /**
     * A URL fit for a log: the value of every query parameter is replaced (a terminal's URL may carry a token as
     * {@code ?token=...}).
     */
    static String url(String url) {
        if (url == null) {
            return "null";
        }
        int question = url.indexOf('?');
        if (question < 0) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.substring(0, question + 1));
        String[] pairs = url.substring(question + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int equals = pairs[i].indexOf('=');
            out.append(i > 0 ? "&" : "").append(equals < 0 ? pairs[i] : pairs[i].substring(0, equals) + "=***");
        }
        return out.toString();
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
