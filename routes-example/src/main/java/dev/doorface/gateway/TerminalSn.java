package dev.doorface.gateway;

import java.util.regex.Pattern;

/**
 * The {@code {sn}} of a REST path names exactly one terminal: letters, digits, {@code . _ -}, 1 to 64 characters,
 * starting with a letter or digit. Anything else is refused (400) before a command is built; in particular
 * {@code *}, which the doorface producer reads as "every terminal".
 */
final class TerminalSn {

    static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private TerminalSn() {
    }

    /** @return the sn when it names one terminal, else a {@link BadRequestException} */
    static String requireOne(String sn) {
        if (sn == null || !PATTERN.matcher(sn).matches()) {
            throw new BadRequestException("{sn} must name one terminal: 1 to 64 letters, digits, '.', '_' or '-',"
                                          + " starting with a letter or digit");
        }
        return sn;
    }
}
