package dev.doorface.camel.exception;

import org.apache.camel.TypeConversionException;

/**
 * A type converter of this component refused its input. Unlike Camel's own message, this one never repeats the value:
 * a Map or JSON text may hold a password or a photo. It names the field and what is wrong with it.
 */
public class DoorfaceTypeConversionException extends TypeConversionException {

    private final Class<?> fromType;
    private final String message;

    /**
     * @param fromType the type of the value refused
     * @param toType   the type asked for
     * @param problem  what is wrong, naming fields but never their values
     */
    public DoorfaceTypeConversionException(Class<?> fromType, Class<?> toType, String problem) {
        // Camel's constructor prints the value it is given: it gets the type, never the value
        super(fromType, toType, new IllegalArgumentException(problem));
        this.fromType = fromType;
        this.message = "Cannot convert " + (fromType == null ? "null" : fromType.getName()) + " to "
                       + toType.getName() + ": " + problem;
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public Class<?> getFromType() {
        return fromType;
    }

    /** Always null: the value is not kept, as it may hold a password or a photo. */
    @Override
    public Object getValue() {
        return null;
    }
}
