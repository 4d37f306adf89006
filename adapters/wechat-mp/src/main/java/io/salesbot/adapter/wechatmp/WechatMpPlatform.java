package io.salesbot.adapter.wechatmp;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.Quotas;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Followers of an official account as recipients ({@code wechat-mp:<appId>:<openid>}): texts go out
 * as customer-service messages, each only after a use was taken from the follower's window. Past
 * the quota nothing is sent and the delivery is recorded as {@code skipped:quota}, so the command
 * is not retried; so are WeChat's own refusals 45015 and 45047. Cards are not supported.
 */
final class WechatMpPlatform implements ChatPlatform {
  private static final Logger LOG = LoggerFactory.getLogger(WechatMpPlatform.class);

  private final MpApi api;
  private final Quotas quotas;

  WechatMpPlatform(MpApi api, Quotas quotas) {
    this.api = api;
    this.quotas = quotas;
  }

  @Override
  public String id() {
    return WechatMpSettings.PLATFORM;
  }

  @Override
  public Mono<Boolean> circuitOpen() {
    return Mono.fromSupplier(api::circuitOpen);
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    return Mono.error(unsupported());
  }

  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.error(unsupported());
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    return Flux.fromIterable(recipients)
        .concatMap(r -> sendOne(commandId, text, r))
        .collectList()
        .map(SendOutcome.Delivered::new);
  }

  private Mono<Delivery> sendOne(String commandId, String text, Address to) {
    int colon = to.userId().indexOf(':');
    if (colon <= 0 || colon == to.userId().length() - 1) {
      return Mono.error(
          new ChatDeliveryException(
              id(), "bad-recipient", "expected wechat-mp:<appId>:<openid>, got " + to, false));
    }
    String appId = to.userId().substring(0, colon);
    String openId = to.userId().substring(colon + 1);
    return quotas
        .take(Welcomes.windows(appId, openId))
        .flatMap(
            allowed -> {
              if (!allowed) {
                LOG.info(
                    "not sending {} to a follower of {}: the customer-service quota is used up",
                    commandId,
                    appId);
                return Mono.just(new Delivery(commandId, to, "skipped:quota"));
              }
              return api.sendText(appId, openId, text)
                  .thenReturn(new Delivery(commandId, to, "kefu"))
                  .onErrorResume(
                      e ->
                          e instanceof ChatDeliveryException
                              && MpApi.QUOTA.contains(parse(((ChatDeliveryException) e).code())),
                      e -> {
                        LOG.info("WeChat refused {}: {}", commandId, e.getMessage());
                        return Mono.just(
                            new Delivery(
                                commandId, to, "refused:" + ((ChatDeliveryException) e).code()));
                      });
            });
  }

  private static int parse(String code) {
    try {
      return Integer.parseInt(code);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private ChatDeliveryException unsupported() {
    return new ChatDeliveryException(
        id(), "unsupported", "official-account followers receive texts only, not cards", false);
  }
}
