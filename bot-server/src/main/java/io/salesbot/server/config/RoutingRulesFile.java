package io.salesbot.server.config;

import io.salesbot.core.routing.domain.RoutingRule;
import io.salesbot.core.team.TeamDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Routing rules from a YAML file ({@code salesbot.routing.rules-file}), re-read when the file
 * changes. Every version is validated like the configured rules; an invalid one keeps the previous
 * rules and says why in the log. The file must be valid at start-up.
 */
public final class RoutingRulesFile implements AutoCloseable {
  static final String PROPERTY = "salesbot.routing.rules-file";
  private static final Logger LOG = LoggerFactory.getLogger(RoutingRulesFile.class);

  private final Path path;
  private final TeamDirectory directory;
  private final AtomicReference<List<RoutingRule>> rules = new AtomicReference<>();
  private volatile @Nullable FileTime loaded;
  private volatile @Nullable Disposable watcher;

  // The file replaces salesbot.routing.rules and nothing else of the properties, so they are
  // not kept; the parameter stays for the configuration class that builds this (edited elsewhere).
  RoutingRulesFile(Path path, SalesbotProperties properties, TeamDirectory directory) {
    this.path = path;
    this.directory = directory;
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      rules.set(read());
      loaded = modified;
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigurationException(PROPERTY, "cannot use " + path + ": " + reason(e));
    }
    LOG.info("Routing: {} rule(s) from {}", rules.get().size(), path);
  }

  /** The file the rules are read from. */
  public Path path() {
    return path;
  }

  /** The rules in force. */
  public List<RoutingRule> rules() {
    return rules.get();
  }

  /** Re-reads the file if it changed; true when new rules took effect. */
  public boolean reloadIfChanged() {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(path);
    } catch (IOException e) {
      LOG.warn(
          "Routing rules file {} is unreadable ({}); keeping the previous rules", path, reason(e));
      return false;
    }
    if (modified.equals(loaded)) {
      return false;
    }
    loaded = modified;
    try {
      List<RoutingRule> fresh = read();
      rules.set(fresh);
      LOG.info("Routing rules reloaded from {}: {} rule(s)", path, fresh.size());
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Routing rules file {} is invalid, keeping the previous {} rule(s): {}",
          path,
          rules.get().size(),
          reason(e));
      return false;
    }
  }

  /** Checks the file every {@code every} until closed. */
  void watch(Duration every) {
    watcher =
        Flux.interval(every, every, Schedulers.boundedElastic())
            .onBackpressureDrop()
            .subscribe(tick -> reloadIfChanged());
  }

  @Override
  public void close() {
    Disposable w = watcher;
    if (w != null) {
      w.dispose();
    }
  }

  private List<RoutingRule> read() throws IOException {
    List<PropertySource<?>> sources =
        new YamlPropertySourceLoader().load("routing-rules", new FileSystemResource(path));
    List<SalesbotProperties.Rule> bound =
        new Binder(ConfigurationPropertySources.from(sources))
            .bind("rules", Bindable.listOf(SalesbotProperties.Rule.class))
            .orElseThrow(() -> new IllegalArgumentException("the file has no 'rules:' list"));
    return RoutingFactory.rules(bound, directory);
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return root == e || root.getMessage() == null
        ? message
        : message + " (" + root.getMessage() + ")";
  }
}
