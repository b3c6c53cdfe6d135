package dev.doorface.camel.springboot;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.queue.CommandStore;
import dev.doorface.camel.queue.InMemoryCommandStore;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switches of the auto-configuration, on a Camel context without routes: each run starts a real Spring context
 * with Camel's and the starter's auto-configuration as an application would have them.
 */
class DoorfaceAutoConfigurationSwitchesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    DoorfaceBeanReferenceConverter.class, DoorfaceComponentAutoConfiguration.class))
            .withBean("doorCommands", CommandStore.class, InMemoryCommandStore::new);

    private static DoorfaceComponent doorface(org.springframework.context.ApplicationContext context) {
        return context.getBean(CamelContext.class).getComponent("doorface", DoorfaceComponent.class);
    }

    @Test
    void propertiesConfigureTheComponentByDefault() {
        runner.withPropertyValues("camel.component.doorface.lazy-start-producer=true",
                "camel.component.doorface.command-store=#bean:doorCommands")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(doorface(context).isLazyStartProducer()).isTrue();
                    assertThat(doorface(context).getCommandStore()).isSameAs(context.getBean("doorCommands"));
                });
    }

    @Test
    void enabledFalseLeavesTheComponentAsCamelCreatesIt() {
        runner.withPropertyValues("camel.component.doorface.enabled=false",
                "camel.component.doorface.lazy-start-producer=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(DoorfaceComponentAutoConfiguration.class);
                    assertThat(doorface(context).isLazyStartProducer()).isFalse();
                });
    }

    @Test
    void componentsDisabledAltogetherLeaveDoorfaceAlone() {
        runner.withPropertyValues("camel.component.enabled=false",
                "camel.component.doorface.lazy-start-producer=true")
                .run(context -> assertThat(doorface(context).isLazyStartProducer()).isFalse());
    }

    @Test
    void customizerDisabledLeavesTheComponentAlone() {
        runner.withPropertyValues("camel.component.doorface.customizer.enabled=false",
                "camel.component.doorface.lazy-start-producer=true")
                .run(context -> assertThat(doorface(context).isLazyStartProducer()).isFalse());
    }

    @Test
    void anObjectOptionThatNamesNoBeanStopsTheApplication() {
        runner.withPropertyValues("camel.component.doorface.command-store=doorCommands")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().hasStackTraceContaining("names a bean: #name or #bean:name"));
    }
}
