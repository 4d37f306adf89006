package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The H5 form in a real browser: headless Chromium from Debian's {@code chromium} and {@code
 * chromium-driver} packages, driven by Selenium, against the running app with WireMock standing in
 * for WeChat. Skipped, with the reason, where they are not installed ({@code .ci/run} installs
 * them).
 */
class WechatMpFormBrowserTest extends WechatMpSupport {

  static WebDriver browser;
  static HeadlessChromium chromium;

  @BeforeAll
  static void startBrowser() throws IOException {
    chromium = HeadlessChromium.start("412,960");
    browser = chromium.browser();
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** Opens the form as WeChat's silent OAuth brings a follower back, with a fresh code. */
  private void openInWechat(String openId) {
    String code = "CODE-" + UUID.randomUUID();
    oauthCode(code, openId);
    browser.get(local("/forms/trial?code=" + code + "&state=form").toString());
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.id("lead-form")).isEmpty());
  }

  private void fill(String name, String phone) {
    browser.findElement(By.id("f-name")).sendKeys(name);
    browser.findElement(By.id("f-phone")).sendKeys(phone);
    browser.findElement(By.id("f-company")).sendKeys("上海某某制造");
    new Select(browser.findElement(By.id("f-region"))).selectByVisibleText("华东");
    new Select(browser.findElement(By.id("f-product"))).selectByVisibleText("CRM");
    browser.findElement(By.id("f-message")).sendKeys("想了解价格和试用");
  }

  private void submitAndAwaitThanks() {
    browser.findElement(By.id("submit")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.id("thanks")).isEmpty());
  }

  @Test
  void filling_and_submitting_puts_a_lead_with_the_openid_in_the_pool_and_thanks_on_wechat()
      throws IOException {
    String openId = randomOpenId();
    String phone = randomPhone();
    callback(text(openId, "我想咨询", System.nanoTime())); // opens the 48-hour window

    openInWechat(openId);
    assertThat(browser.getTitle()).isEqualTo("免费试用申请");
    fill("王先生", phone);
    screenshot();
    submitAndAwaitThanks();

    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("提交成功");
    List<Map<String, Object>> leads =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> leadsOf(openId),
                l -> !l.isEmpty() && "POOLED".equals(l.get(0).get("status")));
    assertThat(leads)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.get("phone")).isEqualTo(phone);
              assertThat(l.get("name")).isEqualTo("王先生");
              assertThat(l.get("source_id")).isEqualTo("wechat-form");
              assertThat(l.get("team_id")).isEqualTo("east");
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> kefuTo(openId).size() == 1);
    assertThat(kefuTo(openId).get(0).getBodyAsString()).contains("已收到您的信息");
  }

  @Test
  void an_invalid_phone_shows_the_chinese_error_and_stores_nothing() throws InterruptedException {
    String openId = randomOpenId();
    openInWechat(openId);

    fill("李女士", "1234567");
    browser.findElement(By.id("submit")).click();

    WebElement error = browser.findElement(By.id("e-phone"));
    assertThat(error.getText()).isEqualTo("请输入正确的 11 位手机号码");
    assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("请检查标红的内容后再提交");
    assertThat(browser.findElements(By.id("thanks"))).isEmpty();
    Thread.sleep(500);
    assertThat(leadsOf(openId)).isEmpty();
  }

  @Test
  void a_second_submission_of_the_same_follower_is_merged_not_duplicated() {
    String openId = randomOpenId();
    String phone = randomPhone();

    openInWechat(openId);
    fill("赵先生", phone);
    submitAndAwaitThanks();
    List<Map<String, Object>> first =
        await().atMost(Duration.ofSeconds(20)).until(() -> leadsOf(openId), l -> !l.isEmpty());

    openInWechat(openId);
    fill("赵先生", phone);
    submitAndAwaitThanks();

    String leadId = (String) first.get(0).get("id");
    await().atMost(Duration.ofSeconds(20)).until(() -> intakesOf(leadId) == 2);
    assertThat(leadsOf(openId)).hasSize(1);
    assertThat(
            rows(
                "SELECT action FROM lead_audit WHERE lead_id = :l AND action = 'merged'",
                Map.of("l", leadId)))
        .hasSize(1);
  }

  /** Keeps a picture of the filled form for the README ({@code docs/wechat-mp-form.png}). */
  private static void screenshot() throws IOException {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "wechat-mp-form.png");
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
