package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesbot.adapter.redis.RedisAdapter;
import io.salesbot.adapter.redis.StreamStats;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.server.config.SalesbotProperties;
import io.salesbot.server.devservices.DevServicesSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Keeps {@code deploy/} true to the application: the Kubernetes manifests against the packaged
 * {@code application.yaml}, the running server's probes, the property names the application binds
 * and the Redis adapter's stream names; the Grafana dashboard and the Prometheus rules against the
 * meters {@code /actuator/prometheus} exports.
 *
 * <p>Runs in the DingTalk context the DingTalk flows share (no context of its own): only there are
 * the DingTalk meters ({@code salesbot_dingtalk_*}) registered.
 */
class DeployArtefactsTest extends DingtalkSupport {
  static final Path DEPLOY = Path.of("..", "deploy");

  /** Names Prometheus itself adds to every scrape target, not exported by the application. */
  static final Set<String> PROMETHEUS_OWN = Set.of("up");

  @Autowired Environment environment;
  @Autowired RedisAdapter redis;

  @Test
  void the_deployment_listens_on_the_applications_port_and_probes_its_health_groups() {
    Map<String, Object> container = container();
    Map<String, Object> packaged = packagedApplicationYaml();
    int serverPort = (Integer) at(packaged, "server", "port");
    assertThat(at(packaged, "management", "server", "port"))
        .as("no separate management port: the probes use the application port")
        .isNull();

    Map<String, Object> port = only(list(container, "ports"));
    assertThat(port).containsEntry("containerPort", serverPort).containsEntry("name", "http");
    Map<String, Object> service = document("service.yaml", "Service");
    assertThat(only(list(map(service, "spec"), "ports"))).containsEntry("targetPort", "http");
    assertThat(map(map(service, "spec"), "selector"))
        .isEqualTo(
            at(document("deployment.yaml", "Deployment"), "spec", "selector", "matchLabels"));

    assertThat(at(packaged, "management", "endpoint", "health", "probes", "enabled"))
        .isEqualTo(true);
    assertThat((String) at(packaged, "management", "endpoints", "web", "exposure", "include"))
        .contains("health");
    Map<String, String> probes =
        Map.of(
            "livenessProbe", "/actuator/health/liveness",
            "startupProbe", "/actuator/health/liveness",
            "readinessProbe", "/actuator/health/readiness");
    probes.forEach(
        (probe, path) -> {
          Map<String, Object> get = map(map(container, probe), "httpGet");
          assertThat(get).containsEntry("path", path).containsEntry("port", "http");
          // The running server answers the probe without a token, as the kubelet asks.
          http.get()
              .uri(path)
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody()
              .jsonPath("$.status")
              .isEqualTo("UP");
        });

    assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
    Duration shutdown =
        environment.getProperty(
            "spring.lifecycle.timeout-per-shutdown-phase", Duration.class, Duration.ofSeconds(30));
    int grace =
        (Integer)
            at(
                document("deployment.yaml", "Deployment"),
                "spec",
                "template",
                "spec",
                "terminationGracePeriodSeconds");
    assertThat(Duration.ofSeconds(grace)).isGreaterThan(shutdown);
  }

  @Test
  void every_environment_variable_is_one_the_application_reads() {
    Set<String> variables = environmentVariables(rendered(DEPLOY.resolve("k8s")));
    assertThat(variables)
        .contains(
            "SPRING_R2DBC_URL",
            "SPRING_R2DBC_USERNAME",
            "SPRING_R2DBC_PASSWORD",
            "SPRING_DATA_REDIS_HOST",
            "SPRING_DATA_REDIS_PORT",
            "SALESBOT_DEV_SERVICES_ENABLED");
    assertReadByTheApplication(variables);
  }

  /** Each variable binds a property or fills a placeholder of the mounted configuration. */
  private static void assertReadByTheApplication(Set<String> variables) {
    Set<String> bound = propertyEnvironmentNames();
    Set<String> placeholders = placeholdersInMountedConfig();
    for (String variable : variables) {
      assertThat(
              bound.contains(variable)
                  || placeholders.contains(variable)
                  || variable.equals("JAVA_TOOL_OPTIONS"))
          .as("%s binds no property the application reads and no placeholder uses it", variable)
          .isTrue();
    }
    assertThat(placeholders).as("every placeholder is set").isSubsetOf(variables);
  }

