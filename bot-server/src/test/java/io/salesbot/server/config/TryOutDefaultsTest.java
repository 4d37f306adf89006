package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TryOutDefaultsTest {

  @Test
  void sandbox_is_on_in_try_out_mode() {
    assertThat(SandboxSwitch.enabled(env(Map.of("salesbot.dev-services.active", "true")))).isTrue();
  }

  @Test
  void sandbox_is_off_when_a_real_platform_is_enabled_unless_asked_for_by_name() {
    for (String platform : SandboxSwitch.REAL_PLATFORMS) {
      assertThat(
              SandboxSwitch.enabled(
                  env(Map.of("salesbot.dev-services.active", "true", platform, "true"))))
          .as(platform)
          .isFalse();
      assertThat(
              SandboxSwitch.enabled(
                  env(
                      Map.of(
                          "salesbot.dev-services.active",
                          "true",
                          platform,
                          "true",
                          "salesbot.sandbox.enabled",
                          "true"))))
          .as(platform + " with the sandbox on by name")
          .isTrue();
    }
  }

  @Test
  void demo_admin_token_is_loaded_while_salesbot_listens_on_loopback_only() {
    StandardEnvironment env =
        env(Map.of("salesbot.dev-services.active", "true", "server.address", "127.0.0.1"));

    new DemoDataEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());

    assertThat(env.getProperty("salesbot.admin.token")).isEqualTo("demo-admin-token");
    assertThat(env.getProperty("salesbot.teams.east.name")).isNotBlank();
  }

  @Test
  void demo_admin_token_is_dropped_when_salesbot_is_opened_to_the_network() {
    StandardEnvironment env =
        env(Map.of("salesbot.dev-services.active", "true", "server.address", "0.0.0.0"));

    new DemoDataEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());

    assertThat(env.getProperty("salesbot.admin.token")).isNull();
    assertThat(env.getProperty("salesbot.teams.east.name")).isNotBlank();
  }

  private static StandardEnvironment env(Map<String, Object> properties) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return env;
  }
}
