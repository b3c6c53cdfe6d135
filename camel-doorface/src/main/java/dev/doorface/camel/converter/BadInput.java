package dev.doorface.camel.converter;

/**
 * Why an input cannot be converted, in words that name fields and never repeat their values.
 */
final class BadInput extends Exception {

    BadInput(String problem) {
        super(problem, null, false, false); // a refusal, not a bug: no stack trace to fill
    }
}
