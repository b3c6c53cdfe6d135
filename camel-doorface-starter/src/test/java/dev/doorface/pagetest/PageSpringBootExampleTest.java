package dev.doorface.pagetest;

import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;
import javax.tools.ToolProvider;

import dev.doorface.camel.DoorfaceComponent;
import dev.doorface.camel.model.AccessEvent;
import dev.doorface.camel.model.TerminalResult;
import dev.doorface.camel.queue.JdbcCommandStore;
import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Boot example of the component's page (camel-doorface/src/main/docs/doorface-component.adoc) runs as
 * written: its properties listing is the application's properties and its two @Bean methods are compiled into a
 * configuration class. The test adds what the example leaves to the application (a DataSource, here H2 in memory, and a
 * route behind direct:access) and changes only the address: 127.0.0.1 and a free port instead of 0.0.0.0 and 9000.
 */
class PageSpringBootExampleTest {

    private static final Path PAGE = Path.of("../camel-doorface/src/main/docs/doorface-component.adoc");
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    /** What the application around the page's beans provides. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        DataSource dataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:page-example;DB_CLOSE_DELAY=-1");
            return h2;
        }

        @Bean
        List<AccessEvent> accessEvents() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        RouteBuilder accessRoute(List<AccessEvent> accessEvents) {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:access").process(e -> accessEvents.add(e.getMessage().getBody(AccessEvent.class)));
                }
            };
        }
    }

    @TempDir
    Path workDir;

    private ConfigurableApplicationContext app;
    private final List<SimulatedTerminal> terminals = new ArrayList<>();

    @AfterEach
    void stop() {
        terminals.forEach(SimulatedTerminal::close);
        if (app != null) {
            app.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSpringBootExampleOfThePageRuns() throws Exception {
        String section = section("=== Spring Boot");
        Properties properties = new Properties();
        properties.load(new StringReader(listing(section, "properties")));
        int port = AvailablePortFinder.getNextAvailable();
        properties.setProperty("doorface.port", Integer.toString(port));
        Map<String, Object> props = new HashMap<>();
        properties.forEach((k, v) -> props.put((String) k, v));
        URLClassLoader loader = compileConfiguration(listing(section, "java").replace("0.0.0.0", "127.0.0.1"));
        try (loader) {
            app = new SpringApplicationBuilder(Application.class, loader.loadClass("PageConfiguration"))
                    .resourceLoader(new DefaultResourceLoader(loader)).properties(props).run();

            CamelContext camel = app.getBean(CamelContext.class);
            DoorfaceComponent component = camel.getComponent("doorface", DoorfaceComponent.class);
            assertThat(component.getCommandStore()).isInstanceOf(JdbcCommandStore.class)
                    .isSameAs(app.getBean("jdbcCommandStore"));
            assertThat(component.isLazyStartProducer()).isTrue();

            SimulatedTerminal terminal = connect(port, "PAGE-SB");
            assertThat(terminal.heartbeatIntervalSeconds()).isEqualTo(30);
            assertThat(terminal.sendAccessEvent("ev-1", "u-7", "0", SampleImages.jpeg(2))
                    .get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo("200");
            List<AccessEvent> events = app.getBean("accessEvents", List.class);
            await().atMost(PROMPTLY).until(() -> !events.isEmpty());
            assertThat(events.get(0).eventId()).isEqualTo("ev-1");

            ProducerTemplate template = app.getBean(ProducerTemplate.class);
            List<TerminalResult> online = template.requestBody("direct:enrol", employee("4001"), List.class);
            assertThat(online).singleElement().satisfies(r -> assertThat(r.ok()).as(r.toString()).isTrue());
            assertThat(terminal.users()).containsKey("4001");

            // whenOffline=queue with the JDBC store the component property named: kept in the database
            terminal.close();
            await().atMost(PROMPTLY).until(() -> component.getGateway("127.0.0.1", port).registeredTerminals() == 0);
            List<TerminalResult> offline = template.requestBody("direct:enrol", employee("4002"), List.class);
            assertThat(offline).singleElement().satisfies(r -> assertThat(r.message()).isEqualTo("queued"));
            assertThat(queuedInDatabase(app.getBean(DataSource.class), "PAGE-SB")).isEqualTo(1);
        }
    }

    private SimulatedTerminal connect(int port, String sn) throws Exception {
        SimulatedTerminal terminal = SimulatedTerminal.builder("ws://127.0.0.1:" + port + "/door").sn(sn).build();
        terminals.add(terminal);
        terminal.connect().get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
        return terminal;
    }

    private static Map<String, Object> employee(String userId) {
        return Map.of("user", "ada", "userId", userId, "pwd", "1234", "name", "Ada", "role", "0",
                "img", SampleImages.jpegBase64(3));
    }

    private static int queuedInDatabase(DataSource dataSource, String sn) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM doorface_command WHERE sn = '" + sn
                                           + "' AND state = 'QUEUED'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The page from the section title to the next section of the same level. */
    private static String section(String title) throws Exception {
        String page = Files.readString(PAGE);
        int start = page.indexOf("\n" + title + "\n");
        assertThat(start).as("the page has a section " + title).isPositive();
        int end = page.indexOf("\n=== ", start + title.length() + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private static String listing(String section, String language) {
        String start = "[source," + language + "]\n----\n";
        int from = section.indexOf(start);
        assertThat(from).as("a " + language + " listing").isNotNegative();
        from += start.length();
        return section.substring(from, section.indexOf("\n----\n", from) + 1);
    }

    /** The page's @Bean methods in a configuration class, with the imports the page leaves out. */
    private URLClassLoader compileConfiguration(String beans) throws Exception {
        String source = """
                import javax.sql.DataSource;
                import dev.doorface.camel.queue.JdbcCommandStore;
                import org.apache.camel.builder.RouteBuilder;
                import org.springframework.context.annotation.Bean;
                import org.springframework.context.annotation.Configuration;

                @Configuration(proxyBeanMethods = false)
                public class PageConfiguration {
                %s
                }
                """.formatted(beans);
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        Path file = Files.writeString(workDir.resolve("PageConfiguration.java"), source);
        // surefire runs tests from a manifest-only jar: the real class path is in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-classpath", classPath, "-d", classes.toString(), file.toString());
        assertThat(status).as("the page's Spring Boot listing compiles").isZero();
        return new URLClassLoader(new URL[] { classes.toUri().toURL() }, getClass().getClassLoader());
    }
}
