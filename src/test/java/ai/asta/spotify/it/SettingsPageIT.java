package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.sandbox.Sandbox;
import ai.asta.spotify.sandbox.SimulatorState;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The settings page in a real browser (Debian's headless Chromium), against the service in sandbox
 * mode with an API token: a person sets up the app, links, plays, disconnects, cancels.
 */
class SettingsPageIT {
  static final String TOKEN = "page-token-0123456789abcdef";
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  static Vertx vertx;
  static Service service;
  static WebDriver browser;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new IllegalStateException(
          "The browser test needs Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver"
              + " (.ci/run does).");
    }
    vertx = Vertx.vertx();
    JsonObject config =
        TestService.config(null, null)
            .put("ASTA_SPOTIFY_SANDBOX", true)
            .put("ASTA_SANDBOX_PORT", 0)
            .put("ASTA_API_TOKEN", TOKEN);
    service = TestService.start(vertx, config);
    // No client id is configured: the person saves the sandbox app's credentials on the page.
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1100,1400");
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(driver, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (vertx != null) {
      TestService.await(vertx.close());
    }
  }

  static WebElement el(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  static void textIn(String id, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
  }

  @Test
  void setUpLinkPlayDisconnectAndCancel() throws Exception {
    SimulatorState sim = service.sandbox().orElseThrow().simulator().state();
    browser.get(service.url() + "/settings");

    // The page asks for the API token once, and keeps it in the tab.
    el("api-token").sendKeys(TOKEN);
    el("token-form").submit();
    textIn("status", "Not connected");
    assertThat(el("redirect-uri").getAttribute("value")).isEqualTo(service.config().redirectUri());
    assertThat(browser.findElements(By.cssSelector("#steps li"))).hasSizeGreaterThanOrEqualTo(4);

    // Save the app's credentials; only whether each is set comes back; test them.
    el("client-id").sendKeys(Sandbox.CLIENT_ID);
    el("client-secret").sendKeys(Sandbox.CLIENT_SECRET);
    el("save-app").click();
    textIn("app-status", "Client ID: set · Client secret: set");
    assertThat(browser.getPageSource()).doesNotContain(Sandbox.CLIENT_SECRET);
    el("test-app").click();
    textIn("app-verdict", "Spotify accepts");

    // Connect: the simulator's consent page, Agree, back on the settings page.
    el("connect").click();
    wait.until(ExpectedConditions.urlContains("/authorize"));
    assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
    assertThat(el("app-name").getText()).isEqualTo("Asta (sandbox)");
    el("agree").click();
    wait.until(ExpectedConditions.urlContains("/settings?spotify=connected"));
    textIn("outcome", "Spotify is connected.");
    textIn("status", "Connected as Sandbox Listener.");

    // Devices, then Play on one: the page says so and the simulator agrees.
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#devices li"), 3));
    assertThat(el("devices").getText())
        .contains("Living Room Speaker", "Speaker", "active", "volume 40%");
    WebElement phone =
        browser.findElement(By.cssSelector("button[aria-label='Play on Pixel Phone']"));
    phone.click();
    textIn("play-result", "Playing spotify:track:4cOdK2wGLETKBW3PvgPWqT on Pixel Phone.");
    assertThat(sim.currentlyPlaying(Sandbox.USER))
        .isEqualTo("spotify:track:4cOdK2wGLETKBW3PvgPWqT");

    screenshot("settings-connected.png");
    browser.manage().window().setSize(new Dimension(390, 844));
    screenshot("settings-connected-phone.png");
    Long overflow =
        (Long)
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(overflow).as("no horizontal scrolling at phone width").isLessThanOrEqualTo(0L);
    browser.manage().window().setSize(new Dimension(1100, 1400));

    // Disconnect.
    el("disconnect").click();
    textIn("status", "Not connected");

    // Cancel on the consent page: the error in words.
    el("connect").click();
    wait.until(ExpectedConditions.urlContains("/authorize"));
    el("cancel").click();
    wait.until(ExpectedConditions.urlContains("spotify=error"));
    textIn("outcome", "cancelled");
    textIn("status", "Not connected");

    // Every control has a label a screen reader can read.
    for (WebElement input : browser.findElements(By.cssSelector("input:not([type=hidden])"))) {
      String id = input.getAttribute("id");
      assertThat(browser.findElements(By.cssSelector("label[for='" + id + "']")))
          .as("label for %s", id)
          .isNotEmpty();
    }
  }

  @Test
  void docsRenderTheContractFromTheJarAlone() throws Exception {
    browser.get(service.url() + "/docs");
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 10));
    String page = browser.findElement(By.id("swagger-ui")).getText();
    assertThat(page)
        .contains(
            "asta-spotify", "/api/spotify/play", "/api/spotify/devices", "/api/spotify/callback");
    screenshot("docs.png");
  }

  static void screenshot(String name) throws Exception {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
