package dev.doorface.camel.gateway.admission;

/**
 * The outcome of an admission check.
 *
 * @param admitted whether the terminal may register
 * @param reason   why it was refused, for the gateway's log (never sent to the terminal); null when admitted
 */
public record AdmissionDecision(boolean admitted, String reason) {

    private static final AdmissionDecision ADMIT = new AdmissionDecision(true, null);

    public static AdmissionDecision admit() {
        return ADMIT;
    }

    public static AdmissionDecision refuse(String reason) {
        return new AdmissionDecision(false, reason == null || reason.isBlank() ? "refused" : reason);
    }
}