  @Test
  void keda_scales_on_the_length_of_the_adapters_inbound_lanes() {
    List<Map<String, Object>> docs = rendered(DEPLOY.resolve("k8s"));
    Map<String, Object> scaled = named(docs, "ScaledObject", null);
    assertThat(at(scaled, "spec", "scaleTargetRef", "name"))
        .isEqualTo(at(named(docs, "Deployment", null), "metadata", "name"));
    // This context runs under its own key prefix: the adapter names its lanes from it ...
    String prefix = redis.settings().keyPrefix();
    assertThat(prefix).isEqualTo(environment.getProperty("salesbot.pipeline.key-prefix"));
    List<StreamStats> stats = redis.stats().block(Duration.ofSeconds(10));
    assertThat(stats)
        .extracting(StreamStats::stream)
        .containsAll(lanes(prefix, false).keySet())
        .allSatisfy(stream -> assertThat(stream).startsWith(prefix + ":"));
    // ... and a deployment that sets none uses the default, which KEDA must name.
    Set<String> variables = environmentVariables(docs);
    Map<String, String> thresholds = new TreeMap<>();
    for (Map<String, Object> metadata : triggers(scaled, "redis-streams")) {
      for (String key : List.of("hostFromEnv", "portFromEnv", "passwordFromEnv")) {
        assertThat(variables).contains((String) metadata.get(key));
      }
      thresholds.put((String) metadata.get("stream"), (String) metadata.get("streamLength"));
    }
    assertThat(thresholds.keySet()).isEqualTo(lanes(defaultKeyPrefix(), false).keySet());
  }

  @Test
  void the_redis_cluster_overlay_points_the_application_and_keda_at_the_cluster() {
    List<Map<String, Object>> base = rendered(DEPLOY.resolve("k8s"));
    List<Map<String, Object>> docs = rendered(DEPLOY.resolve("k8s-redis-cluster"));
    Set<String> variables = environmentVariables(docs);
    assertThat(variables)
        .contains("SPRING_DATA_REDIS_CLUSTER_NODES", "SPRING_DATA_REDIS_PASSWORD")
        .doesNotContain("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT");
    assertReadByTheApplication(variables);
    String nodes =
        (String)
            map(named(docs, "ConfigMap", "salesbot-env"), "data")
                .get("SPRING_DATA_REDIS_CLUSTER_NODES");
    assertThat(nodes.split(",")).allSatisfy(n -> assertThat(n).matches("[a-z0-9.-]+:[0-9]+"));

    Map<String, Object> scaled = named(docs, "ScaledObject", null);
    Map<String, Object> standalone = named(base, "ScaledObject", null);
    assertThat(withoutTriggers(scaled)).isEqualTo(withoutTriggers(standalone));
    Map<String, String> cluster = lanes(defaultKeyPrefix(), true);
    Map<String, String> byLane = new TreeMap<>();
    for (Map<String, Object> metadata : triggers(scaled, "redis-cluster-streams")) {
      assertThat(metadata)
          .containsEntry("addressesFromEnv", "SPRING_DATA_REDIS_CLUSTER_NODES")
          .doesNotContainKeys("hostFromEnv", "portFromEnv", "addresses", "hosts");
      assertThat(variables).contains((String) metadata.get("passwordFromEnv"));
      String stream = (String) metadata.get("stream");
      assertThat(cluster).containsKey(stream);
      byLane.put(cluster.get(stream), (String) metadata.get("streamLength"));
    }
    // Both lanes, each with the same threshold as on a standalone Redis.
    Map<String, String> standaloneLanes = lanes(defaultKeyPrefix(), false);
    Map<String, String> standaloneByLane = new TreeMap<>();
    for (Map<String, Object> metadata : triggers(standalone, "redis-streams")) {
      standaloneByLane.put(
          standaloneLanes.get((String) metadata.get("stream")),
          (String) metadata.get("streamLength"));
    }
    assertThat(byLane).isEqualTo(standaloneByLane).hasSize(cluster.size());
  }

  /**
   * The metadata of each trigger of a ScaledObject, all of {@code type}: each scales on the
   * stream's length (a positive {@code streamLength}) and names no {@code consumerGroup}, with
   * which KEDA's streams scalers read the pending entries list instead of the length.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> triggers(Map<String, Object> scaled, String type) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object t : (List<Object>) at(scaled, "spec", "triggers")) {
      Map<String, Object> trigger = (Map<String, Object>) t;
      assertThat(trigger).containsEntry("type", type);
      Map<String, Object> metadata = map(trigger, "metadata");
      assertThat(metadata).doesNotContainKeys("consumerGroup", "pendingEntriesCount", "lagCount");
      assertThat(Integer.parseInt((String) metadata.get("streamLength"))).isPositive();
      all.add(metadata);
    }
    assertThat(all).isNotEmpty();
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutTriggers(Map<String, Object> scaled) {
    Map<String, Object> copy = new LinkedHashMap<>(scaled);
    Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) copy.get("spec"));
    spec.remove("triggers");
    copy.put("spec", spec);
    return copy;
  }

  /** Platforms the queue names are checked with: enough for every form of name. */
  private static final List<String> PLATFORMS = List.of("dingtalk", "sandbox", "wecom");

