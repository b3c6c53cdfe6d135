package dev.doorface.camel.docs;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Code listings of the component's page, taken as they are written so that tests can run them: the listing of a
 * language after a section title, and a Java listing compiled against the test class path.
 */
final class PageExamples {

    static final Path PAGE = Path.of("src/main/docs/doorface-component.adoc");

    private static final Pattern PUBLIC_CLASS = Pattern.compile("public class (\\w+)");

    private PageExamples() {
    }

    /** The first {@code [source,language]} listing after the section titled exactly {@code title}. */
    static String listing(String title, String language) throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int section = page.indexOf("\n" + title + "\n");
        if (section < 0) {
            throw new IllegalArgumentException("no section '" + title + "' in " + PAGE);
        }
        String start = "[source," + language + "]\n----\n";
        int from = page.indexOf(start, section);
        if (from < 0) {
            throw new IllegalArgumentException("no " + language + " listing after '" + title + "' in " + PAGE);
        }
        from += start.length();
        return page.substring(from, page.indexOf("\n----\n", from) + 1);
    }

    /** Compiles a listing that declares one public class and loads that class. */
    static Class<?> compile(String source, Path workDir) throws Exception {
        Matcher name = PUBLIC_CLASS.matcher(source);
        if (!name.find()) {
            throw new IllegalArgumentException("the listing declares no public class");
        }
        Path sources = Files.createDirectories(workDir.resolve("src"));
        Path classes = Files.createDirectories(workDir.resolve("classes"));
        Path file = Files.writeString(sources.resolve(name.group(1) + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // surefire runs tests from a manifest-only jar: the real class path is in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int status = javac.run(null, null, null,
                List.of("-classpath", classPath, "-d", classes.toString(), file.toString()).toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("the page's " + name.group(1) + " listing does not compile (see above)");
        }
        URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
                PageExamples.class.getClassLoader());
        return loader.loadClass(name.group(1));
    }
}
