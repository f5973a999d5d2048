package dev.tributary.worker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.Item;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.worker.console.internal.ConsoleRoutes;
import dev.tributary.worker.console.internal.HostCheck;
import dev.tributary.worker.internal.HttpEndpoints;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code ./run-tests} installs) against a running worker: a dead letter appears, is inspected and
 * redriven, and the handler receives it; lag rises under load and falls back to zero on the page; a
 * replay shows its progress to completion; the tail shows a write made through the DynamoDB
 * endpoint; the tables page pages items and shows an item's history. Each page is photographed into
 * {@code target/console-screenshots}, and into the directory named by the system property {@code
 * console.screenshots} when it is set (the documentation's: {@code -Dconsole.screenshots=../docs}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path dir;
  static ConsoleWorker w;
  static ChromeDriver browser;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      boolean root = "root".equals(System.getProperty("user.name"));
      String message =
          "the console's browser tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + DRIVER
              + "); ./run-tests installs them when run as root (apt-get install chromium chromium-driver)";
      if (root) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    w = new ConsoleWorker(dir, 15);
    for (int i = 1; i <= 3; i++) {
      w.put("C-" + i, "NEW");
    }
    w.put("BAD-1", "NEW");
    w.put("BAD-2", "NEW");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1360,1000",
        "--user-data-dir=" + dir.resolve("chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1360, 1000));
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    wait.ignoring(StaleElementReferenceException.class);
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().size() >= 3);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (w != null) {
      w.close();
    }
  }

  static void open(String page) {
    browser.get(w.base() + page);
    wait.until(d -> "complete".equals(browser.executeScript("return document.readyState")));
  }

  static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path out = Path.of("target", "console-screenshots");
    Files.createDirectories(out);
    Files.copy(
        shot.toPath(),
        out.resolve("console-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
    String docs = System.getProperty("console.screenshots");
    if (docs != null && !docs.isBlank()) {
      Files.createDirectories(Path.of(docs));
      Files.copy(
          shot.toPath(),
          Path.of(docs).resolve("console-" + name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void enterToken() {
    WebElement token = browser.findElement(By.id("token"));
    token.clear();
    token.sendKeys(ConsoleWorker.TOKEN);
  }

  static void confirm() {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    browser.findElement(By.id("confirm-yes")).click();
  }

  /**
   * The element's text now; the live parts are re-rendered every second, so a found element may go
   * stale.
   */
  static String text(String css) {
    for (int attempt = 0; ; attempt++) {
      try {
        return browser.findElement(By.cssSelector(css)).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 4) {
          throw e;
        }
      }
    }
  }

  @Test
  @Order(1)
  void overviewShouldShowSourcesPipelinesAndLaneStates() throws Exception {
    open("/");
    assertThat(text("#sources")).contains("engine-relay/main").contains("RUNNING");
    assertThat(text("pre.describe"))
        .contains("Pipeline orders")
        .contains("lane topic: tributary.lane.orders.ledger");
    wait.until(d -> text("tr[data-lane] .runner").equals("RUNNING"));
    wait.until(d -> text("tr[data-lane] .dead").equals("2"));
    screenshot("overview");
  }

  @Test
  @Order(2)
  void aDeadLetterShouldBeInspectedAndRedrivenToTheHandler() throws Exception {
    open("/dead-letters");
    wait.until(d -> d.findElements(By.cssSelector("tr.dlq-item")).size() == 2);
    assertThat(text("#dlq-counts tr[data-lane] .pending")).isEqualTo("2");
    List<WebElement> rows = browser.findElements(By.cssSelector("tr.dlq-item"));
    rows.get(0).findElements(By.tagName("td")).get(3).click();
    String detail = text("#dlq-detail");
    assertThat(detail)
        .contains("\"tributary.error.class\": \"dev.tributary.core.BadRecordException\"")
        .contains("\"eventName\": \"INSERT\"")
        .contains("BAD-");
    String eventId = detail.replaceAll("(?s).*\"eventID\": \"([^\"]+)\".*", "$1");
    screenshot("dead-letters");

    Files.delete(w.poisonSwitch); // the cause is fixed
    enterToken();
    rows.get(0).findElement(By.cssSelector("input.pick")).click();
    browser.findElement(By.id("dlq-redrive-selected")).click();
    assertThat(text("#confirm-text")).contains("1 selected dead letter(s)");
    confirm();
    wait.until(
        d -> "DONE".equals(browser.findElement(By.id("progress")).getAttribute("data-state")));
    wait.until(d -> text("#message").contains("redrove 1 event(s)"));
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().contains(eventId));
    wait.until(d -> text("#dlq-counts tr[data-lane] .pending").equals("1"));
    wait.until(d -> text("tr.dlq-item .status").equals("redriven"));
    assertThat(browser.findElements(By.cssSelector("tr.dlq-item .status")))
        .extracting(WebElement::getText)
        .containsExactly("redriven", "not redriven");
    screenshot("dead-letters-redriven");

    browser.findElement(By.id("dlq-redrive-all")).click();
    confirm();
    wait.until(d -> text("#message").contains("redrove 1 event(s)"));
    wait.until(d -> text("#dlq-counts tr[data-lane] .pending").equals("0"));
  }

  @Test
  @Order(3)
  void lagShouldRiseUnderLoadAndFallBackToZero() throws Exception {
    open("/lanes");
    wait.until(d -> !d.findElements(By.cssSelector("section.lane .lag-events")).isEmpty());
    TributaryEngine engine = w.worker.engine().orElseThrow();
    for (int i = 0; i < 400; i++) {
      engine.putItem(
          PutItemRequest.builder(
                  "Orders", Item.builder().s("customerId", "LOAD-" + i).s("status", "NEW").build())
              .build());
    }
    wait.until(d -> Long.parseLong(text("section.lane .lag-events")) > 20);
    long peak = Long.parseLong(text("section.lane .lag-events"));
    assertThat(peak).isGreaterThan(20);
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> text("section.lane .lag-events").equals("0"));
    assertThat(text("section.lane .lag-seconds")).isEqualTo("0.0 s");
    assertThat(browser.findElements(By.cssSelector("section.lane svg.chart path.line"))).hasSize(3);
    Thread.sleep(1500); // one more sample, so the charts end at zero
    screenshot("lanes");
  }

  @Test
  @Order(4)
  void aReplayShouldShowProgressToCompletion() throws Exception {
    open("/replay");
    enterToken();
    browser.findElement(By.id("replay-from")).sendKeys("2020-01-01T00:00:00Z");
    new Select(browser.findElement(By.id("replay-source"))).selectByValue("lane");
    int before = w.ledgerLines().size();
    browser.findElement(By.id("replay-start")).click();
    confirm();
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> "DONE".equals(browser.findElement(By.id("progress")).getAttribute("data-state")));
    WebElement progress = browser.findElement(By.id("progress"));
    long total = Long.parseLong(progress.getAttribute("data-total"));
    assertThat(total).isGreaterThanOrEqualTo(405);
    assertThat(progress.getAttribute("data-done")).isEqualTo(String.valueOf(total));
    assertThat(text("#progress p")).contains("(100%)");
    assertThat(text("#message")).contains("delivered " + total);
    assertThat(w.ledgerLines().size()).isGreaterThanOrEqualTo(before + (int) total);
    wait.until(d -> text("#jobs").contains("DONE"));
    screenshot("replay");
  }

  @Test
  @Order(5)
  void theTailShouldShowAWriteMadeThroughTheDynamoDbEndpoint() throws Exception {
    open("/tail");
    new Select(browser.findElement(By.id("tail-source"))).selectByValue("table:Orders");
    browser.findElement(By.id("tail-start")).click();
    wait.until(
        d -> "ready".equals(browser.findElement(By.id("tail-status")).getAttribute("data-state")));
    w.put("TAIL-1", "PAID");
    w.put("TAIL-2", "NEW");
    wait.until(d -> d.findElements(By.cssSelector("#tail-events details.change")).size() >= 2);
    String shown = text("#tail-events");
    assertThat(shown).contains("TAIL-1").contains("TAIL-2").contains("INSERT");
    browser.findElements(By.cssSelector("#tail-events details.change summary")).get(1).click();
    assertThat(text("#tail-events details.change[open] pre")).contains("\"PAID\"");
    screenshot("tail");
    browser.findElement(By.id("tail-stop")).click();
  }

  @Test
  @Order(6)
  void tablesShouldPageItemsAndShowAnItemsHistory() throws Exception {
    w.put("C-2", "SHIPPED");
    open("/tables");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.table-link"))).click();
    wait.until(d -> d.findElements(By.cssSelector("#items tr.item")).size() == 25);
    assertThat(browser.findElement(By.id("next-page")).isEnabled()).isTrue();
    browser.findElement(By.id("next-page")).click();
    wait.until(d -> text("#items").contains("LOAD-") || text("#items").contains("C-"));
    WebElement pk = browser.findElement(By.id("pk"));
    pk.sendKeys("C-2");
    browser.findElement(By.id("query")).click();
    wait.until(d -> d.findElements(By.cssSelector("#items tr.item")).size() == 1);
    browser.findElement(By.cssSelector("#items button.history")).click();
    wait.until(d -> d.findElements(By.cssSelector("#history-list li")).size() == 2);
    assertThat(text("#history-list")).contains("INSERT").contains("MODIFY");
    browser.findElements(By.cssSelector("#history-list summary")).get(1).click();
    assertThat(text("#history-list")).contains("SHIPPED");
    screenshot("tables");
  }

  @Test
  @Order(7)
  void aConsoleWhoseReadsNeedTheTokenShouldAskForItOnceThenShowItsPagesAndStreams()
      throws Exception {
    try (ConsoleRoutes console =
            new ConsoleRoutes(
                ConsoleApiIT.idleBackend(),
                Optional.of(ConsoleWorker.TOKEN),
                HostCheck.of("127.0.0.1", List.of()),
                true,
                60_000,
                10);
        HttpEndpoints http = ConsoleApiIT.serve(console)) {
      String base = "http://127.0.0.1:" + http.port() + "/console";
      browser.get(base + "/");
      wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Token required"));
      assertThat(browser.getPageSource()).doesNotContain("private-source");
      WebElement input = browser.findElement(By.id("unlock-token"));
      input.sendKeys("wrong-token-wrong-token");
      browser.findElement(By.cssSelector("#unlock button")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("message"), "wrong console token"));
      input.clear();
      input.sendKeys(ConsoleWorker.TOKEN);
      browser.findElement(By.cssSelector("#unlock button")).click();
      wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Overview"));
      assertThat(browser.findElement(By.id("sources")).getText())
          .contains("engine-relay/private-source");
      assertThat(browser.getCurrentUrl())
          .as("the token never goes into the URL")
          .doesNotContain(ConsoleWorker.TOKEN);

      browser.get(base + "/lanes"); // the tab keeps the token: the next page opens without asking
      wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Lanes"));
      Thread.sleep(1_500); // the lanes' event stream is open by now, or was refused with a message
      assertThat(browser.findElement(By.id("message")).isDisplayed())
          .as("the stream was accepted")
          .isFalse();
      assertThat(browser.executeScript("return sessionStorage.getItem('tributary.token')"))
          .isEqualTo(ConsoleWorker.TOKEN);
    }
  }
}
