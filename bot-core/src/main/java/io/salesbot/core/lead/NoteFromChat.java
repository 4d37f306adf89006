package io.salesbot.core.lead;

import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.kernel.Messages;
import io.salesbot.core.kernel.Talk;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.CardType;
import io.salesbot.core.kernel.domain.InboundEvent.CardAction;
import io.salesbot.core.kernel.domain.InboundEvent.TextMessage;
import io.salesbot.core.kernel.domain.OutboundCommand.DeliverCard;
import io.salesbot.core.kernel.domain.OutboundCommand.UpdateCard;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadNote;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Replying to a lead card with text adds a note (沟通记录), made explicit: neither WeCom's app callback
 * nor DingTalk's robot callback says which message a text answers, so a plain text a rep sends the
 * bot in the 1:1 chat within {@code window} of acting on a card of a lead they own (领取, 接受, 已联系) is
 * offered as a note of that lead — a card "记为线索 #… 的沟通记录？" with 记录 and 不用 — and kept only when they
 * press 记录. The text waits in {@link NoteOffers} meanwhile.
 */
public final class NoteFromChat {
  private static final System.Logger LOG = System.getLogger(NoteFromChat.class.getName());

  /** Keep the offered text as a note; payload: the text's event id. */
  public static final String RECORD = "note-record";

  /** Do not keep it; payload: the text's event id. */
  public static final String SKIP = "note-skip";

  /** The default {@code salesbot.notes.reply-window}. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private final NoteOffers offers;
  private final LeadNotes notes;
  private final Leads leads;
  private final Talk talk;
  private final Duration window;

  /**
   * @param window how long after acting on a lead card a plain text is offered as its note; zero
   *     turns the offer off
   */
  public NoteFromChat(NoteOffers offers, LeadNotes notes, Leads leads, Talk talk, Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("the note window must not be negative: " + window);
    }
    this.offers = offers;
    this.notes = notes;
    this.leads = leads;
    this.talk = talk;
    this.window = window;
  }

  /**
   * {@code handler}, which a lead card's button runs, remembering first that the presser acted on
   * that lead (its id is the payload up to the first {@code :}).
   */
  public CardActions.Handler remembering(CardActions.Handler handler) {
    return click -> {
      String leadId = click.payload().split(":", 2)[0];
      return offers
          .acted(click.user(), leadId, click.receivedAt())
          .then(Mono.defer(() -> handler.handle(click)));
    };
  }

  /**
   * Offers a plain 1:1 text as a note of the lead the rep acted on last, when that was within the
   * window and the rep owns it; true when it was offered (and so answered).
   */
  public Mono<Boolean> offer(TextMessage message) {
    String text = message.text().strip();
    if (window.isZero() || message.conversation() != null || !LeadNote.fits(text)) {
      return Mono.just(false);
    }
    Address rep = message.user();
    return offers
        .lastActed(rep, message.receivedAt().minus(window))
        .flatMap(leads::findById)
        .filter(lead -> lead.isOwnedBy(rep) && !lead.status().ended())
        .flatMap(
            lead -> {
              LeadNote offered =
                  new LeadNote(lead.id(), rep, text, message.eventId(), message.receivedAt());
              String cardId = "note-offer-" + message.eventId();
              return offers
                  .keep(offered)
                  .then(
                      talk.replies()
                          .perPlatform(
                              List.of(rep),
                              (r, s) ->
                                  new DeliverCard(cardId + s, question(cardId, lead, offered), r)))
                  .thenReturn(true);
            })
        .defaultIfEmpty(false);
  }

  /** 记录: keeps the offered text as a note of its lead (once, however often it is pressed). */
  public Mono<Void> record(CardAction click) {
    return decide(click, true);
  }

  /** 不用: forgets the offered text. */
  public Mono<Void> skip(CardAction click) {
    return decide(click, false);
  }

  private Mono<Void> decide(CardAction click, boolean keep) {
    Address rep = click.user();
    Messages messages = talk.messages();
    String eventId = click.payload();
    return offers
        .find(eventId)
        .filter(offered -> offered.author().equals(rep))
        .flatMap(
            offered ->
                leads
                    .findById(offered.leadId())
                    .flatMap(
                        lead -> {
                          if (!keep) {
                            return answer(click, lead, "card.noteOffer.skipped")
                                .then(offers.drop(eventId));
                          }
                          if (!lead.isOwnedBy(rep)) {
                            return talk.replies()
                                .reply(click, rep, messages.get("reply.notYourLead"))
                                .then(offers.drop(eventId));
                          }
                          return notes
                              .add(offered)
                              .doOnNext(
                                  added ->
                                      LOG.log(
                                          System.Logger.Level.INFO,
                                          "note from chat kept on lead {0} by {1}: {2}",
                                          lead.id(),
                                          rep,
                                          PhoneNumbers.maskAll(offered.text())))
                              .then(answer(click, lead, "card.noteOffer.recorded"))
                              .then(offers.drop(eventId));
                        }))
        .switchIfEmpty(
            Mono.defer(
                () -> talk.replies().reply(click, rep, messages.get("reply.noteOffer.gone"))));
  }

  /**
   * The question card, and after the answer the same card without buttons, saying what happened.
   */
  private Card question(String cardId, Lead lead, LeadNote offered) {
    Messages m = talk.messages();
    return new Card(
        cardId,
        1,
        CardType.CHOICE,
        m.get("card.noteOffer.title", "#" + lead.shortId(), m.leadName(lead.submission())),
        List.of(new CardElement.Text(offered.text())),
        List.of(
            new CardButton(
                RECORD, m.get("button.noteRecord"), offered.eventId(), CardButton.Style.PRIMARY),
            new CardButton(
                SKIP, m.get("button.noteSkip"), offered.eventId(), CardButton.Style.DEFAULT)));
  }

  private Mono<Void> answer(CardAction click, Lead lead, String key) {
    Messages m = talk.messages();
    Card done =
        new Card(
            click.cardId(),
            2,
            CardType.CHOICE,
            m.get("card.noteOffer.title", "#" + lead.shortId(), m.leadName(lead.submission())),
            List.of(new CardElement.Text(m.get(key, "#" + lead.shortId()))),
            List.of());
    return talk.replies()
        .perPlatform(
            List.of(click.user()),
            (r, s) -> new UpdateCard("note-answer-" + click.eventId() + s, done, r));
  }
}
