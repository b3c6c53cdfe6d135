package dev.doorface.camel.converter;

import dev.doorface.camel.DoorfaceComponent;
import org.apache.camel.TypeConversionException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A real CamelContext with the doorface component: its converters come from the generated loader, found on the
 * classpath like any Camel component's.
 */
abstract class ConverterTestSupport extends CamelTestSupport {

    /** A password and a photo that no error message may ever repeat. */
    static final String PWD = "s3cret-Pa55";

    @BeforeEach
    void componentIsThere() {
        assertThat(context.getComponent("doorface")).isInstanceOf(DoorfaceComponent.class);
    }

    <T> T convert(Class<T> type, Object value) throws Exception {
        return context.getTypeConverter().mandatoryConvertTo(type, value);
    }

    /** Converts, expecting a refusal; checks it keeps secrets and returns its message. */
    String refused(Class<?> type, Object value, String... secrets) {
        TypeConversionException e = catchThrowableOfType(TypeConversionException.class, () -> convert(type, value));
        assertThat(e).as("a refusal").isNotNull();
        assertThat(e.getToType()).isEqualTo(type);
        assertThat(e.getValue()).isNull();
        assertThat(e.getMessage()).doesNotContain(PWD);
        assertThat(String.valueOf(e.getCause())).doesNotContain(PWD);
        for (String secret : secrets) {
            assertThat(e.getMessage()).doesNotContain(secret);
            assertThat(String.valueOf(e.getCause())).doesNotContain(secret);
        }
        return e.getMessage();
    }
}
