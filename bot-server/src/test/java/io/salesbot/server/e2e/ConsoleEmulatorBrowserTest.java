package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real browser (headless Chromium from Debian's {@code chromium} and {@code
 * chromium-driver}, driven by Selenium). The emulator: sign in, 张三 and 李四 side by side, a demo lead
 * appears live in both, both press 抢单 and the cards change in place; the winner presses 已联系, types
 * the appointment, moves the deal on and sends a file from the pane as evidence — the deal card
 * changing in place each time. Operations: a manager gets 403, an admin replays a dead letter the
 * test created. And the roles: an anonymous visitor is sent to sign-in, a rep gets 403 on the
 * managers' page, a manager sees their team. Skipped, with the reason, where the browser is not
 * installed. With {@code -Dscreenshots=true} it refreshes {@code docs/images/console-emulator.png}.
 */
class ConsoleEmulatorBrowserTest extends EndToEndSupport {
  static final Duration LIVE = Duration.ofSeconds(20);

  static WebDriver browser;
  static HeadlessChromium chromium;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() throws IOException {
    chromium = HeadlessChromium.start("1200,1000");
    browser = chromium.browser();
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  /**
   * Waits up to {@link #LIVE}; a card re-drawn while a condition reads it (its article replaced in
   * place) is read again, not a failure.
   */
  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, LIVE);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
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
  void the_emulator_plays_a_lead_from_the_grab_race_to_a_stage_move() throws IOException {
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
    String leadId = cardId.substring("lead-".length());
    WebElement zhangsans = cardIn("zhangsan", cardId);
    WebElement lisis = cardIn("lisi", cardId);
    assertThat(zhangsans.findElement(By.tagName("h3")).getText()).startsWith("新线索：");
    assertThat(zhangsans.findElement(By.cssSelector("article")).getAttribute("data-type"))
        .isEqualTo("LEAD_OFFER");
    assertThat(zhangsans.findElement(By.cssSelector("dl")).getText()).contains("华东");

    // The grab race: both press 抢单, 张三 first. Whoever's press the bot takes first wins.
    WebElement hisButton = zhangsans.findElement(By.cssSelector("button[data-action='claim']"));
    WebElement herButton = lisis.findElement(By.cssSelector("button[data-action='claim']"));
    hisButton.click();
    try {
      herButton.click();
    } catch (StaleElementReferenceException | ElementNotInteractableException e) {
      // 张三's claim came back before 李四 pressed: her card no longer has the button.
    }

    // Each card is the same list item as before: updated in place.
    waiting()
        .until(
            d ->
                Stream.of(type(zhangsans), type(lisis))
                    .sorted()
                    .toList()
                    .equals(List.of("LEAD_CLAIMED_BY_OTHER", "LEAD_CLAIMED_BY_YOU")));
    boolean heWon = type(zhangsans).equals("LEAD_CLAIMED_BY_YOU");
    String winner = heWon ? "zhangsan" : "lisi";
    WebElement won = heWon ? zhangsans : lisis;
    WebElement lost = heWon ? lisis : zhangsans;
    assertThat(lost.findElement(By.tagName("h3")).getText())
        .startsWith("已被 " + (heWon ? "张三" : "李四") + " 领取");
    assertThat(cardIn("zhangsan", cardId)).isEqualTo(zhangsans);
    assertThat(cardIn("lisi", cardId)).isEqualTo(lisis);
    assertSameDocument();
    screenshot("console-emulator.png");

    // 已联系: the claimed card changes in place, the deal card arrives (初步接触, ① done).
    String claimedVersion = won.getAttribute("data-version");
    waiting()
        .until(d -> !won.findElements(By.cssSelector("button[data-action='contacted']")).isEmpty());
    won.findElement(By.cssSelector("button[data-action='contacted']")).click();
    waiting().until(d -> !claimedVersion.equals(won.getAttribute("data-version")));
    String dealId = "deal-" + leadId;
    waiting().until(d -> cardIds(winner).contains(dealId));
    WebElement deal = cardIn(winner, dealId);
    assertThat(type(deal)).isEqualTo("DEAL");
    assertThat(text(deal)).contains("初步接触");

    // Evidence: the winner types the appointment in the pane; the bot asks which checkpoint it
    // proves, live, with a button for ② 需求沟通预约 of this deal.
    Set<String> beforeNote = cardIds(winner);
    WebElement input = browser.findElement(By.cssSelector("#pane-" + winner + " form input"));
    input.sendKeys("12月9日 上午十点 电话沟通需求（浏览器测试）");
    browser.findElement(By.cssSelector("#pane-" + winner + " form button")).click();
    waiting()
        .until(
            d ->
                text(d.findElement(By.cssSelector("#pane-" + winner + " .chat")))
                    .contains("12月9日 上午十点 电话沟通需求（浏览器测试）"));
    String choiceId =
        waiting()
            .until(
                d ->
                    cardIds(winner).stream()
                        .filter(id -> !beforeNote.contains(id) && id.startsWith("evidence-"))
                        .findFirst()
                        .orElse(null));
    WebElement choice = cardIn(winner, choiceId);
    assertThat(type(choice)).isEqualTo("CHOICE");
    assertThat(text(choice)).contains("这条记录证明哪一关？", "需求沟通预约");
    String dealVersion = deal.getAttribute("data-version");
    choice.findElements(By.cssSelector("button[data-action]")).stream()
        .filter(b -> b.getText().contains("需求沟通预约"))
        .findFirst()
        .orElseThrow()
        .click();
    // ② done: the deal card changes in place and shows it done.
    waiting().until(d -> !dealVersion.equals(deal.getAttribute("data-version")));
    waiting().until(d -> text(deal).contains("需求沟通预约✓ 已完成"));
    String provedVersion = deal.getAttribute("data-version");
    deal.findElement(By.cssSelector("button[data-action='deal-advance']")).click();
    waiting().until(d -> !provedVersion.equals(deal.getAttribute("data-version")));
    assertThat(cardIn(winner, dealId)).isEqualTo(deal);
    waiting().until(d -> text(deal).contains("●◐○○○ 需求诊断"));
    // The deal card at the top of the pane, where the picture shows it.
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true);", deal);
    screenshot("console-emulator-stage.png");
    assertSameDocument();
  }

  @Test
  void an_admin_replays_a_dead_letter_on_the_operations_page_and_a_manager_gets_403() {
    String marker = "browser-" + UUID.randomUUID();
    try (StatefulRedisConnection<String, String> c = redisClient.connect()) {
      // An outbound command the sandbox's sender cannot decode: dead-lettered at once.
      c.sync()
          .xadd(
              "salesbot:out:sandbox",
              Map.of("type", "deliver-card", "commandId", marker, "json", "{\"v\":99}"));
    }

    browser.get(url("/console/ops"));
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/login"));
    browser.findElement(By.id("as-zhaoliu")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/"));
    assertThat(browser.findElements(By.cssSelector("a[href='/console/ops']"))).isEmpty();
    browser.get(url("/console/ops"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("无权访问");
    assertThat(browser.findElement(By.id("forbidden-reason")).getText()).isEqualTo("此页面仅对管理员开放。");
    browser.findElement(By.id("sign-out")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/login"));

    browser.findElement(By.id("as-sunba")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/"));
    browser.findElement(By.cssSelector("nav a[href='/console/ops']")).click();
    // The dead letter shows once the sender has given up on it: reload until then.
    WebElement row =
        waiting()
            .until(
                d -> {
                  d.navigate().refresh();
                  return d.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                      .filter(r -> r.getText().contains(marker))
                      .findFirst()
                      .orElse(null);
                });
    String id = row.getAttribute("id").substring("dead-".length());
    assertThat(row.getText()).contains("salesbot:out:sandbox");
    browser.findElement(By.id("replay-" + id)).click();

    waiting().until(d -> d.findElement(By.id("notice")).getText().contains("已重放死信 " + id));
    assertThat(browser.findElements(By.id("dead-" + id))).isEmpty();
  }

  @Autowired RedisClient redisClient;

  private static String type(WebElement item) {
    return item.findElement(By.cssSelector("article")).getAttribute("data-type");
  }

  private static void assertSameDocument() {
    assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true"))
        .isEqualTo(true);
  }

  /**
   * An element's text whether or not it is scrolled into view: a chat pane scrolls, and Selenium's
   * getText leaves out what is outside the visible part.
   */
  private static String text(WebElement element) {
    return String.valueOf(element.getAttribute("textContent"));
  }

  /** Refreshes the README's picture only when asked, so CI never rewrites docs. */
  private static void screenshot(String name) throws IOException {
    if (!Boolean.getBoolean("screenshots")) {
      return;
    }
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("..", "docs", "images", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
