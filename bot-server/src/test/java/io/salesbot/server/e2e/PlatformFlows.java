package io.salesbot.server.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the WeCom and DingTalk end-to-end contexts share: WireMock standing in for the platform's
 * API, teams of the platform's reps, the properties that keep a platform context out of the other
 * contexts' way, and a blocking HTTP client for the callbacks.
 */
final class PlatformFlows {
  private PlatformFlows() {}

  /**
   * A grab team of one platform's reps. Tests each use their own, so that the reps' send budgets
   * are spent by one test only; ids and the region carry {@code run}, unique to the JVM, so that
   * leads kept in a reused data directory never leak into a run.
   *
   * @param platform the address platform, e.g. {@code wecom}
   * @param tag one letter for ids and user ids, e.g. {@code w}
   * @param label the team's and reps' names start with it, e.g. 企微
   */
  record Squad(String platform, String tag, String label, String run, String key, int size) {
    String id() {
      return tag + "t" + run + key;
    }

    String name() {
      return label + key + "组";
    }

    String region() {
      return label + "区" + run + key;
    }

    String rep(int n) {
      return String.format("%s%s%s%02d", tag, run, key, n);
    }

    String repName(int n) {
      return String.format("%s%s%02d", label, key, n);
    }

    String manager() {
      return tag + run + key + "boss";
    }

    /** Every rep's user id, in configuration order. */
    List<String> all() {
      List<String> all = new ArrayList<>();
      for (int i = 1; i <= size; i++) {
        all.add(rep(i));
      }
      return all;
    }

    /** Adds this team to the context's teams. */
    void register(DynamicPropertyRegistry registry) {
      String t = "salesbot.teams." + id() + ".";
      registry.add(t + "name", this::name);
      registry.add(t + "regions[0]", this::region);
      registry.add(t + "manager", () -> platform + ":" + manager());
      registry.add(t + "manager-name", () -> label + "主管" + key);
      for (int i = 1; i <= size; i++) {
        int n = i;
        registry.add(t + "members[" + (i - 1) + "].id", () -> platform + ":" + rep(n));
        registry.add(t + "members[" + (i - 1) + "].name", () -> repName(n));
      }
    }
  }

  /**
   * Its own Redis streams (this context's sandbox and workers must not take the entries of the
   * other test contexts alive in the same JVM, each keeps its sandbox inbox in memory); and
   * PostgreSQL's due timers and the leads parked while Redis was down are left to the default
   * context, whose tests wait for their effects.
   */
  static void isolate(DynamicPropertyRegistry registry, String keyPrefix) {
    registry.add("salesbot.pipeline.key-prefix", () -> keyPrefix);
    registry.add("salesbot.sla.poll-interval", () -> "1h");
    registry.add("salesbot.pipeline.relay-interval", () -> "1h");
  }

  /** A started WireMock on a loopback port, stopped when the JVM ends. */
  static WireMockServer wireMock(
      com.github.tomakehurst.wiremock.extension.Extension... extensions) {
    WireMockServer server =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(40)
                .jettyAcceptors(2)
                .extensions(extensions));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    return server;
  }

  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Sends over real HTTP, unchecked. */
  static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return client.send(request, body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
