package io.salesbot.core.stage;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.SkipRequest;
import io.salesbot.core.stage.domain.StageDef;
import io.salesbot.core.stage.domain.StageModel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The deal's cards: the deal card (stage path, checkpoints, evidence owed, next step, actions), the
 * "which checkpoint does this prove?" choice, the lost-reason choice and the manager's skip
 * approval. Each stays within the platforms' limits (at most 6 buttons, short fields).
 */
public final class DealCards {
  /** Advance to the next stage; payload {@code <dealId>:<stage index seen>}. */
  public static final String ADVANCE = "deal-advance";

  /** Won; payload the deal id. */
  public static final String WIN = "deal-win";

  /** Lost: asks for the reason; payload the deal id. */
  public static final String LOSE = "deal-lose";

  /** Lost for a reason; payload {@code <dealId>:<reason index>}. */
  public static final String LOST = "deal-lost";

  /** Evidence proves a checkpoint; payload {@code <evidenceId>:<dealId>:<checkpointId>}. */
  public static final String ATTACH = "deal-evidence";

  /** Manager approves a skip; payload the request id. */
  public static final String APPROVE_SKIP = "skip-approve";

  /** Manager rejects a skip; payload the request id. */
  public static final String REJECT_SKIP = "skip-reject";

  static final int MAX_BUTTONS = 6;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneId.of("Asia/Shanghai"));

  private final Messages messages;
  private final StageModel model;

  public DealCards(Messages messages, StageModel model) {
    this.messages = messages;
    this.model = model;
  }

  public static String dealCardId(String dealId) {
    return "deal-" + dealId;
  }

  /** ●●◐○○ 方案呈现: done stages, the current one, those ahead. */
  public String path(Deal deal) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < model.stages().size(); i++) {
      b.append(i < deal.stage() ? '●' : i == deal.stage() ? '◐' : '○');
    }
    return b.append(' ').append(model.stage(deal.stage()).name()).toString();
  }

  /** A file attached to a checkpoint, with a signed download link. */
  public record FileLink(String checkpoint, String name, String url) {}

  static final int MAX_LINKS = 5;

  public Card deal(Deal deal, Lead lead, Instant now) {
    return deal(deal, lead, now, List.of());
  }

  /** The deal card; {@code files} are listed with their links (at most {@value #MAX_LINKS}). */
  public Card deal(Deal deal, Lead lead, Instant now, List<FileLink> files) {
    StageDef stage = model.stage(deal.stage());
    List<CardElement> elements = new ArrayList<>();
    long days = Duration.between(deal.stageEnteredAt(), now).toDays();
    elements.add(
        new CardElement.Text(
            deal.isOpen()
                ? messages.get("card.deal.path", path(deal), days)
                : messages.get(
                    "card.deal.closed",
                    path(deal),
                    messages.get("deal.outcome." + deal.outcome().name().toLowerCase()),
                    deal.outcomeReason() == null ? "" : deal.outcomeReason())));
    for (CheckpointDef c : stage.checkpoints()) {
      elements.add(new CardElement.Field(c.label(), state(deal.state(c.id()), c)));
    }
    for (CheckpointDef c : deal.owed(model)) {
      CheckpointState s = deal.state(c.id());
      elements.add(
          new CardElement.Field(
              c.label(),
              messages.get("card.deal.owed", s.dueAt() == null ? "-" : DAY.format(s.dueAt()))));
    }
    if (deal.nextStep() != null) {
      elements.add(
          new CardElement.Field(
              messages.get("field.nextStep"),
              deal.nextStep().due() + " " + deal.nextStep().text()));
    }
    if (!files.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (FileLink f : files.subList(Math.max(0, files.size() - MAX_LINKS), files.size())) {
        lines.add(messages.get("card.deal.fileLink", f.checkpoint(), f.name(), f.url()));
      }
      elements.add(
          new CardElement.Text(
              messages.get("card.deal.files", files.size()) + "\n" + String.join("\n", lines)));
    }
    elements.add(new CardElement.Note(messages.get("card.deal.note", "#" + lead.shortId())));
    List<CardButton> buttons = new ArrayList<>();
    if (deal.isOpen()) {
      String ref = "#" + lead.shortId();
      if (deal.stage() < model.last()) {
        buttons.add(
            new CardButton(
                ADVANCE,
                messages.get("button.advance"),
                deal.id() + ":" + deal.stage(),
                CardButton.Style.PRIMARY));
        buttons.add(
            new CardButton(
                CardActions.RUN_COMMAND,
                messages.get("button.requestSkip"),
                "/skip " + ref,
                CardButton.Style.DEFAULT));
      } else {
        buttons.add(
            new CardButton(WIN, messages.get("button.win"), deal.id(), CardButton.Style.PRIMARY));
      }
      buttons.add(
          new CardButton(
              CardActions.RUN_COMMAND,
              messages.get("button.nextStep"),
              "/next " + ref,
              CardButton.Style.DEFAULT));
      buttons.add(
          new CardButton(LOSE, messages.get("button.lose"), deal.id(), CardButton.Style.DANGER));
    }
    return new Card(
        dealCardId(deal.id()),
        (int) Math.min(Integer.MAX_VALUE, deal.version()),
        CardType.DEAL,
        messages.get("card.deal.title", messages.leadName(lead.submission())),
        elements,
        buttons);
  }

  private String state(CheckpointState s, CheckpointDef c) {
    return switch (s.state()) {
      case DONE -> messages.get("checkpoint.done");
      case OWED -> messages.get("checkpoint.owed");
      case OPEN ->
          s.have().isEmpty()
              ? messages.get("checkpoint.open", needs(c))
              : messages.get("checkpoint.partly", needs(c));
    };
  }

  /** 笔记或文件 / 文件和金额: what completes it, in words. */
  public String needs(CheckpointDef c) {
    if (c.evidence().automatic()) {
      return messages.get("evidence.automatic");
    }
    List<String> groups = new ArrayList<>();
    for (var group : c.evidence().allOf()) {
      groups.add(
          String.join(
              messages.get("evidence.or"),
              group.stream().sorted().map(k -> messages.get(k.labelKey())).toList()));
    }
    return String.join(messages.get("evidence.and"), groups);
  }

  /** Which open checkpoint does this evidence prove? One button per (deal, checkpoint). */
  public Card choice(String cardId, String evidenceId, List<Option> options) {
    List<CardButton> buttons = new ArrayList<>();
    List<CardElement> elements = new ArrayList<>();
    for (Option o : options.subList(0, Math.min(MAX_BUTTONS, options.size()))) {
      buttons.add(
          new CardButton(
              ATTACH,
              "#" + o.lead().shortId() + " " + o.checkpoint().label(),
              evidenceId + ":" + o.deal().id() + ":" + o.checkpoint().id(),
              CardButton.Style.DEFAULT));
      elements.add(
          new CardElement.Field(
              "#" + o.lead().shortId(),
              messages.leadName(o.lead().submission()) + " · " + o.checkpoint().label()));
    }
    if (options.size() > MAX_BUTTONS) {
      elements.add(new CardElement.Note(messages.get("card.choice.more", options.size())));
    }
    return new Card(
        cardId, 1, CardType.CHOICE, messages.get("card.evidence.title"), elements, buttons);
  }

  /** A (deal, checkpoint) a piece of evidence may prove. */
  public record Option(Deal deal, Lead lead, CheckpointDef checkpoint) {}

  /** The checkpoints of one deal a piece of evidence may prove, before its lead is read. */
  record Candidates(Deal deal, List<CheckpointDef> checkpoints) {}

  /** Why was it lost? One button per configured reason. */
  public Card lostReasons(Deal deal, Lead lead, List<String> reasons) {
    List<CardButton> buttons = new ArrayList<>();
    for (int i = 0; i < reasons.size() && i < MAX_BUTTONS; i++) {
      buttons.add(
          new CardButton(LOST, reasons.get(i), deal.id() + ":" + i, CardButton.Style.DEFAULT));
    }
    return new Card(
        "lost-" + deal.id() + "-" + deal.version(),
        1,
        CardType.CHOICE,
        messages.get("card.lost.title", messages.leadName(lead.submission())),
        List.of(new CardElement.Text(messages.get("card.lost.text"))),
        buttons);
  }

  /** To the manager: approve or reject a skip, the reason and what would be owed shown. */
  public Card skipApproval(
      SkipRequest r, Deal deal, Lead lead, String repName, List<CheckpointDef> owed) {
    List<CardElement> elements = new ArrayList<>();
    elements.add(
        new CardElement.Text(
            messages.get(
                "card.skip.text",
                repName,
                model.stage(r.from()).name(),
                model.stage(r.to()).name())));
    elements.add(new CardElement.Field(messages.get("field.reason"), r.reason()));
    elements.add(
        new CardElement.Field(
            messages.get("field.owed"),
            String.join("、", owed.stream().map(CheckpointDef::label).toList())));
    elements.add(new CardElement.Note(messages.get("card.deal.note", "#" + lead.shortId())));
    return new Card(
        "skip-" + r.id(),
        1,
        CardType.SKIP_APPROVAL,
        messages.get("card.skip.title", messages.leadName(lead.submission())),
        elements,
        List.of(
            new CardButton(
                APPROVE_SKIP, messages.get("button.approve"), r.id(), CardButton.Style.PRIMARY),
            new CardButton(
                REJECT_SKIP, messages.get("button.reject"), r.id(), CardButton.Style.DANGER)));
  }
}
