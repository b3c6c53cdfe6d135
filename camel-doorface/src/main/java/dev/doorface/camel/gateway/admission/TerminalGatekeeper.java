package dev.doorface.camel.gateway.admission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a gateway's {@link AdmissionSettings}: the token when a WebSocket is opened, then at registration the
 * allow-list, the custom hook and MAC pinning, in that order (a MAC is pinned only for a terminal every other check
 * admitted, so a refused peer cannot pin an sn to its own MAC). Refusals are logged at WARN, never with the token.
 */
public final class TerminalGatekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalGatekeeper.class);
    private static final int LOGGED_CHARS = 64;
    private static final int LOGGED_REASON_CHARS = 300;
    /** The decision when nothing is checked at registration: shared, as a completed future is never changed. */
    private static final CompletableFuture<AdmissionDecision> ADMITTED =
            CompletableFuture.completedFuture(AdmissionDecision.admit());

    private final AdmissionSettings settings;
    /** null when every sn may register */
    private final Set<String> allowedSerials;
    private final TerminalToken token;
    private final MacPins pins;

    /**
     * @throws IllegalArgumentException when the allowedSerialsFile cannot be read
     */
    public TerminalGatekeeper(AdmissionSettings settings) {
        this.settings = settings;
        this.allowedSerials = allowedSerials(settings);
        this.token = settings.token() == null ? null : new TerminalToken(settings.token());
        this.pins = settings.pinMac() ? new MacPins() : null;
    }

    /**
     * At the WebSocket handshake: whether the request carries the terminal token (always true when none is set).
     *
     * @param query the raw query string of the request, or null
     */
    public boolean admitsConnection(String query, String remoteAddress) {
        if (token == null || token.matches(query)) {
            return true;
        }
        LOG.warn("Refusing WebSocket from {}: {} terminal token", remoteAddress,
                TerminalToken.present(query) ? "wrong" : "missing");
        return false;
    }

    /**
     * At registration: the decision for this terminal. Completes at once unless a hook is set, which then runs on
     * the given executor. Never completes exceptionally: a failure refuses.
     */
    public CompletableFuture<AdmissionDecision> decide(AdmissionRequest request, Executor worker) {
        if (allowedSerials == null && settings.hook() == null && pins == null) {
            return ADMITTED; // the default: no stage built per registration
        }
        CompletableFuture<AdmissionDecision> decision;
        if (allowedSerials != null && !allowedSerials.contains(request.sn())) {
            decision = CompletableFuture.completedFuture(AdmissionDecision.refuse("sn not in allowedSerials"));
        } else if (settings.hook() == null) {
            decision = CompletableFuture.completedFuture(AdmissionDecision.admit());
        } else {
            try {
                decision = CompletableFuture.supplyAsync(() -> askHook(request), worker);
            } catch (RuntimeException e) {
                decision = CompletableFuture.completedFuture(
                        AdmissionDecision.refuse("admission hook could not run: " + e));
            }
        }
        return decision
                .exceptionally(e -> AdmissionDecision.refuse("admission not decided: " + e))
                .thenApply(d -> d.admitted() && pins != null ? pins.check(request.sn(), request.mac()) : d)
                .thenApply(d -> {
                    if (!d.admitted()) {
                        LOG.warn("Refusing registration of sn {} (mac {}, ip {}) from {}: {}",
                                printable(request.sn(), LOGGED_CHARS), printable(request.mac(), LOGGED_CHARS),
                                printable(request.ip(), LOGGED_CHARS), request.remoteAddress(),
                                printable(d.reason(), LOGGED_REASON_CHARS));
                    }
                    return d;
                });
    }

    private static Set<String> allowedSerials(AdmissionSettings settings) {
        if (settings.allowedSerialsFile() == null) {
            return settings.allowedSerials().isEmpty() ? null : settings.allowedSerials();
        }
        Set<String> serials = new HashSet<>(settings.allowedSerials());
        Path file = Path.of(settings.allowedSerialsFile());
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.strip().startsWith("#")) {
                    serials.addAll(AdmissionSettings.serials(line.replace("\uFEFF", "")));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("allowedSerialsFile " + file.toAbsolutePath() + " cannot be read: " + e,
                    e);
        }
        LOG.info("{} serial numbers may register (allowedSerials and {})", serials.size(), file.toAbsolutePath());
        return Set.copyOf(serials);
    }

    private AdmissionDecision askHook(AdmissionRequest request) {
        try {
            AdmissionDecision decision = settings.hook().decide(request);
            return decision != null ? decision : AdmissionDecision.refuse("admission hook returned no decision");
        } catch (Exception e) {
            return AdmissionDecision.refuse("admission hook failed: " + e);
        }
    }

    /** Peer-supplied text for a log line: bounded, on one line. */
    private static String printable(String text, int limit) {
        if (text == null) {
            return null;
        }
        String bounded = text.length() > limit ? text.substring(0, limit) + "..." : text;
        StringBuilder out = new StringBuilder(bounded.length());
        for (char c : bounded.toCharArray()) {
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
