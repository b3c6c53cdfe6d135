package dev.doorface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.doorface.simulator.SampleImages;
import dev.doorface.simulator.SimulatedTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The operator's page in a real browser: Debian's Chromium, headless, driven through its own chromedriver (Selenium,
 * nothing downloaded). One gateway and one simulated terminal; the steps build on each other, in order. Skipped
 * where Chromium or chromedriver is not installed ({@code apt-get install -y chromium chromium-driver}; .ci/run does
 * it); {@link LiveFeedTest} covers the feed itself without a browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorPageBrowserTest {

    static final String TOKEN = "browser-test-token-0123456789";
    static final String SN = "SIM-PAGE";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    TestGateway gateway;
    SimulatedTerminal sim;
    ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        Path chromium = Browsers.chromium();
        Path chromedriver = Browsers.chromedriver();
        if (chromium == null || chromedriver == null) {
            return;
        }
        gateway = TestGateway.start(dataDir, Map.of("api.token", TOKEN));
        browser = Browsers.headless(chromium, chromedriver);
    }

    /** Each test is reported skipped, with the reason, where there is no browser to drive. */
    @BeforeEach
    void needsABrowser() {
        assumeTrue(browser != null, "browser test skipped: Chromium and chromedriver are not installed (Debian:"
                + " apt-get install -y chromium chromium-driver; elsewhere -Dchromium.binary=... -Dchromedriver.binary=...)");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (sim != null) {
            sim.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void logsInWithTheTokenAndSeesATerminalComeOnline() throws Exception {
        browser.get(base() + "/");
        await().atMost(WAIT).until(() -> browser.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("tabs")).isDisplayed());
        // the live feed is up before the terminal connects: what follows arrives through it, the page never reloads
        await().atMost(WAIT).until(() -> "live".equals(text("live-text")));

        sim = SimulatedTerminal.builder(gateway.wsUrl()).sn(SN).build();
        sim.connect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).ignoreExceptions().until(() -> terminalRow().getText().contains("online"));
        assertThat(terminalRow().getText()).contains(SN).contains("127.0.0.1");

        // the token was used once: not kept by the page, and the cookie is out of the script's reach (HttpOnly)
        assertThat((String) script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"))
                .doesNotContain(TOKEN).doesNotContain(ApiSessionCookie.NAME);
    }

    @Test
    @Order(2)
    void seesTheAccessEventArriveWithItsSnapshot() throws Exception {
        assertThat(sim.sendAccessEvent("page-ev-1", "U-PAGE").get(10, TimeUnit.SECONDS)).isEqualTo("200");
        By item = By.cssSelector("#events li[data-event-id='page-ev-1']");
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(item).isDisplayed());
        WebElement thumb = browser.findElement(item).findElement(By.cssSelector("img.thumb"));
        await().atMost(WAIT).until(() -> loaded(thumb));
        assertThat(browser.findElement(item).getText()).contains("U-PAGE").contains(SN);

        thumb.click();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("photo")).isDisplayed());
        await().atMost(WAIT).until(() -> loaded(browser.findElement(By.id("photo-img"))));
        browser.findElement(By.id("photo-close")).click();
        await().atMost(WAIT).until(() -> !browser.findElement(By.id("photo")).isDisplayed());
    }

    @Test
    @Order(3)
    void filtersTheEventsByTerminalAndTime() {
        By item = By.cssSelector("#events li[data-event-id='page-ev-1']");
        script("document.getElementById('filter-from').value = '2099-01-01T00:00'");
        browser.findElement(By.cssSelector("#event-filter button[type=submit]")).click();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("events-empty")).isDisplayed());
        assertThat(browser.findElements(item)).isEmpty();

        browser.findElement(By.id("filter-clear")).click();
        new Select(browser.findElement(By.id("filter-sn"))).selectByValue(SN);
        script("document.getElementById('filter-to').value = '2099-01-01T00:00'");
        browser.findElement(By.cssSelector("#event-filter button[type=submit]")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(item).isDisplayed());

        browser.findElement(By.id("filter-clear")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(item).isDisplayed());
    }

    @Test
    @Order(4)
    void afterReconnectingReadsWhatItMissedFromTheApi() throws Exception {
        // the connection drops (as when the gateway restarts or the network fails) and, for this test, the page's
        // reconnecting is held back until the event is stored: then it can only come from the API
        script("window.heldConnect = connectLive; connectLive = function () {}; state.socket.close();");
        await().atMost(WAIT).until(() -> "reconnecting".equals(text("live-text")));
        assertThat(script("return connectLive !== window.heldConnect")).isEqualTo(true);
        assertThat(sim.sendAccessEvent("page-ev-missed", "U-MISSED").get(10, TimeUnit.SECONDS)).isEqualTo("200");
        By item = By.cssSelector("#events li[data-event-id='page-ev-missed']");
        assertThat(browser.findElements(item)).isEmpty();

        script("connectLive = window.heldConnect; connectLive();");
        await().atMost(WAIT).until(() -> "live".equals(text("live-text")));
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(item).isDisplayed());
        // newest first, and nothing twice
        assertThat(browser.findElement(By.cssSelector("#events li")).getDomAttribute("data-event-id"))
                .isEqualTo("page-ev-missed");
        assertThat(browser.findElements(By.cssSelector("#events li[data-event-id='page-ev-1']"))).hasSize(1);
    }

    @Test
    @Order(5)
    void addsAUserThroughTheFormAndItReachesTheTerminal() throws Exception {
        Path photo = files.resolve("face.jpg");
        Files.write(photo, SampleImages.jpeg(42));
        browser.findElement(By.cssSelector("#tabs button[data-view=users]")).click();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("user-form")).isDisplayed());
        new Select(browser.findElement(By.id("user-target"))).selectByValue(SN);
        browser.findElement(By.id("user-id")).sendKeys("P-1001");
        browser.findElement(By.id("user-name")).sendKeys("Page User");
        browser.findElement(By.id("user-login")).sendKeys("page.user");
        browser.findElement(By.id("user-pwd")).sendKeys("pw-1234");
        browser.findElement(By.id("user-photo")).sendKeys(photo.toString());
        browser.findElement(By.id("user-submit")).click();

        By result = By.cssSelector("#user-results li[data-sn='" + SN + "']");
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(result).getText().contains("done"));
        await().atMost(WAIT).until(() -> sim.users().containsKey("P-1001"));
        assertThat(sim.users().get("P-1001").name()).isEqualTo("Page User");
    }

    @Test
    @Order(6)
    void editsTheUserChangingOnlyWhatIsFilledIn() {
        browser.findElement(By.cssSelector("input[name=action][value=edit]")).click();
        new Select(browser.findElement(By.id("user-target"))).selectByValue(SN);
        WebElement id = browser.findElement(By.id("user-id"));
        id.clear();
        id.sendKeys("P-1001");
        WebElement name = browser.findElement(By.id("user-name"));
        name.clear();
        name.sendKeys("Renamed User");
        browser.findElement(By.id("user-login")).clear();
        browser.findElement(By.id("user-pwd")).clear();
        browser.findElement(By.id("user-submit")).click();

        await().atMost(WAIT).until(() -> "Renamed User".equals(sim.users().get("P-1001").name()));
        // the role select said "unchanged": the terminal keeps the role and the user name it had
        assertThat(sim.users().get("P-1001").role()).isEqualTo("0");
        assertThat(sim.users().get("P-1001").user()).isEqualTo("page.user");
    }

    @Test
    @Order(7)
    void seesTheTerminalGoOfflineWhenItDisconnects() throws Exception {
        browser.findElement(By.cssSelector("#tabs button[data-view=overview]")).click();
        sim.disconnect().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).ignoreExceptions().until(() -> terminalRow().getText().contains("offline"));
        // an offline terminal can be forgotten, an online one reconciled
        assertThat(terminalRow().getText()).contains("Forget").doesNotContain("Reconcile");
    }

    @Test
    @Order(8)
    void aLinkWithTheTokenLogsInAndLeavesNoTokenInTheAddressBar() {
        browser.manage().deleteAllCookies();
        browser.get("about:blank");
        browser.get(base() + "/#token=" + TOKEN);
        await().atMost(WAIT).until(() -> browser.findElement(By.id("tabs")).isDisplayed());
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN).doesNotContain("#token");
        await().atMost(WAIT).ignoreExceptions().until(() -> terminalRow().isDisplayed());
    }

    @Test
    @Order(9)
    void seesAnHrImportFinishWithItsResultPerRowAndTerminal() throws Exception {
        browser.findElement(By.cssSelector("#tabs button[data-view=hr]")).click();
        // SIM-PAGE is offline now: the row is queued for it
        Files.writeString(gateway.dataDir.resolve(HrImport.INBOX).resolve("page.csv"),
                "action,userId,user,name,pwd,role,photo\ndelete,P-1001,,,,,\n");
        By row = By.xpath("//table[@id='imports']//tr[td[normalize-space()='page.csv']]");
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(row).getText().contains("done"));
        browser.findElement(row).click();
        By result = By.xpath("//table[@id='import-results']//tr[td[normalize-space()='" + SN + "']]");
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(result).getText().contains("queued"));
        assertThat(browser.findElement(result).getText()).contains("P-1001").contains("delete");
    }

    @Test
    @Order(10)
    void forgetsTheOfflineTerminal() {
        browser.findElement(By.cssSelector("#tabs button[data-view=overview]")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> terminalRow().isDisplayed());
        terminalRow().findElement(By.xpath(".//button[normalize-space()='Forget']")).click();
        browser.switchTo().alert().accept();
        await().atMost(WAIT).until(() -> browser.findElements(
                By.cssSelector("#terminals tr[data-sn='" + SN + "']")).isEmpty());
        assertThat(browser.findElement(By.id("terminals-empty")).isDisplayed()).isTrue();
    }

    private String base() {
        return "http://127.0.0.1:" + gateway.apiPort;
    }

    private WebElement terminalRow() {
        return browser.findElement(By.cssSelector("#terminals tr[data-sn='" + SN + "']"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    /** The image was fetched and decoded: the browser knows its width. */
    private boolean loaded(WebElement img) {
        Object width = script("return arguments[0].complete ? arguments[0].naturalWidth : 0", img);
        return width instanceof Number n && n.intValue() > 0;
    }
}
