package io.salesbot.adapter.wecom;

import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import java.util.List;

/**
 * The three lead cards as core's {@code Cards} builds them in zh-CN, spelled out for golden files.
 */
final class Cards {
  static final String LEAD_ID = "6f9619ff-8b86-3011-b42d-b142a7516aef";
  static final String CARD_ID = "lead-" + LEAD_ID;

  static Card leadOffer() {
    return new Card(
        CARD_ID,
        1,
        CardType.LEAD_OFFER,
        "新线索：王女士",
        List.of(
            new CardElement.Text("高意向线索，请尽快领取"),
            new CardElement.Field("姓名", "王女士"),
            new CardElement.Field("手机", "138****8000"),
            new CardElement.Field("公司", "上海云杉科技有限公司"),
            new CardElement.Field("地区", "华东"),
            new CardElement.Field("意向产品", "企业版"),
            new CardElement.Field("留言", "想了解企业版的价格和私有化部署方案，最好本周内联系我，谢谢"),
            new CardElement.Field("团队", "华东销售一组"),
            new CardElement.Note("来源 web · 03-01 16:00 · 先到先得")),
        List.of(new CardButton("claim", "领取", LEAD_ID, CardButton.Style.PRIMARY)));
  }

  static Card claimedByYou() {
    return new Card(
        CARD_ID,
        2,
        CardType.LEAD_CLAIMED_BY_YOU,
        "你已领取：王女士",
        List.of(
            new CardElement.Text("请在 15 分钟内完成首次联系。"),
            new CardElement.Field("姓名", "王女士"),
            new CardElement.Field("手机", "13800138000"),
            new CardElement.Field("公司", "上海云杉科技有限公司"),
            new CardElement.Field("地区", "华东")),
        List.of());
  }

  static Card claimedByOther() {
    return new Card(
        CARD_ID,
        2,
        CardType.LEAD_CLAIMED_BY_OTHER,
        "已被 李四 领取：王女士",
        List.of(
            new CardElement.Text("该线索已由 李四 跟进，无需操作。"),
            new CardElement.Field("地区", "华东"),
            new CardElement.Field("意向产品", "企业版")),
        List.of());
  }

  /** The welcome card for a rep, as core's {@code Cards.welcome} builds it in zh-CN. */
  static Card welcome() {
    return new Card(
        "welcome-wecom-1000002-evt-7c9e6679-7425-30de-944b-e07fc1f90ae7",
        1,
        CardType.WELCOME,
        "你好，李四",
        List.of(
            new CardElement.Text("我是 salesbot：新线索会以卡片发给你，点「领取」或「接受」即可跟进；领取后请按时联系客户并点「已联系」。"),
            new CardElement.Note("常用：/leads · /pool · /help")),
        List.of(
            new CardButton("command", "我的线索", "/leads", CardButton.Style.PRIMARY),
            new CardButton("command", "公海", "/pool", CardButton.Style.DEFAULT),
            new CardButton("command", "帮助", "/help", CardButton.Style.DEFAULT)));
  }

  private Cards() {}
}
