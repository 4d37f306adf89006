package io.salesbot.core.command;

import io.salesbot.core.stage.domain.NextStep;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * {@code /next <deal> <date> <what…>}: the deal's next step (下一步计划); the date as {@code
 * 2026-12-10}, {@code 12-10}, {@code 12月10日}, {@code 明天} or {@code 后天}.
 */
public final class NextStepCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.of("next", 3, Integer.MAX_VALUE, "/next", "/下一步");
  private static final Pattern MONTH_DAY = Pattern.compile("(\\d{1,2})(?:-|/|月)(\\d{1,2})日?");

  private final DealLookup lookup;

  public NextStepCommand(DealLookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    var deals = lookup.deals();
    LocalDate today =
        LocalDate.ofInstant(deals.talk().clock().instant(), ZoneId.of("Asia/Shanghai"));
    Optional<LocalDate> due = date(call.args().get(1), today);
    String text = String.join(" ", call.args().subList(2, call.args().size()));
    if (due.isEmpty() || due.get().isBefore(today) || text.length() > 200) {
      return lookup
          .deals()
          .reply(call.message(), call.user(), "reply.next.invalid", call.args().get(1));
    }
    return lookup.withDeal(
        call,
        call.args().get(0),
        d -> {
          if (!d.deal().isOpen()) {
            return deals.reply(call.message(), call.user(), "reply.deal.closed");
          }
          return deals
              .deals()
              .save(d.deal().withNextStep(new NextStep(text, due.get())))
              .flatMap(
                  saved ->
                      deals
                          .audit(
                              saved,
                              call.user(),
                              "next_step",
                              "next step " + due.get() + ": " + text,
                              call.message().eventId())
                          .then(deals.show(saved, d.lead()))
                          .then(
                              deals.reply(
                                  call.message(),
                                  call.user(),
                                  "reply.next.set",
                                  due.get().toString(),
                                  "#" + d.lead().shortId()))
                          .thenReturn(true))
              .switchIfEmpty(
                  deals.reply(call.message(), call.user(), "reply.deal.changed").thenReturn(false))
              .then();
        });
  }

  static Optional<LocalDate> date(String word, LocalDate today) {
    switch (word) {
      case "今天":
        return Optional.of(today);
      case "明天":
        return Optional.of(today.plusDays(1));
      case "后天":
        return Optional.of(today.plusDays(2));
      default:
        break;
    }
    try {
      return Optional.of(LocalDate.parse(word));
    } catch (DateTimeParseException e) {
      // not ISO; try month-day
    }
    Matcher m = MONTH_DAY.matcher(word);
    if (m.matches()) {
      try {
        LocalDate d =
            LocalDate.of(
                today.getYear(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        return Optional.of(d.isBefore(today) ? d.plusYears(1) : d);
      } catch (java.time.DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
