package dev.doorface.camel.gateway.admission;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may connect to one gateway as a terminal. Every part is off when unset; all off admits every terminal, as the
 * vendor protocol (which defines no credentials) expects.
 *
 * @param allowedSerials serial numbers that may register; empty admits any
 * @param token          the value the connection URL's {@code token} query parameter must carry; null for none
 * @param pinMac         whether an sn is held to the MAC it first registered with (in memory, per gateway)
 * @param hook           a custom decision, or null
 */
public record AdmissionSettings(Set<String> allowedSerials, String token, boolean pinMac, TerminalAdmission hook) {

    public AdmissionSettings {
        allowedSerials = allowedSerials == null ? Set.of() : Set.copyOf(allowedSerials);
        token = token == null || token.isEmpty() ? null : token;
    }

    /** Nothing checked: every terminal is admitted. */
    public static AdmissionSettings none() {
        return new AdmissionSettings(Set.of(), null, false, null);
    }

    /**
     * @param allowedSerials comma-separated serial numbers (blanks around them ignored); null or blank for none
     */
    public static AdmissionSettings of(String allowedSerials, String token, boolean pinMac, TerminalAdmission hook) {
        Set<String> serials = allowedSerials == null ? Set.of()
                : Arrays.stream(allowedSerials.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
        return new AdmissionSettings(serials, token, pinMac, hook);
    }

    /** Names the settings that differ from other's, never showing a token. */
    public List<String> conflictsWith(AdmissionSettings other) {
        List<String> conflicts = new ArrayList<>();
        if (!allowedSerials.equals(other.allowedSerials)) {
            conflicts.add("allowedSerials " + allowedSerials + " vs " + other.allowedSerials);
        }
        if (!Objects.equals(token, other.token)) {
            conflicts.add("terminalToken (values not shown)");
        }
        if (pinMac != other.pinMac) {
            conflicts.add("pinMac " + pinMac + " vs " + other.pinMac);
        }
        if (hook != other.hook) {
            conflicts.add("terminalAdmission " + hook + " vs " + other.hook);
        }
        return conflicts;
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
        return "AdmissionSettings[allowedSerials=" + allowedSerials + ", token=" + (token == null ? "none" : "set")
               + ", pinMac=" + pinMac + ", hook=" + hook + "]";
    }
}
