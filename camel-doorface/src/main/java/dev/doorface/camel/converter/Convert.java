package dev.doorface.camel.converter;

import java.util.Map;

import dev.doorface.camel.exception.DoorfaceTypeConversionException;

/**
 * Runs a conversion and turns its refusal into Camel's TypeConversionException (without the value).
 */
final class Convert {

    /** Builds a T from fields. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Fields fields) throws BadInput;
    }

    /** Makes a T from a value. */
    @FunctionalInterface
    interface Step<T> {
        T apply() throws BadInput;
    }

    private Convert() {
    }

    static <T> T fromMap(Map<?, ?> map, Class<T> type, Reader<T> reader) {
        return run(map, type, () -> reader.read(Fields.of(map, "")));
    }

    static <T> T fromJson(String json, Class<T> type, Reader<T> reader) {
        return run(json, type, () -> reader.read(Fields.of(JsonInput.parse(json), "")));
    }

    static <T> T fromJson(byte[] json, Class<T> type, Reader<T> reader) {
        return run(json, type, () -> reader.read(Fields.of(JsonInput.parse(json), "")));
    }

    static <T> T run(Object value, Class<T> type, Step<T> step) {
        try {
            return step.apply();
        } catch (BadInput e) {
            throw new DoorfaceTypeConversionException(value.getClass(), type, e.getMessage());
        }
    }
}
