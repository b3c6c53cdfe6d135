package dev.doorface.camel.gateway.admission;

/**
 * Decides whether a terminal that registers (205) may use the gateway. Set one as the endpoint option
 * {@code terminalAdmission=#beanName}. It runs after the built-in checks (token, allow-list) have admitted the
 * terminal and before MAC pinning; it is called on a worker thread (never the event loop), so it may look things up,
 * but a registration and that terminal's later reports wait for it. An exception or a null decision refuses.
 * <p>
 * Everything in the request is what the peer sent: sn, mac and ip are self-reported and can be forged; only the
 * remote address comes from the connection. The query string may carry a secret: do not log it.
 */
@FunctionalInterface
public interface TerminalAdmission {

    AdmissionDecision decide(AdmissionRequest request) throws Exception;
}
