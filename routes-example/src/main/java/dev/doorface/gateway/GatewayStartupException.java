package dev.doorface.gateway;

/**
 * The gateway cannot start for a reason the person starting it can fix (a busy port, a data directory in use). Its
 * message is one line that says what is wrong and what to do; {@link GatewayApplication#main} prints only that line
 * and exits with status 1.
 */
public class GatewayStartupException extends RuntimeException {

    public GatewayStartupException(String message) {
        super(message);
    }

    /** The first GatewayStartupException in the cause chain of {@code e}, or null. */
    static GatewayStartupException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GatewayStartupException startup) {
                return startup;
            }
        }
        return null;
    }
}
