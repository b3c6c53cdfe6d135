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
 * @param allowedSerials     serial numbers that may register
 * @param allowedSerialsFile a file listing more of them, read when the gateway starts; null for none. With neither
 *                           a list nor a file any sn is admitted; a file switches the list on even when it is empty
 * @param token          the value the connection URL's {@code token} query parameter must carry; null for none
 * @param pinMac         whether an sn is held to the MAC it first registered with (in memory, per gateway)
 * @param hook           a custom decision, or null
 */
public record AdmissionSettings(
        Set<String> allowedSerials, String allowedSerialsFile, String token, boolean pinMac, TerminalAdmission hook) {

    public AdmissionSettings {
        allowedSerials = allowedSerials == null ? Set.of() : Set.copyOf(allowedSerials);
        allowedSerialsFile = allowedSerialsFile == null || allowedSerialsFile.isBlank() ? null
                : allowedSerialsFile.trim();
        token = token == null || token.isEmpty() ? null : token;
    }

    /** Nothing checked: every terminal is admitted. */
    public static AdmissionSettings none() {
        return new AdmissionSettings(Set.of(), null, null, false, null);
    }

    /**
     * @param allowedSerials comma-separated serial numbers (blanks around them ignored); null or blank for none
     */
    public static AdmissionSettings of(
            String allowedSerials, String allowedSerialsFile, String token, boolean pinMac, TerminalAdmission hook) {
        return new AdmissionSettings(serials(allowedSerials), allowedSerialsFile, token, pinMac, hook);
    }

    /** The serial numbers in a comma-separated list, blanks around them ignored. */
    static Set<String> serials(String list) {
        return list == null ? Set.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
    }

    /** Names the settings that differ from other's, never showing a token. */
    public List<String> conflictsWith(AdmissionSettings other) {
        List<String> conflicts = new ArrayList<>();
        if (!allowedSerials.equals(other.allowedSerials)) {
            conflicts.add("allowedSerials " + allowedSerials + " vs " + other.allowedSerials);
        }
        if (!Objects.equals(allowedSerialsFile, other.allowedSerialsFile)) {
            conflicts.add("allowedSerialsFile " + allowedSerialsFile + " vs " + other.allowedSerialsFile);
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
        return "AdmissionSettings[allowedSerials=" + allowedSerials + ", allowedSerialsFile=" + allowedSerialsFile
               + ", token=" + (token == null ? "none" : "set")
               + ", pinMac=" + pinMac + ", hook=" + hook + "]";
    }
}
