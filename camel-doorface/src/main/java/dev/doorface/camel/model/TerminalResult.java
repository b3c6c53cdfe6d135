package dev.doorface.camel.model;

/**
 * One terminal's outcome of a command sent to every terminal ({@code deviceSn=*}).
 *
 * @param sn      the terminal
 * @param ok      whether it succeeded
 * @param code    the code the terminal answered with, or null when it did not answer
 * @param message the terminal's error message, or why it failed (timeout, disconnected)
 * @param result  what a single-terminal command would have returned as body (null on failure)
 */
public record TerminalResult(String sn, boolean ok, String code, String message, Object result) {
}
