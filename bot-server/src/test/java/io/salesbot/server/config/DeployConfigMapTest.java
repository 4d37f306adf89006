package io.salesbot.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code application.yaml} that {@code deploy/k8s/configmap.yaml} mounts at {@code /config/}
 * uses only properties salesbot has (a typo would be ignored with a warning at start-up) and binds
 * to teams and an intake source.
 */
class DeployConfigMapTest {
  @Test
  void the_mounted_configuration_names_only_known_properties_and_binds() throws Exception {
    List<PropertySource<?>> sources =
        new YamlPropertySourceLoader()
            .load(
                "salesbot-config",
                new ByteArrayResource(mountedApplicationYaml().getBytes(StandardCharsets.UTF_8)));
    assertThat(sources).hasSize(1);
    EnumerablePropertySource<?> source = (EnumerablePropertySource<?>) sources.get(0);
    List<String> keys = List.of(source.getPropertyNames());
    assertThat(keys).contains("salesbot.intake.sources.website.secret", "salesbot.wecom.enabled");

    assertThat(UnknownProperties.warnings(keys, UnknownProperties.metadata())).isEmpty();

    SalesbotProperties bound =
        new Binder(ConfigurationPropertySources.from(source))
            .bindOrCreate("salesbot", SalesbotProperties.class);
    assertThat(bound.teams()).containsKey("east");
    assertThat(bound.teams().get("east").members()).hasSize(2);
    assertThat(bound.intake().sources()).containsKey("website");
  }

  @SuppressWarnings("unchecked")
  private static String mountedApplicationYaml() throws Exception {
    String file = Files.readString(Path.of("..", "deploy", "k8s", "configmap.yaml"));
    List<String> found = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(file)) {
      Map<String, Object> d = (Map<String, Object>) doc;
      Map<String, Object> metadata = (Map<String, Object>) d.get("metadata");
      if ("salesbot-config".equals(metadata.get("name"))) {
        found.add((String) ((Map<String, Object>) d.get("data")).get("application.yaml"));
      }
    }
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
