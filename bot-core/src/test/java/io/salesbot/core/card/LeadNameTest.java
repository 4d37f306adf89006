package io.salesbot.core.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LeadNameTest {
  private final Messages messages = (key, args) -> "<" + key + ">";

  private static LeadSubmission lead(
      @Nullable String name,
      @Nullable String phone,
      @Nullable String company,
      @Nullable String openId) {
    return new LeadSubmission(
        "i1",
        "src",
        name,
        phone,
        company,
        null,
        null,
        null,
        null,
        null,
        openId,
        Map.of(),
        Priority.NORMAL);
  }

  @Test
  void a_lead_is_called_by_its_name_company_or_masked_phone() {
    assertThat(messages.leadName(lead("王先生", "13800138000", "某制造", "o1"))).isEqualTo("王先生");
    assertThat(messages.leadName(lead(null, "13800138000", "某制造", "o1"))).isEqualTo("某制造");
    assertThat(messages.leadName(lead(null, "13800138000", null, "o1"))).isEqualTo("138****8000");
  }

  @Test
  void a_lead_known_only_by_openid_is_a_wechat_follower_and_otherwise_unnamed() {
    assertThat(messages.leadName(lead(null, null, null, "o1"))).isEqualTo("<lead.wechatFollower>");
    assertThat(messages.leadName(lead(null, null, null, null))).isEqualTo("<lead.unnamed>");
  }
}