  @Test
  void the_dashboard_and_the_rules_select_streams_by_queue_alike_on_standalone_and_cluster()
      throws IOException {
    String text =
        Files.readString(DEPLOY.resolve("grafana/salesbot.json"))
            + Files.readString(DEPLOY.resolve("prometheus/salesbot-rules.yaml"));
    assertThat(Pattern.compile("\\bstream\\s*!?=").matcher(text).find())
        .as("no selector on the stream key: it differs between the layouts")
        .isFalse();
    Matcher m = Pattern.compile("queue\\s*(=~?)\\s*\\\\?\"([^\"\\\\]+)").matcher(text);
    List<Pattern> selectors = new ArrayList<>();
    while (m.find()) {
      // PromQL anchors a regex matcher at both ends, as matches() does.
      String value = m.group(1).equals("=") ? Pattern.quote(m.group(2)) : m.group(2);
      selectors.add(Pattern.compile(value));
    }
    assertThat(selectors).isNotEmpty();
    for (boolean cluster : List.of(false, true)) {
      Collection<String> queues =
          RedisAdapter.queues(defaultKeyPrefix(), cluster, PLATFORMS).values();
      assertThat(queues).as("lanes and outboxes").contains("in:hot", "in:normal", "out:wecom");
      Set<String> dead =
          queues.stream()
              .filter(q -> q.equals("dead") || q.startsWith("dead:"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(dead).isNotEmpty();
      boolean deadWatched = false;
      for (Pattern selector : selectors) {
        Set<String> selected =
            queues.stream()
                .filter(q -> selector.matcher(q).matches())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(selected).as("%s selects a queue (cluster: %s)", selector, cluster).isNotEmpty();
        if (!Collections.disjoint(selected, dead)) {
          assertThat(selected).as("dead letters: all of them, nothing else").isEqualTo(dead);
          deadWatched = true;
        }
      }
      assertThat(deadWatched).as("the dead letters are watched (cluster: %s)", cluster).isTrue();
    }
  }

  /** The adapter's inbound lanes under {@code prefix}: key → queue name. */
  private static Map<String, String> lanes(String prefix, boolean cluster) {
    Map<String, String> lanes = new TreeMap<>();
    RedisAdapter.queues(prefix, cluster, List.of())
        .forEach(
            (stream, queue) -> {
              if (queue.startsWith("in:")) {
                lanes.put(stream, queue);
              }
            });
    assertThat(lanes).hasSize(Priority.values().length);
    return lanes;
  }

  /** {@code salesbot.pipeline.key-prefix} when nothing sets it. */
  private static String defaultKeyPrefix() {
    return new Binder(new MapConfigurationPropertySource())
        .bindOrCreate("salesbot.pipeline", SalesbotProperties.Pipeline.class)
        .keyPrefix();
  }

  @Test
  void every_metric_in_the_dashboard_and_the_rules_is_exported() throws IOException {
    // Counters with tags appear once counted: one accepted lead whose cards go out, one refusal.
    String intake =
        submit("{\"name\":\"监控\",\"phone\":\"" + randomPhone() + "\",\"region\":\"华东\"}");
    assertThat(intake).isNotBlank();
    signed("web", "wrong-secret-123", "{\"name\":\"x\"}")
        .exchange()
        .expectStatus()
        .isUnauthorized();

    Set<String> referenced = new TreeSet<>();
    JsonNode dashboard = JSON.readTree(Files.readString(DEPLOY.resolve("grafana/salesbot.json")));
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        referenced.addAll(metricNames(target.get("expr").asString()));
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      referenced.addAll(metricNames(variable.at("/query/query").asString()));
    }
    Set<String> inDashboard = Set.copyOf(referenced);
    for (Map<String, Object> rule : rules()) {
      referenced.addAll(metricNames((String) rule.get("expr")));
    }
    assertThat(inDashboard).contains("salesbot_dingtalk_quota_used", "salesbot_stream_length");
    referenced.removeAll(PROMETHEUS_OWN);

    Set<String> missing =
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  Set<String> left = new TreeSet<>(referenced);
                  left.removeAll(exported());
                  return left;
                },
                Set::isEmpty);
    assertThat(missing).isEmpty();
    // The stream gauges carry the queue the rules select by, beside the key (this context's
    // prefix, a standalone Redis).
    String prefix = redis.settings().keyPrefix();
    String scrape = scrape();
    for (String[] tags :
        List.of(new String[] {"in:hot", ":in:hot"}, new String[] {"dead", ":dead"})) {
      assertThat(scrape)
          .containsPattern(
              "salesbot_stream_length\\{[^}]*queue=\""
                  + Pattern.quote(tags[0])
                  + "\",stream=\""
                  + Pattern.quote(prefix + tags[1])
                  + "\"");
    }
  }

  /** Names of the series in a scrape of {@code /actuator/prometheus}. */
  private Set<String> exported() {
    return scrape()
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

  /**
   * The metric names in a PromQL expression: identifiers outside label matchers, range selectors,
   * grouping clauses and strings, that are not functions or operators.
   */
  static Set<String> metricNames(String promql) {
    String bare = STRING.matcher(promql).replaceAll("\"\"");
    bare = bare.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    // label_values(metric, label): the label is not a metric.
    Matcher lv = Pattern.compile("label_values\\(\\s*\\w+\\s*,\\s*(\\w+)\\s*\\)").matcher(bare);
    while (lv.find()) {
      names.remove(lv.group(1));
    }
    return names;
  }

  @Test
  void the_promql_reader_finds_metric_names_only() {
    assertThat(
            metricNames(
                "sum by (platform, outcome) (rate(salesbot_outbound_commands_total{instance=~\"$i\"}[1m]))"
                    + " > 0.1 * max(up{job=\"salesbot\"} == 1) and x_y offset 5m"))
        .containsExactly("salesbot_outbound_commands_total", "up", "x_y");
    assertThat(
            metricNames("label_values(process_uptime_seconds{application=\"salesbot\"}, instance)"))
        .containsExactly("process_uptime_seconds");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() throws IOException {
    Map<String, Object> file =
        new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/salesbot-rules.yaml")));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : (List<Object>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
    }
    assertThat(rules).isNotEmpty().allSatisfy(r -> assertThat(r).containsKeys("alert", "expr"));
    return rules;
  }

  /**
   * Every variable the container gets: its env, and the keys of its ConfigMaps and Secrets, as
   * {@code docs} (a rendered kustomization) has them.
   */
  @SuppressWarnings("unchecked")
  private static Set<String> environmentVariables(List<Map<String, Object>> docs) {
    Map<String, Object> container = container(docs);
    Set<String> names = new TreeSet<>();
    for (Object e : list(container, "env")) {
      names.add((String) ((Map<String, Object>) e).get("name"));
    }
    for (Object source : list(container, "envFrom")) {
      Map<String, Object> from = (Map<String, Object>) source;
      if (from.containsKey("configMapRef")) {
        String name = (String) map(from, "configMapRef").get("name");
        names.addAll(map(named(docs, "ConfigMap", name), "data").keySet());
      } else {
        String name = (String) map(from, "secretRef").get("name");
        names.addAll(map(named(docs, "Secret", name), "stringData").keySet());
      }
    }
    return names;
  }

  /**
   * What {@code kubectl kustomize <dir>} renders, for what these kustomizations use: the documents
   * of every resource (a file, or a directory with a kustomization of its own), then each patch of
   * {@code patches:} applied to the one document of its kind and name as a JSON merge patch (maps
   * merged, a null removes a key, a list replaced whole). For the ConfigMap data and the
   * ScaledObject triggers patched here that is what kustomize's strategic merge does too (checked
   * with kubectl kustomize, kustomize 5.5).
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rendered(Path dir) {
    Map<String, Object> kustomization = load(dir.resolve("kustomization.yaml")).get(0);
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object resource : list(kustomization, "resources")) {
      Path path = dir.resolve((String) resource).normalize();
      docs.addAll(Files.isDirectory(path) ? rendered(path) : load(path));
    }
    for (Object p : list(kustomization, "patches")) {
      Map<String, Object> patch =
          load(dir.resolve((String) ((Map<String, Object>) p).get("path"))).get(0);
      Map<String, Object> target =
          named(docs, (String) patch.get("kind"), (String) map(patch, "metadata").get("name"));
      docs.set(docs.indexOf(target), (Map<String, Object>) mergePatch(target, patch));
    }
    return docs;
  }

  /** RFC 7386 JSON merge patch. */
  @SuppressWarnings("unchecked")
  static Object mergePatch(Object target, Object patch) {
    if (!(patch instanceof Map)) {
      return patch;
    }
    Map<String, Object> result =
        target instanceof Map
            ? new LinkedHashMap<>((Map<String, Object>) target)
            : new LinkedHashMap<>();
    ((Map<String, Object>) patch)
        .forEach(
            (key, value) -> {
              if (value == null) {
                result.remove(key);
              } else {
                result.put(key, mergePatch(result.get(key), value));
              }
            });
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> load(Path file) {
    List<Map<String, Object>> docs = new ArrayList<>();
    try {
      for (Object doc : new Yaml().loadAll(Files.readString(file))) {
        docs.add((Map<String, Object>) doc);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /**
   * {@code ${NAME}} placeholders in the configuration files the deployment mounts (not comments).
   */
  @SuppressWarnings("unchecked")
  private static Set<String> placeholdersInMountedConfig() {
    Map<String, Object> spec =
        (Map<String, Object>)
            at(document("deployment.yaml", "Deployment"), "spec", "template", "spec");
    Set<String> names = new TreeSet<>();
    for (Object v : (List<Object>) spec.get("volumes")) {
      Map<String, Object> volume = (Map<String, Object>) v;
      if (!volume.containsKey("configMap")) {
        continue;
      }
      String name = (String) map(volume, "configMap").get("name");
      for (Object file : map(named("configmap.yaml", "ConfigMap", name), "data").values()) {
        String text =
            ((String) file)
                .lines()
                .filter(l -> !l.strip().startsWith("#"))
                .collect(Collectors.joining("\n"));
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[^}]*)?}").matcher(text);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /**
   * The environment-variable forms of every property in the configuration metadata on the classpath
   * (Spring Boot's and salesbot's own, generated from the properties records): upper case, {@code
   * .} to {@code _}, {@code -} removed or turned into {@code _}.
   */
  private static Set<String> propertyEnvironmentNames() {
    Set<String> names = new HashSet<>();
    try {
      for (URL url :
          Collections.list(
              DeployArtefactsTest.class
                  .getClassLoader()
                  .getResources("META-INF/spring-configuration-metadata.json"))) {
        try (InputStream in = url.openStream()) {
          JsonNode metadata = JSON.readTree(in);
          for (JsonNode property : metadata.path("properties")) {
            String p = property.get("name").asString().toUpperCase(Locale.ROOT).replace('.', '_');
            names.add(p.replace("-", ""));
            names.add(p.replace('-', '_'));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Read from the Environment before binding (dev services), so not in the metadata.
    String devServices = DevServicesSettings.ENABLED.toUpperCase(Locale.ROOT).replace('.', '_');
    names.add(devServices.replace("-", ""));
    names.add(devServices.replace('-', '_'));
    assertThat(names).as("salesbot's own metadata is on the classpath").contains("SALESBOT_LOCALE");
    return names;
  }

  private static Map<String, Object> container() {
    return container(rendered(DEPLOY.resolve("k8s")));
  }

  private static Map<String, Object> container(List<Map<String, Object>> docs) {
    Map<String, Object> deployment = named(docs, "Deployment", null);
    @SuppressWarnings("unchecked")
    List<Object> containers =
        (List<Object>) at(deployment, "spec", "template", "spec", "containers");
    return only(containers);
  }

  private static Map<String, Object> packagedApplicationYaml() {
    try (InputStream in =
        DeployArtefactsTest.class.getClassLoader().getResourceAsStream("application.yaml")) {
      return new Yaml().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> document(String file, String kind) {
    return named(file, kind, null);
  }

  /** The one document of that kind (and name, unless null) in {@code deploy/k8s/<file>}. */
  private static Map<String, Object> named(String file, String kind, String name) {
    return named(load(DEPLOY.resolve("k8s").resolve(file)), kind, name);
  }

  /** The one document of that kind (and name, unless null) among {@code docs}. */
  private static Map<String, Object> named(
      List<Map<String, Object>> docs, String kind, String name) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> d : docs) {
      if (kind.equals(d.get("kind"))
          && (name == null || name.equals(map(d, "metadata").get("name")))) {
        found.add(d);
      }
    }
    assertThat(found).as("%s %s", kind, name).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      if (!(node instanceof Map)) {
        return null;
      }
      node = ((Map<String, Object>) node).get(key);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> parent, String key) {
    Object value = parent.getOrDefault(key, List.of());
    assertThat(value).as(key).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> only(List<Object> items) {
    assertThat(items).hasSize(1);
    return (Map<String, Object>) items.get(0);
  }
}
