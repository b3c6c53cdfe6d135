package dev.doorface.camel;

import java.util.BitSet;
import java.util.Collection;
import java.util.List;

import dev.doorface.camel.model.TerminalEvent;

/**
 * Reads the CamelDoorfaceFailedEvents header a batch's route set: which events of the batch it could not handle.
 */
final class FailedEvents {

    private FailedEvents() {
    }

    /**
     * @param  header the header's value: null, or a Collection of events of the batch or of their indexes
     * @return        the indexes of the failed events, or null when none failed
     * @throws IllegalArgumentException when the header names something that is not an event of the batch: the whole
     *                                  batch then fails, rather than an event being answered 200 by mistake
     */
    static BitSet of(Object header, List<TerminalEvent> batch) {
        if (header == null) {
            return null;
        }
        if (!(header instanceof Collection<?> items)) {
            throw new IllegalArgumentException(DoorfaceConstants.FAILED_EVENTS + " must be a Collection of events or"
                                               + " indexes, was a " + header.getClass().getName());
        }
        BitSet failed = new BitSet(batch.size());
        for (Object item : items) {
            failed.set(indexOf(item, batch));
        }
        return failed.isEmpty() ? null : failed;
    }

    private static int indexOf(Object item, List<TerminalEvent> batch) {
        if (item instanceof Number number) {
            int index = number.intValue();
            if (index < 0 || index >= batch.size() || number.doubleValue() != index) {
                throw new IllegalArgumentException(DoorfaceConstants.FAILED_EVENTS + " names index " + number
                                                   + " of a batch of " + batch.size() + " events");
            }
            return index;
        }
        if (item instanceof TerminalEvent event) {
            // by identity: two reports may be equal records (a terminal sending an event twice)
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) == event) {
                    return i;
                }
            }
            throw new IllegalArgumentException(DoorfaceConstants.FAILED_EVENTS + " names an event of "
                                               + event.sn() + " that is not in this batch");
        }
        throw new IllegalArgumentException(DoorfaceConstants.FAILED_EVENTS + " holds a "
                                           + (item == null ? "null" : item.getClass().getName())
                                           + ": only events of the batch or their indexes");
    }
}
