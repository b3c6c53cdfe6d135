package dev.doorface.camel.springboot;

import java.util.Set;
import java.util.stream.Collectors;

import dev.doorface.camel.cluster.GatewayCluster;
import dev.doorface.camel.queue.CommandStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Lets an object option of {@code camel.component.doorface.*} name a bean, as Camel's own property syntax does:
 * {@code #name} or {@code #bean:name}. Any other text fails the binding, so the application does not start with an
 * option it cannot honour.
 */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesBinding
public class DoorfaceBeanReferenceConverter implements GenericConverter {

    private static final Set<Class<?>> BEAN_OPTION_TYPES = Set.of(CommandStore.class, GatewayCluster.class, Vertx.class, VertxOptions.class);

    private final ApplicationContext applicationContext;

    public DoorfaceBeanReferenceConverter(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return BEAN_OPTION_TYPES.stream().map(type -> new ConvertiblePair(String.class, type))
                .collect(Collectors.toSet());
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String reference = source.toString();
        if (!reference.startsWith("#")) {
            throw new IllegalArgumentException("A " + targetType.getType().getName()
                                               + " option names a bean: #name or #bean:name, not " + reference);
        }
        String name = reference.startsWith("#bean:") ? reference.substring("#bean:".length()) : reference.substring(1);
        return applicationContext.getBean(name, targetType.getType());
    }
}
