package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.score.AnswerDispute;
import io.salesbot.core.score.AnswerDispute.Result;
import io.salesbot.core.score.Disputes;
import io.salesbot.core.score.OpenDispute;
import io.salesbot.core.score.PublishScorecards.Published;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.score.domain.Dispute;
import io.salesbot.core.score.domain.RecordOutcome;
import io.salesbot.core.team.domain.Team;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /disputes} ({@code /申诉}): disputes (有异议) of published scorecards. Without arguments, a
 * manager's list (the open disputes of their teams and the latest answered) or a rep's own. {@code
 * open <month> <comment>} (提出) opens one; {@code accept <id> <dimension> <value> [note]} (接受) and
 * {@code reject <id> <reason>} (驳回) answer one, the rep's team manager only. The buttons of the
 * scorecard and dispute cards run these without the text; the answer says what to type.
 */
public final class DisputesCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("disputes", 0, 200, "/disputes", "/申诉");

  /** How many answered disputes a manager's list shows per team, and a rep's list in all. */
  static final int RECENT = 5;

  private final CommandSupport support;
  private final ScoreDrafts drafts;
  private final Disputes disputes;
  private final OpenDispute open;
  private final AnswerDispute answer;

  public DisputesCommand(
      CommandSupport support,
      ScoreDrafts drafts,
      Disputes disputes,
      OpenDispute open,
      AnswerDispute answer) {
    this.support = support;
    this.drafts = drafts;
    this.disputes = disputes;
    this.open = open;
    this.answer = answer;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    List<String> a = call.args();
    if (a.isEmpty()) {
      return list(call);
    }
    String verb = a.get(0).toLowerCase(Locale.ROOT);
    if (a.size() < 2) {
      return support.usage(call.message(), SPEC);
    }
    String rest = String.join(" ", a.subList(2, a.size()));
    switch (verb) {
      case "open", "提出":
        return open(call, a.get(1), rest);
      case "accept", "接受":
        return accept(call, a);
      case "reject", "驳回":
        return reject(call, a.get(1), rest);
      default:
        return support.usage(call.message(), SPEC);
    }
  }

  private Mono<Void> open(CommandCall call, String monthArg, String comment) {
    Optional<YearMonth> period = PublishCommand.month(support, drafts, monthArg);
    if (period.isEmpty()) {
      return support.say(call, "reply.score.badPeriod", monthArg);
    }
    String month = period.get().toString();
    if (comment.isBlank()) { // the 有异议 button: say what to type
      return support.say(call, "reply.disputes.commentNeeded", month);
    }
    return open.open(
            new OpenDispute.Command(period.get(), call.user(), comment, call.message().eventId()))
        .flatMap(r -> opened(call, month, r));
  }

  private Mono<Void> opened(CommandCall call, String month, OpenDispute.Result r) {
    if (r instanceof OpenDispute.Result.Opened o) {
      return support.say(
          call,
          "reply.disputes.opened",
          o.dispute().id(),
          month,
          o.dispute().version(),
          support.directory().displayName(o.manager()));
    }
    if (r instanceof OpenDispute.Result.NotARep) {
      return support.say(call, "reply.disputes.notARep");
    }
    if (r instanceof OpenDispute.Result.CommentTooLong t) {
      return support.say(call, "reply.disputes.tooLong", t.max());
    }
    if (r instanceof OpenDispute.Result.NotPublished) {
      return support.say(call, "reply.disputes.notPublished", month);
    }
    if (r instanceof OpenDispute.Result.AlreadyOpen o) {
      return support.say(call, "reply.disputes.alreadyOpen", month, o.open().id());
    }
    return support.say(call, "reply.disputes.commentNeeded", month);
  }

  /** Without dimension and value (the 接受 button), the answer says what to type. */
  private Mono<Void> accept(CommandCall call, List<String> a) {
    String note = a.size() > 4 ? String.join(" ", a.subList(4, a.size())) : "";
    return answer
        .accept(
            new AnswerDispute.Accept(
                a.get(1),
                call.user(),
                a.size() > 2 ? a.get(2) : "",
                a.size() > 3 ? a.get(3) : "",
                note,
                call.message().eventId()))
        .flatMap(r -> answered(call, r));
  }

  private Mono<Void> reject(CommandCall call, String id, String reason) {
    return answer
        .reject(new AnswerDispute.Reject(id, call.user(), reason, call.message().eventId()))
        .flatMap(r -> answered(call, r));
  }

  private Mono<Void> answered(CommandCall call, Result r) {
    String id = call.args().get(1);
    if (r instanceof Result.Accepted ac) {
      return accepted(call, ac);
    }
    if (r instanceof Result.Rejected rj) {
      return support.say(
          call,
          "reply.disputes.rejected",
          rj.dispute().id(),
          support.directory().displayName(rj.dispute().rep()));
    }
    if (r instanceof Result.NotYourTeam n) {
      return support.say(call, "reply.disputes.notYourTeam", n.dispute().id());
    }
    if (r instanceof Result.AlreadyAnswered n) {
      Dispute d = n.dispute();
      return support.say(
          call,
          "reply.disputes.alreadyAnswered",
          d.id(),
          state(d),
          d.answeredBy() == null ? "-" : support.directory().displayName(d.answeredBy()));
    }
    if (r instanceof Result.ReasonRequired n) {
      return support.say(call, "reply.disputes.reasonRequired", n.dispute().id());
    }
    if (r instanceof Result.TextTooLong t) {
      return support.say(call, "reply.disputes.tooLong", t.max());
    }
    if (r instanceof Result.UnknownDimension u) {
      return u.given().isEmpty()
          ? support.say(call, "reply.disputes.howToAccept", id, u.known())
          : support.say(call, "reply.disputes.unknownDimension", u.given(), id, u.known());
    }
    if (r instanceof Result.BadValue b) {
      return support.say(call, "reply.disputes.badValue", b.given(), id);
    }
    return support.say(call, "reply.disputes.notFound", id);
  }

  private Mono<Void> accepted(CommandCall call, Result.Accepted ac) {
    Dispute d = ac.dispute();
    String rep = support.directory().displayName(d.rep());
    String quarantined =
        ac.correction().status() == RecordOutcome.Status.QUARANTINED
            ? support.messages().get("reply.disputes.quarantined")
            : "";
    Published p = ac.published();
    String published =
        p instanceof Published.Done done
            ? support
                .messages()
                .get("reply.disputes.published", d.period(), done.version(), ac.told())
            : p instanceof Published.HeldByFeeds h
                ? support
                    .messages()
                    .get("reply.publish.heldByFeeds", d.period(), String.join("；", h.reasons()))
                : support.messages().get("reply.disputes.notPublishedNow", d.period());
    return support.say(call, "reply.disputes.accepted", d.id(), rep, quarantined + published);
  }

  private Mono<Void> list(CommandCall call) {
    List<Team> teams = support.managedTeams(call.user());
    Flux<Dispute> shown =
        teams.isEmpty()
            ? disputes.ofRep(call.user(), RECENT * 2)
            : Flux.fromIterable(teams)
                .concatMap(
                    t -> disputes.openOf(t.id()).concatWith(disputes.answeredOf(t.id(), RECENT)));
    return shown
        .collectList()
        .flatMap(
            ds -> {
              if (ds.isEmpty()) {
                return support.say(call, "reply.disputes.none");
              }
              Messages m = support.messages();
              long open = ds.stream().filter(Dispute::isOpen).count();
              List<String> lines = new ArrayList<>();
              lines.add(m.get("reply.disputes.header", open, ds.size()));
              for (Dispute d : ds) {
                lines.add(line(m, d));
              }
              return support.say(call.message(), String.join("\n", lines));
            });
  }

  private String line(Messages m, Dispute d) {
    String head =
        m.get(
            "reply.disputes.line",
            d.id(),
            support.directory().displayName(d.rep()),
            d.period().toString(),
            d.version(),
            state(d),
            CommandSupport.TIME.format(d.openedAt()),
            d.comment());
    if (d.isOpen() || d.answeredBy() == null) {
      return head;
    }
    Address by = d.answeredBy();
    String what =
        d.dimension() == null
            ? String.valueOf(d.answer())
            : d.dimension()
                + " "
                + (d.value() == null ? "" : d.value().toPlainString())
                + (d.answer() == null || d.answer().isBlank() ? "" : " " + d.answer());
    return head + " " + m.get("reply.disputes.answer", support.directory().displayName(by), what);
  }

  private String state(Dispute d) {
    return support
        .messages()
        .get("reply.disputes.state." + d.state().name().toLowerCase(Locale.ROOT));
  }
}
