package io.salesbot.server.evidence;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.stage.EvidenceFilePorts;
import io.salesbot.core.stage.EvidenceLimits;
import io.salesbot.core.stage.EvidenceLinks;
import io.salesbot.core.stage.MediaSource;
import io.salesbot.server.config.InvalidConfigurationException;
import io.salesbot.server.devservices.DevServicesSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Evidence files: the store on disk, the platforms' media downloads (each platform's wiring adds
 * its {@link MediaSource} bean), the link signer, and {@code GET /evidence/{id}}. Every property is
 * checked at start-up; a wrong one stops start-up naming it.
 */
@Configuration(proxyBeanMethods = false)
public class EvidenceWiring {
  static final String P = "salesbot.evidence";

  @Bean
  EvidenceLimits evidenceLimits(EvidenceProperties properties) {
    long max = properties.maxFileSize().toBytes();
    if (max <= 0) {
      throw new InvalidConfigurationException(
          P + ".max-file-size", "must be positive, e.g. 20MB; got " + properties.maxFileSize());
    }
    try {
      return new EvidenceLimits(max, properties.allowedTypes());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(P + ".allowed-types", e.getMessage());
    }
  }

  @Bean
  DiskEvidenceFiles diskEvidenceFiles(
      EvidenceProperties properties, EvidenceLimits limits, Environment env) {
    Path dir = directory(properties, env);
    try {
      Files.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        throw new IOException("not writable");
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigurationException(
          P + ".directory", "cannot use " + dir + " for evidence files: " + e.getMessage());
    }
    return new DiskEvidenceFiles(dir, limits);
  }

  @Bean
  EvidenceLinks evidenceLinks(EvidenceProperties properties, DiskEvidenceFiles files) {
    String base = properties.publicBaseUrl().strip();
    if (!base.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(base);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null
          || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new InvalidConfigurationException(
            P + ".public-base-url", "must be an http(s) URL, got '" + base + "'");
      }
    }
    if (properties.linkValidity().isNegative() || properties.linkValidity().isZero()) {
      throw new InvalidConfigurationException(
          P + ".link-validity", "must be positive, e.g. 24h; got " + properties.linkValidity());
    }
    return new EvidenceLinks(base, secret(properties, files.root()), properties.linkValidity());
  }

  @Bean
  EvidenceFilePorts evidenceFilePorts(
      EvidenceProperties properties,
      DiskEvidenceFiles files,
      ObjectProvider<MediaSource> sources,
      EvidenceLinks links) {
    if (properties.locationWindow().isNegative()) {
      throw new InvalidConfigurationException(
          P + ".location-window",
          "must be zero or positive, e.g. 30m; got " + properties.locationWindow());
    }
    List<MediaSource> all = sources.orderedStream().toList();
    return new EvidenceFilePorts(files, all, links, properties.locationWindow());
  }

  @Bean
  RouterFunction<ServerResponse> evidenceRoutes(
      EvidenceLinks links, DiskEvidenceFiles files, PostgresAdapter postgres, Clock clock) {
    return new EvidenceDownloads(links, postgres.evidence(), files, clock).routes();
  }

  static Path directory(EvidenceProperties properties, Environment env) {
    String configured = properties.directory();
    try {
      if (configured != null && !configured.isBlank()) {
        return Path.of(configured.strip()).toAbsolutePath().normalize();
      }
      String data =
          env.getProperty(DevServicesSettings.DATA_DIR, DevServicesSettings.DEFAULT_DATA_DIR);
      return Path.of(data.strip()).resolve("evidence").toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(
          P + ".directory", "is not a usable path: " + e.getMessage());
    }
  }

  /** The configured secret, else the one kept in the directory (made on first start). */
  static byte[] secret(EvidenceProperties properties, Path dir) {
    String configured = properties.linkSecret();
    if (configured != null && !configured.isBlank()) {
      if (configured.strip().length() < 16) {
        throw new InvalidConfigurationException(
            P + ".link-secret", "must be at least 16 characters");
      }
      return configured.strip().getBytes(StandardCharsets.UTF_8);
    }
    Path file = dir.resolve(".link-secret");
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.writeString(
              file,
              Base64.getEncoder().encodeToString(fresh),
              StandardCharsets.US_ASCII,
              StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
          // another instance made it first
        }
      }
      byte[] secret = Base64.getDecoder().decode(Files.readString(file).strip());
      if (secret.length < 16) {
        throw new IOException("it holds fewer than 16 bytes");
      }
      return secret;
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          P + ".link-secret",
          "is not set and " + file + " cannot be used (" + e.getMessage() + "); set it");
    }
  }
}
