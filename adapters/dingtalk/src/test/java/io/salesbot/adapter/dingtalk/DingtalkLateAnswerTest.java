package io.salesbot.adapter.dingtalk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.salesbot.core.kernel.Outbox;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.OutboundCommand;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.platform.DeliverOutbound;
import io.salesbot.core.platform.Quotas;
import io.salesbot.core.platform.domain.Delivery;
import io.salesbot.core.testing.InMemoryAccessTokens;
import io.salesbot.core.testing.InMemoryDeliveries;
import io.salesbot.core.testing.InMemoryInboundQueue;
import io.salesbot.core.testing.InMemoryQuotas;
import io.salesbot.core.testing.InMemorySendBudgets;
import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A DingTalk that creates and delivers a card but answers after the adapter's call timeout (issue
 * 15's "zero duplicate cards"). The stand-in behaves as DingTalk documents {@code
 * createAndDeliver}: an {@code outTrackId} is created once, a repeat is answered {@code
 * param.cardAlreadyExist} ({@link OutTrackIds}). Each rep must get the card once: the repeat counts
 * as delivered, and the existing card is not delivered to them again.
 */
class DingtalkLateAnswerTest {
  static final Address U1 = new Address("dingtalk", "u1");
  static final Address U2 = new Address("dingtalk", "u2");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T09:00:00Z"));
  private final InMemoryDeliveries deliveries = new InMemoryDeliveries();
  private final List<OutboundCommand> waiting = new CopyOnWriteArrayList<>();
  private final OutTrackIds outTrackIds = new OutTrackIds();
  private WireMockServer api;

  /**
   * DingTalk's side: the first {@code createAndDeliver} of an {@code outTrackId} creates the card
   * and delivers it into the spaces of its {@code openSpaceId} (recorded in {@code shown}),
   * answered after 6 s — past the adapter's 5 s call timeout; a later one is refused with HTTP 400
   * {@code param.cardAlreadyExist}. A {@code deliver} shows the card in its spaces again.
   */
  static final class OutTrackIds implements ResponseDefinitionTransformerV2 {
    static final String NAME = "dingtalk-out-track-ids";
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final List<String> shown = new CopyOnWriteArrayList<>();

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      var body = DingtalkEvents.JSON.readTree(event.getRequest().getBodyAsString());
      List<String> spaces =
          List.of(body.path("openSpaceId").asString().replace("dtv1.card//", "").split(";"));
      boolean create = event.getRequest().getUrl().endsWith("/createAndDeliver");
      if (create && !created.add(body.path("outTrackId").asString())) {
        return ResponseDefinitionBuilder.responseDefinition()
            .withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"code\":\"param.cardAlreadyExist\",\"message\":\"卡片已经存在\"}")
            .build();
      }
      shown.addAll(spaces);
      ResponseDefinitionBuilder answer =
          ResponseDefinitionBuilder.okForJson(0)
              .withBody("{\"success\":true,\"result\":{\"deliverResults\":[]}}");
      return (create ? answer.withFixedDelay(6_000) : answer).build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  @BeforeEach
  void start() {
    api = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(outTrackIds));
    api.start();
    api.stubFor(
        post(urlEqualTo("/v1.0/oauth2/accessToken"))
            .willReturn(okJson("{\"accessToken\":\"TOKEN-1\",\"expireIn\":7200}")));
    for (String path : List.of("createAndDeliver", "deliver")) {
      api.stubFor(
          post(urlEqualTo("/v1.0/card/instances/" + path))
              .willReturn(aResponse().withTransformers(OutTrackIds.NAME)));
    }
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  private DeliverOutbound deliver(int attempts, @Nullable Quotas quotas) {
    DingtalkSettings settings =
        Payloads.settings(api.baseUrl(), DingtalkSettings.Mode.STREAM)
            .withRetry(attempts, Duration.ofMillis(10));
    Outbox outbox =
        new Outbox() {
          @Override
          public Mono<Void> emit(OutboundCommand command) {
            return Mono.fromRunnable(() -> waiting.add(command));
          }

          @Override
          public Mono<Void> defer(OutboundCommand command, Instant notBefore) {
            return emit(command);
          }
        };
    return new DeliverOutbound(
        List.of(
            new DingtalkAdapterConfiguration(
                    settings,
                    new InMemoryInboundQueue(),
                    new InMemoryAccessTokens(),
                    new InMemorySendBudgets(clock),
                    quotas,
                    clock)
                .platform()),
        deliveries,
        outbox,
        clock);
  }

  private static DeliverCard offer() {
    return new DeliverCard("offer-42", DingtalkPlatformTest.OFFER, List.of(U1, U2));
  }

  @Test
  void a_retry_of_a_create_carried_out_late_counts_as_delivered_and_delivers_nothing_again() {
    deliver(2, null).handle(offer()).block(Duration.ofSeconds(60));

    assertThat(waiting).isEmpty();
    assertEachRepGotTheCardOnce();
  }

  @Test
  void a_redelivery_after_a_create_carried_out_late_reaches_nobody_twice() {
    DeliverOutbound deliver = deliver(1, new InMemoryQuotas(clock));

    deliver.handle(offer()).block(Duration.ofSeconds(60));
    // no answer in time: nothing recorded, the command waits in the outbox
    assertThat(deliveries.all()).isEmpty();
    assertThat(waiting).hasSize(1);

    List<OutboundCommand> again = new ArrayList<>(waiting);
    waiting.clear();
    clock.advance(Duration.ofMinutes(1));
    again.forEach(c -> deliver.handle(c).block(Duration.ofSeconds(60)));

    assertThat(waiting).isEmpty();
    assertEachRepGotTheCardOnce();
  }

  private void assertEachRepGotTheCardOnce() {
    assertThat(deliveries.all()).extracting(Delivery::recipient).containsExactlyInAnyOrder(U1, U2);
    assertThat(outTrackIds.shown)
        .as("spaces DingTalk showed the card in")
        .containsExactlyInAnyOrder("IM_ROBOT.u1", "IM_ROBOT.u2");
  }
}
