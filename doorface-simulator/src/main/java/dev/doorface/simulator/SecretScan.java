package dev.doorface.simulator;

/**
 * The conservative half of {@link LogMask}, for text that is not JSON: wherever a pwd/img key (quoted or not, any
 * case, escaped or not) is followed by a colon or an equals sign, the value after it is masked up to its end: the
 * closing quote of a string, the matching bracket of an object or array, otherwise the next delimiter; an
 * unterminated value is masked to the end of the text. A plain loop, not a regex: a regex with a repeated group
 * recurses per character and can overflow the stack on a long hostile frame.
 */
final class SecretScan {

    /** Longest first, so that "passwd" is not taken for a shorter key. */
    private static final String[] KEYS = {"password", "passwd", "pwd", "img"};
    /** What may stand between a key and its colon: closing quotes, escapes, spaces, closers of a key-as-array. */
    private static final String KEY_TAIL = "\"'\\ \t\r\n]})";
    private static final int KEY_TAIL_MAX = 16;
    /** Where a bare (unquoted) value ends. */
    private static final String BARE_END = ",;&}]\r\n";
    /** Letters of the keys; a backslash before one of them is dropped (no JSON escape uses them). */
    private static final String KEY_LETTERS = "pwdimgasorPWDIMGASOR";

    private SecretScan() {
    }

    static String mask(String text) {
        String s = normalise(text);
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int pos = 0;
        while (pos < s.length()) {
            int keyEnd = keyEnd(s, pos);
            int valueStart = keyEnd < 0 ? -1 : afterSeparator(s, keyEnd);
            if (valueStart < 0) {
                pos++;
                continue;
            }
            int v = valueStart;
            while (true) {
                v = skipSpaces(s, v);
                out.append(s, copied, v);
                int end = valueEnd(s, v);
                out.append(masked(s, v, end));
                copied = end;
                // "{"pwd":1}:"x"": what was masked was part of a key, so its value goes too
                int next = afterSeparator(s, end);
                if (next < 0 || next == end) {
                    break;
                }
                v = next;
            }
            pos = Math.max(copied, pos + 1);
        }
        out.append(s, copied, s.length());
        return out.toString();
    }

    /** The end of a key at pos, or -1. */
    private static int keyEnd(String s, int pos) {
        for (String key : KEYS) {
            if (s.regionMatches(true, pos, key, 0, key.length())) {
                return pos + key.length();
            }
        }
        return -1;
    }

    /** Where the value starts when a colon or equals sign follows (after key tail characters), or -1. */
    private static int afterSeparator(String s, int from) {
        for (int i = from; i < s.length() && i - from <= KEY_TAIL_MAX; i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '=') {
                return i + 1;
            }
            if (KEY_TAIL.indexOf(c) < 0) {
                return -1;
            }
        }
        return -1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end (exclusive) of the value starting at v. */
    private static int valueEnd(String s, int v) {
        if (v >= s.length()) {
            return v;
        }
        char c = s.charAt(v);
        if (c == '"' || c == '\'') {
            return quotedEnd(s, v + 1, c);
        }
        if (c == '\\' && v + 1 < s.length() && (s.charAt(v + 1) == '"' || s.charAt(v + 1) == '\'')) {
            return escapedQuotedEnd(s, v + 2, s.charAt(v + 1));
        }
        if (c == '{' || c == '[') {
            return bracketEnd(s, v);
        }
        int i = v;
        while (i < s.length() && BARE_END.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static int quotedEnd(String s, int i, char quote) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** A string inside a string (\"...\"): it ends at an escaped quote that a delimiter follows. */
    private static int escapedQuotedEnd(String s, int i, char quote) {
        String closing = "\\" + quote;
        while (true) {
            int k = s.indexOf(closing, i);
            if (k < 0) {
                return s.length();
            }
            int after = k + 2;
            if (after >= s.length() || ",}]\\ \t\r\n:".indexOf(s.charAt(after)) >= 0) {
                return after;
            }
            i = after;
        }
    }

    private static int bracketEnd(String s, int v) {
        int depth = 0;
        int i = v;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"' || c == '\'') {
                i = quotedEnd(s, i + 1, c);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    private static String masked(String s, int v, int end) {
        if (v >= end) {
            return "";
        }
        char c = s.charAt(v);
        if (c == '"' || c == '\'') {
            boolean closed = end - v >= 2 && s.charAt(end - 1) == c;
            return c + LogMask.MASK + (closed ? String.valueOf(c) : "");
        }
        if (c == '\\' && end - v >= 2 && (s.charAt(v + 1) == '"' || s.charAt(v + 1) == '\'')) {
            boolean closed = end - v >= 4 && s.charAt(end - 1) == s.charAt(v + 1) && s.charAt(end - 2) == '\\';
            return s.substring(v, v + 2) + LogMask.MASK + (closed ? s.substring(v, v + 2) : "");
        }
        return LogMask.MASK;
    }

    /**
     * Undoes the escapes a lenient reader would undo in a key: \u0070 for a printable ASCII character (quotes and
     * colons included, backslash excepted), and a backslash before a
     * letter of the keys (\p), so that an escaped key is found like a plain one.
     */
    private static String normalise(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == 'u' && i + 6 <= s.length()) {
                int code = hex(s, i + 2);
                if (code >= 0x20 && code < 0x7F && code != '\\') {
                    out.append((char) code);
                    i += 6;
                    continue;
                }
            }
            if (KEY_LETTERS.indexOf(next) >= 0) {
                out.append(next);
            } else {
                out.append(c).append(next);
            }
            i += 2;
        }
        return out.toString();
    }

    private static int hex(String s, int from) {
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
