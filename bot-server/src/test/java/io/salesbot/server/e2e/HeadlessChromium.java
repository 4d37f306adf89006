package io.salesbot.server.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests, in a fresh profile folder deleted on {@link
 * #close()}; the calling test is skipped, saying what to install, where Chromium or its driver is
 * missing.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final WebDriver browser;
  private final Path profile;

  private HeadlessChromium(WebDriver browser, Path profile) {
    this.browser = browser;
    this.profile = profile;
  }

  /** A browser with a window of {@code windowSize} ({@code "1280,1000"}), Chinese first. */
  static HeadlessChromium start(String windowSize) throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: install Debian's chromium and chromium-driver"
            + " (/usr/bin/chromium, /usr/bin/chromedriver), e.g. apt-get install chromium"
            + " chromium-driver");
    Path profile = Files.createTempDirectory("salesbot-chromium-");
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
        "--window-size=" + windowSize,
        "--lang=zh-CN");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new HeadlessChromium(new ChromeDriver(service, options), profile);
  }

  WebDriver browser() {
    return browser;
  }

  @Override
  public void close() throws IOException {
    browser.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
