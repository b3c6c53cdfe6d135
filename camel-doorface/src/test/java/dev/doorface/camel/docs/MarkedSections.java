package dev.doorface.camel.docs;

import java.util.Optional;

/**
 * The parts of a document between the comment lines {@code // NAME: START} and {@code // NAME: END}, as Camel's own
 * component pages mark their generated tables. Only the text between the markers is ever replaced.
 */
final class MarkedSections {

    private MarkedSections() {
    }

    static String start(String name) {
        return "// " + name + ": START";
    }

    static String end(String name) {
        return "// " + name + ": END";
    }

    /** The trimmed text between the markers, empty when a marker is missing or they are out of order. */
    static Optional<String> between(String document, String name) {
        int start = document.indexOf(start(name));
        int end = document.indexOf(end(name));
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        return Optional.of(document.substring(start + start(name).length(), end).trim());
    }

    /** The document with the text between the markers replaced by the content. */
    static String replace(String document, String name, String content) {
        int start = document.indexOf(start(name));
        int end = document.indexOf(end(name));
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the document has no markers '" + start(name) + "' ... '" + end(name)
                                               + "' in this order");
        }
        return document.substring(0, start) + start(name) + "\n" + content.trim() + "\n" + document.substring(end);
    }
}
