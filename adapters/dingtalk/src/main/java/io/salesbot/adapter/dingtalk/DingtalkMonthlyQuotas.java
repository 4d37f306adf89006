package io.salesbot.adapter.dingtalk;

import io.salesbot.core.platform.MonthlyQuota;
import java.util.Objects;

/**
 * DingTalk's monthly quotas per organisation (调用频次与限流, 计费模型说明): API calls ({@code api}), counted
 * for every call to {@code api.dingtalk.com} except the access token, and Webhook &amp; Stream
 * pushes ({@code push}), counted for every event, robot message and card click DingTalk pushes to
 * salesbot and every session-webhook reply. Address-book calls and events are exempt and not
 * counted.
 *
 * @param api the API-call quota; kind {@code api}
 * @param pushes the Webhook &amp; Stream quota; kind {@code push}
 */
public record DingtalkMonthlyQuotas(MonthlyQuota api, MonthlyQuota pushes) {
  public static final String API = "api";
  public static final String PUSH = "push";

  public DingtalkMonthlyQuotas {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(pushes, "pushes");
    if (!API.equals(api.limit().kind()) || !PUSH.equals(pushes.limit().kind())) {
      throw new IllegalArgumentException("the quotas' kinds must be 'api' and 'push'");
    }
  }
}
