package dev.doorface.gateway;

/** The REST request is answered with this status and message (e.g. 404 no such command, 409 no longer queued). */
public class ApiStatusException extends RuntimeException {

    private final int status;

    public ApiStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
