package dev.doorface.gateway;

/** The REST request cannot be used as it is (answered 400; nothing is sent to a terminal). */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
