package dev.doorface.gateway;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and its chromedriver (Debian's packages chromium and chromium-driver), or null where they
 * are absent: Selenium is given both paths, so it downloads nothing.
 */
final class Browsers {

    private Browsers() {
    }

    static Path chromium() {
        return executable("chromium.binary", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser"));
    }

    static Path chromedriver() {
        return executable("chromedriver.binary", List.of("/usr/bin/chromedriver"));
    }

    /** A headless browser of the given size; the caller quits it. */
    static ChromeDriver headless(Path chromium, Path chromedriver, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--lang=en-GB", "--no-first-run",
                "--disable-background-networking", "--disable-component-update");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }

    static ChromeDriver headless(Path chromium, Path chromedriver) {
        return headless(chromium, chromedriver, 1280, 900);
    }

    private static Path executable(String property, List<String> candidates) {
        String configured = System.getProperty(property, "").trim();
        for (String candidate : configured.isEmpty() ? candidates : List.of(configured)) {
            File file = new File(candidate);
            if (file.isFile() && file.canExecute()) {
                return file.toPath();
            }
        }
        return null;
    }
}
