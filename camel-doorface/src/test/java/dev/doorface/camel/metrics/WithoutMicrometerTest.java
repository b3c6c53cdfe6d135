package dev.doorface.camel.metrics;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is an optional dependency: the component must run where it is absent. Proven here by running a gateway
 * in a class loader holding this module's whole test class path except Micrometer's jars, and by checking that only
 * the guarded {@link MicrometerMeters} refers to Micrometer at all.
 */
class WithoutMicrometerTest {

    @Test
    void gatewayRunsAndCountsWithoutMicrometer() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath()) {
            if (!new File(entry).getName().startsWith("micrometer-")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        // the platform loader as parent: nothing of the application class path leaks in
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName(MetricsPublication.MICROMETER_CLASS, false, isolated))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> probe = Class.forName(NoMicrometerProbe.class.getName(), true, isolated);
            assertThat(probe.getClassLoader()).isSameAs(isolated);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(isolated);
            try {
                Object outcome = probe.getMethod("run", int.class).invoke(null, AvailablePortFinder.getNextAvailable());
                assertThat(outcome).isEqualTo("200 acknowledged=2 micrometer=false");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    @Test
    void guardedFactoryGivesNothingWithoutMicrometer() {
        ClassLoader hiding = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.micrometer.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        assertThat(MetricsPublication.micrometerBinding(hiding)).isNull();
        assertThat(MetricsPublication.micrometerBinding(getClass().getClassLoader())).isInstanceOf(MicrometerMeters.class);
    }

    @Test
    void onlyMicrometerMetersRefersToMicrometer() throws IOException {
        Path classes = Path.of(MetricsPublication.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> referring = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                // a class's constant pool names every class it links to, in internal form
                if (new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("io/micrometer/")) {
                    referring.add(classes.relativize(file).toString());
                }
            }
        }
        assertThat(referring).containsExactly("dev/doorface/camel/metrics/MicrometerMeters.class");
    }

    /** The test class path, read through surefire's manifest-only jar when it uses one. */
    private static List<String> classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && new File(entry).getName().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (listed != null) {
                        for (String url : listed.trim().split("\\s+")) {
                            entries.add(new File(java.net.URI.create(url)).getPath());
                        }
                    }
                }
            }
        }
        return entries;
    }
}
