package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's chat emulator in a real browser (headless Chromium from Debian's {@code chromium}
 * and {@code chromium-driver}, driven by Selenium): sign in, 张三 and 李四 side by side, a demo lead
 * appears live in both, 张三 claims it and his card changes in place; and the roles: an anonymous
 * visitor is sent to sign-in, a rep gets 403 on the managers' page, a manager sees their team.
 * Skipped, with the reason, where the browser is not installed. With {@code -Dscreenshots=true} it
 * refreshes {@code docs/images/console-emulator.png}.
 */
class ConsoleEmulatorBrowserTest extends EndToEndSupport {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration LIVE = Duration.ofSeconds(20);

  static WebDriver browser;
  static Path profile;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: install Debian's chromium and chromium-driver"
            + " (/usr/bin/chromium, /usr/bin/chromedriver), e.g. apt-get install chromium"
            + " chromium-driver");
    profile = Files.createTempDirectory("salesbot-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=1200,1000",
        "--lang=zh-CN");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, LIVE);
  }

  private static Set<String> cardIds(String userId) {
    return browser.findElements(By.cssSelector("#pane-" + userId + " li[data-card-id]")).stream()
        .map(li -> li.getAttribute("data-card-id"))
        .collect(Collectors.toSet());
  }

  private static WebElement cardIn(String userId, String cardId) {
    List<WebElement> cards =
        browser.findElements(
            By.cssSelector("#pane-" + userId + " li[data-card-id='" + cardId + "']"));
    assertThat(cards).as("one copy of card %s for %s", cardId, userId).hasSize(1);
    return cards.get(0);
  }

  /** Each test starts signed out: the browser is shared by the class. */
  @BeforeEach
  void signedOut() {
    browser.get(url("/console/login"));
    browser.manage().deleteAllCookies();
  }

  @Test
  void anonymous_visitors_are_sent_to_sign_in_a_rep_gets_403_and_a_manager_sees_the_teams() {
    browser.get(url("/console/teams"));
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/login"));

    browser.findElement(By.id("as-zhangsan")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/"));
    assertThat(browser.findElements(By.cssSelector("a[href='/console/teams']"))).isEmpty();
    browser.get(url("/console/teams"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("无权访问");
    assertThat(browser.findElement(By.id("forbidden-reason")).getText())
        .isEqualTo("此页面仅对主管和管理员开放。");
    assertThat(browser.findElements(By.id("teams"))).isEmpty();

    browser.findElement(By.id("sign-out")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/login"));
    browser.findElement(By.id("as-zhaoliu")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/"));
    browser.findElement(By.cssSelector("nav a[href='/console/teams']")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/teams"));
    assertThat(browser.findElement(By.cssSelector("#team-east th")).getText()).isEqualTo("华东销售一组");
    assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).hasSize(1);
  }

  @Test
  void two_reps_side_by_side_see_a_demo_lead_live_and_the_claimers_card_changes_in_place()
      throws IOException {
    browser.get(url("/console/emulator"));
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/login"));
    browser.findElement(By.id("as-zhangsan")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/"));
    assertThat(browser.findElement(By.id("me")).getText()).isEqualTo("张三");

    browser.get(url("/console/emulator?users=zhangsan,lisi"));
    assertThat(browser.getTitle()).isEqualTo("聊天模拟器 · 销售助手控制台");
    waiting().until(d -> d.findElement(By.id("status")).getText().equals("实时更新已连接"));
    assertThat(browser.findElement(By.cssSelector("#pane-zhangsan h2")).getText()).startsWith("张三");
    assertThat(browser.findElement(By.cssSelector("#pane-lisi h2")).getText()).startsWith("李四");
    Set<String> before = cardIds("zhangsan");
    // Marks this page: a reload would lose it.
    ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

    browser.findElement(By.id("demo-lead")).click();
    String cardId =
        waiting()
            .until(
                d ->
                    cardIds("zhangsan").stream()
                        .filter(id -> !before.contains(id))
                        .findFirst()
                        .orElse(null));
    waiting().until(d -> cardIds("lisi").contains(cardId));
    WebElement mine = cardIn("zhangsan", cardId);
    assertThat(mine.findElement(By.tagName("h3")).getText()).startsWith("新线索：");
    assertThat(mine.findElement(By.cssSelector("article")).getAttribute("data-type"))
        .isEqualTo("LEAD_OFFER");
    assertThat(mine.findElement(By.cssSelector("dl")).getText()).contains("华东");

    mine.findElement(By.cssSelector("button[data-action='claim']")).click();

    // The same list item, not a new one: the card was updated in place.
    waiting().until(d -> "2".equals(mine.getAttribute("data-version")));
    assertThat(mine.findElement(By.cssSelector("article")).getAttribute("data-type"))
        .isEqualTo("LEAD_CLAIMED_BY_YOU");
    WebElement theirs = cardIn("lisi", cardId);
    waiting()
        .until(
            d ->
                "LEAD_CLAIMED_BY_OTHER"
                    .equals(
                        theirs.findElement(By.cssSelector("article")).getAttribute("data-type")));
    assertThat(theirs.findElement(By.tagName("h3")).getText()).startsWith("已被 张三 领取");
    assertThat(cardIn("zhangsan", cardId)).isEqualTo(mine);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true"))
        .isEqualTo(true);
    screenshot();
  }

  /** Refreshes the README's picture only when asked, so CI never rewrites docs. */
  private static void screenshot() throws IOException {
    if (!Boolean.getBoolean("screenshots")) {
      return;
    }
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("..", "docs", "images", "console-emulator.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
