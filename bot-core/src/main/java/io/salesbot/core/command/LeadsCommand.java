package io.salesbot.core.command;

import io.salesbot.core.kernel.Messages;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadStatus;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.sla.domain.SlaClock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** {@code /leads}: the sender's open leads, each with where its first-touch clock stands. */
public final class LeadsCommand implements CommandHandler {
  private static final CommandSpec SPEC = CommandSpec.of("leads", 0, 0, "/leads", "/我的线索");

  private final CommandSupport support;
  private final Leads leads;
  private final SlaClocks clocks;
  private final Messages messages;

  public LeadsCommand(CommandSupport support, Leads leads, SlaClocks clocks) {
    this.support = support;
    this.leads = leads;
    this.clocks = clocks;
    this.messages = support.messages();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    return leads
        .ownedBy(call.user(), 20)
        .filter(l -> l.status() == LeadStatus.CLAIMED)
        .concatMap(
            lead -> clocks.find(lead.id()).map(c -> line(lead, c)).defaultIfEmpty(line(lead, null)))
        .collectList()
        .flatMap(
            lines ->
                support.say(
                    call.message(),
                    lines.isEmpty()
                        ? messages.get("reply.myLeads.none")
                        : messages.get("reply.myLeads", lines.size())
                            + "\n"
                            + String.join("\n", lines)));
  }

  private String line(Lead lead, @Nullable SlaClock c) {
    String state;
    if (c == null || !c.owner().equals(lead.owner())) {
      state = messages.get("state.open");
    } else if (!c.running()) {
      state =
          messages.get(
              "state.contacted", messages.get(Objects.requireNonNull(c.channel()).labelKey()));
    } else if (c.breachedAt() != null) {
      state = messages.get("state.breached");
    } else {
      state = messages.get("state.waiting", CommandSupport.TIME.format(c.dueAt()));
    }
    return "#" + lead.shortId() + " " + messages.leadName(lead.submission()) + " · " + state;
  }
}
