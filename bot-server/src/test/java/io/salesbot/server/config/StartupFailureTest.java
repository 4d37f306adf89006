package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** What a person reads when start-up fails on a rejected property. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SalesbotProperties.class)
  @ImportAutoConfiguration(ValidationAutoConfiguration.class)
  static class Bound {}

  @Test
  void a_rejected_secret_is_named_but_never_echoed(CapturedOutput output) {
    assertThatThrownBy(() -> start("salesbot.intake.sources.web.secret=hunter2"))
        .isInstanceOf(RuntimeException.class);

    assertThat(output.getAll())
        .contains("salesbot.intake.sources.web.secret")
        .contains("must be at least 8 characters")
        .contains("(hidden: secret)")
        .doesNotContain("hunter2");
  }

  @Test
  void a_rejected_ordinary_value_is_shown(CapturedOutput output) {
    assertThatThrownBy(() -> start("salesbot.locale=fr")).isInstanceOf(RuntimeException.class);

    assertThat(output.getAll()).contains("salesbot.locale").contains("\"fr\"");
  }

  @Test
  void knows_which_properties_are_secret() {
    assertThat(SecretSafeBindFailureAnalyzer.secret("salesbot.intake.sources.web.secret")).isTrue();
    assertThat(SecretSafeBindFailureAnalyzer.secret("salesbot.wecom.apps.1000002.aes-key"))
        .isTrue();
    assertThat(SecretSafeBindFailureAnalyzer.secret("salesbot.admin.token")).isTrue();
    assertThat(SecretSafeBindFailureAnalyzer.secret("salesbot.locale")).isFalse();
  }

  private static void start(String property) {
    new SpringApplicationBuilder(Bound.class)
        .web(WebApplicationType.NONE)
        .properties("salesbot.dev-services.enabled=false", "spring.main.banner-mode=off")
        .run("--" + property)
        .close();
  }
}
