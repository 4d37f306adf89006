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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;

/**
 * A manager's dashboard in a real browser (headless Chromium, as {@link
 * ConsoleEmulatorBrowserTest}, skipped the same way where it is not installed): 赵六 signs in, opens
 * 看板 from the navigation, ECharts draws the funnel (a canvas in the chart), and the table under it
 * counts the deals the test created. With {@code -Dscreenshots=true} it refreshes {@code
 * docs/images/console-dashboard.png}.
 */
class ConsoleDashboardBrowserTest extends EndToEndSupport {
  static final Duration LIVE = Duration.ofSeconds(20);

  static WebDriver browser;
  static HeadlessChromium chromium;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() throws IOException {
    chromium = HeadlessChromium.start("1280,1000");
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

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, LIVE);
  }

  /** Deals in the first stage of team east now, as the dashboard's JSON says (another session). */
  @SuppressWarnings("unchecked")
  private long firstStageNow() {
    String session = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    Map<String, Object> funnel =
        http.get()
            .uri("/console/api/dashboard/east/funnel")
            .cookie("SALESBOT_CONSOLE", session)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    return ((Number) ((List<Map<String, Object>>) funnel.get("stages")).get(0).get("now"))
        .longValue();
  }

  /** A lead in 华东 that 张三 claims: a deal in team east's first stage. */
  private void claimedDeal() {
    String intakeId =
        submit("{\"name\":\"图表先生\",\"phone\":\"+86 " + randomPhone() + "\",\"region\":\"华东\"}");
    String leadId =
        (String)
            await()
                .atMost(LIVE)
                .ignoreExceptions()
                .until(() -> lead(intakeId), l -> "POOLED".equals(l.get("status")))
                .get("id");
    awaitItem("zhangsan", card("lead-" + leadId, "LEAD_OFFER"));
    act("zhangsan", "lead-" + leadId, "claim", leadId);
    await().atMost(LIVE).until(() -> lead(leadId), l -> "初步接触".equals(l.get("stage")));
  }

  @Test
  void a_manager_sees_the_funnel_chart_drawn_with_the_deals_the_test_created() throws IOException {
    long before = firstStageNow();
    claimedDeal();
    claimedDeal();
    claimedDeal();

    browser.get(url("/console/dashboard"));
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/login"));
    browser.findElement(By.id("as-zhaoliu")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/"));
    browser.findElement(By.id("nav-dashboard")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/console/dashboard"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("团队看板 · 华东销售一组");

    // ECharts has drawn the funnel: the chart is shown and holds a canvas
    waiting()
        .until(d -> "true".equals(d.findElement(By.id("chart-funnel")).getAttribute("data-drawn")));
    WebElement chart = browser.findElement(By.id("chart-funnel"));
    assertThat(chart.isDisplayed()).isTrue();
    assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    assertThat(chart.getSize().getHeight()).isGreaterThan(100);
    // the table under it: the first stage has the deals there were plus the three just claimed
    WebElement first =
        browser.findElement(By.cssSelector("#table-funnel tbody tr[data-stage='0']"));
    assertThat(first.findElement(By.tagName("th")).getText()).isEqualTo("初步接触");
    assertThat(Long.parseLong(first.findElement(By.className("now")).getText()))
        .isEqualTo(before + 3);
    assertThat(Long.parseLong(first.findElement(By.className("reached")).getText()))
        .isGreaterThanOrEqualTo(3);
    // the other charts are drawn too
    for (String other : List.of("chart-sla", "chart-dwell", "chart-kpis")) {
      waiting().until(d -> "true".equals(d.findElement(By.id(other)).getAttribute("data-drawn")));
    }
    screenshot();
  }

  private static void screenshot() throws IOException {
    if (!Boolean.getBoolean("screenshots")) {
      return;
    }
    browser.manage().window().setSize(new Dimension(1280, 1500));
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("..", "docs", "images", "console-dashboard.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
