package io.salesbot.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Warns at start-up about every {@code salesbot.*} key that no property has — a typo such as {@code
 * salesbot.intake.source.web.secret} would otherwise be ignored silently — naming the closest known
 * property. Known are the properties in the generated configuration metadata (keys below a map or
 * list property are that property's entries) and the start-up switches read before binding ({@code
 * salesbot.dev-services.*}, {@code salesbot.demo.*}). Environment variables are not checked (their
 * names cannot be mapped back unambiguously).
 */
@Configuration(proxyBeanMethods = false)
class UnknownProperties {
  private static final Logger LOG = LoggerFactory.getLogger(UnknownProperties.class);
  private static final List<String> READ_BEFORE_BINDING =
      List.of("salesbot.dev-services.", "salesbot.demo.", "salesbot.test.");

  /** A property from the metadata; a container (map or list) accepts any key below it. */
  record Known(String name, boolean container) {}

  @Bean
  ApplicationListener<ApplicationStartedEvent> unknownPropertiesWarning() {
    return event -> {
      ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
      for (String warning : warnings(keys(env), metadata())) {
        LOG.warn(warning);
      }
    };
  }

  /** One warning per unknown key, naming the closest known property. */
  static List<String> warnings(Collection<String> keys, Collection<Known> known) {
    List<String> out = new ArrayList<>();
    for (String key : new TreeSet<>(keys)) {
      if (!key.startsWith("salesbot.") || isKnown(key, known)) {
        continue;
      }
      out.add(
          "unknown configuration property '"
              + key
              + "' is ignored; did you mean '"
              + closest(key, known)
              + "'? (docs/configuration.md lists every property)");
    }
    return out;
  }

  private static boolean isKnown(String key, Collection<Known> known) {
    String k = normalise(key);
    if (READ_BEFORE_BINDING.stream().anyMatch(k::startsWith)) {
      return true;
    }
    for (Known p : known) {
      if (k.equals(p.name())
          || (p.container() && (k.startsWith(p.name() + ".") || k.startsWith(p.name() + "[")))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code salesbot.routing.rules[0].id} and camelCase spellings compare as the metadata writes
   * them.
   */
  private static String normalise(String key) {
    StringBuilder b = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('-').append(Character.toLowerCase(c));
      } else {
        b.append(c == '_' ? '-' : c);
      }
    }
    return b.toString();
  }

  /**
   * The known name (for a container: with the key's remaining segments) nearest by edit distance.
   */
  static String closest(String key, Collection<Known> known) {
    String k = normalise(key);
    String[] segments = k.split("\\.");
    String best = "";
    int bestDistance = Integer.MAX_VALUE;
    for (Known p : known) {
      String candidate = p.name();
      int n = p.name().split("\\.").length;
      if (p.container() && segments.length > n) {
        candidate =
            p.name() + "." + String.join(".", List.of(segments).subList(n, segments.length));
      }
      int d = distance(k, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Set<String> keys(ConfigurableEnvironment env) {
    Set<String> keys = new TreeSet<>();
    for (PropertySource<?> source : env.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> e
          && !source.getName().startsWith("system")) {
        for (String name : e.getPropertyNames()) {
          if (name.startsWith("salesbot.")) {
            keys.add(name);
          }
        }
      }
    }
    return keys;
  }

  /** Every salesbot.* property of the generated metadata on the classpath. */
  static List<Known> metadata() {
    List<Known> known = new ArrayList<>();
    try {
      Enumeration<URL> files =
          UnknownProperties.class
              .getClassLoader()
              .getResources("META-INF/spring-configuration-metadata.json");
      ObjectMapper json = new ObjectMapper();
      while (files.hasMoreElements()) {
        try (InputStream in = files.nextElement().openStream()) {
          JsonNode root = json.readTree(in);
          for (JsonNode p : root.path("properties")) {
            String name = p.path("name").asString("");
            String type = p.path("type").asString("");
            if (name.startsWith("salesbot.")) {
              known.add(
                  new Known(
                      name, type.startsWith("java.util.Map") || type.startsWith("java.util.List")));
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("configuration metadata unreadable; unknown keys are not checked", e);
    }
    return known;
  }
}
