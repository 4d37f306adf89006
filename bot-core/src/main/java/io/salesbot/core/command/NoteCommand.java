package io.salesbot.core.command;

import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.domain.LeadNote;
import io.salesbot.core.team.domain.Team;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code /note <lead> <text>} (alias {@code /备注}): keeps a note on the lead (沟通记录), shown by {@code
 * /why} and in the admin lead view. Its owner and the people of its team may write one; the text
 * keeps its line breaks, at most {@link LeadNote#MAX_LENGTH} characters.
 */
public final class NoteCommand implements CommandHandler {
  private static final CommandSpec SPEC =
      CommandSpec.of("note", 2, Integer.MAX_VALUE, "/note", "/备注");

  private final CommandSupport support;
  private final LeadNotes notes;

  public NoteCommand(CommandSupport support, LeadNotes notes) {
    this.support = support;
    this.notes = notes;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Mono<Void> run(CommandCall call) {
    String ref = call.args().get(0);
    String text = textAfter(call.message().text(), ref, call);
    if (!LeadNote.fits(text)) {
      return support.say(call, "reply.note.tooLong", LeadNote.MAX_LENGTH);
    }
    return support.findLead(
        call.message(),
        ref,
        lead -> {
          Optional<Team> team = support.teamOf(lead);
          boolean allowed =
              lead.isOwnedBy(call.user())
                  || (team.isPresent() && support.inTeam(team.get(), call.user()));
          if (!allowed) {
            return support.say(call, "reply.notYourTeam", "#" + lead.shortId());
          }
          LeadNote note =
              new LeadNote(
                  lead.id(),
                  call.user(),
                  text,
                  call.message().eventId(),
                  call.message().receivedAt());
          return notes
              .add(note)
              .flatMap(
                  added ->
                      support.say(
                          call,
                          "reply.note.added",
                          "#" + lead.shortId(),
                          support.messages().leadName(lead.submission())));
        });
  }

  /** The text as typed after the lead reference (line breaks kept), else the joined words. */
  private static String textAfter(String typed, String ref, CommandCall call) {
    int at = typed.indexOf(ref);
    if (at < 0) {
      return String.join(" ", call.args().subList(1, call.args().size()));
    }
    return typed.substring(at + ref.length()).strip();
  }
}
