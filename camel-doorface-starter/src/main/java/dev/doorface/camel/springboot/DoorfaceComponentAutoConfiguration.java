package dev.doorface.camel.springboot;

import java.util.Map;

import dev.doorface.camel.DoorfaceComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the doorface component from {@code camel.component.doorface.*} when Camel's Spring Boot auto-configuration
 * runs, unless {@code camel.component.enabled} or {@code camel.component.doorface.enabled} is false. Camel applies the
 * customizer when it creates the component, before any endpoint exists.
 */
@AutoConfiguration(after = { CamelAutoConfiguration.class, DoorfaceBeanReferenceConverter.class })
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.doorface" })
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, DoorfaceComponentConfiguration.class })
public class DoorfaceComponentAutoConfiguration {

    /** Settings of this auto-configuration itself, not options of the component. */
    private static final String[] NOT_COMPONENT_OPTIONS = { "enabled", "customizer" };

    @Lazy
    @Bean
    public ComponentCustomizer configureDoorfaceComponent(CamelContext camelContext,
            ApplicationContext applicationContext, DoorfaceComponentConfiguration configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                Map<String, Object> options = CamelPropertiesHelper.getNonNullProperties(camelContext, configuration);
                for (String key : NOT_COMPONENT_OPTIONS) {
                    options.remove(key);
                }
                CamelPropertiesHelper.setCamelProperties(camelContext, target, options, true);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof DoorfaceComponent
                       && HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                               "camel.component.customizer", "camel.component.doorface.customizer");
            }
        };
    }
}
