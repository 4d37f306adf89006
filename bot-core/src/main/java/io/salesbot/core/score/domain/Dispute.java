package io.salesbot.core.score.domain;

import io.salesbot.core.kernel.domain.Address;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rep's dispute (有异议) of a published scorecard version, and the manager's answer. Legal
 * transitions: {@code OPEN → ACCEPTED} (with the corrected dimension and figure) and {@code OPEN →
 * REJECTED} (with a reason); an answered dispute never changes again.
 *
 * @param id short and typeable ({@link #idFor}), unique
 * @param team the rep's team when the dispute was opened: its manager answers
 * @param version the published version of {@code period} that was in force when it was opened
 * @param request the chat message that opened it (a redelivery opens nothing twice)
 * @param dimension for an accepted dispute, the corrected scorecard dimension (its id)
 * @param value for an accepted dispute, the dimension's corrected figure
 * @param answer the manager's reason (rejected) or note (accepted, may be blank)
 * @param answerRequest the chat message that answered it (a redelivery resumes, never answers
 *     twice)
 */
public record Dispute(
    String id,
    Address rep,
    String team,
    YearMonth period,
    int version,
    String comment,
    Instant openedAt,
    String request,
    State state,
    @Nullable String dimension,
    @Nullable BigDecimal value,
    @Nullable String answer,
    @Nullable Address answeredBy,
    @Nullable Instant answeredAt,
    @Nullable String answerRequest) {
  /** The longest comment or answer kept, in characters. */
  public static final int MAX_TEXT = 500;

  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final int ID_LENGTH = 6;

  public Dispute {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    if (version < 1) {
      throw new IllegalArgumentException("a dispute is about a published version (1, 2, …)");
    }
  }

  /** Where a dispute stands. */
  public enum State {
    OPEN,
    ACCEPTED,
    REJECTED
  }

  /** The same open dispute under another id (when its first id is taken). */
  public Dispute withId(String otherId) {
    return open(otherId, rep, team, period, version, comment, openedAt, request);
  }

  /** A new, open dispute. */
  public static Dispute open(
      String id,
      Address rep,
      String team,
      YearMonth period,
      int version,
      String comment,
      Instant at,
      String request) {
    return new Dispute(
        id,
        rep,
        team,
        period,
        version,
        comment,
        at,
        request,
        State.OPEN,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Accepted by {@code by}: the dimension's corrected figure and an optional note. */
  public Dispute accepted(
      String dimension, BigDecimal value, String note, Address by, Instant at, String request) {
    return answered(State.ACCEPTED, dimension, value, note, by, at, request);
  }

  /** Rejected by {@code by} with a reason. */
  public Dispute rejected(String reason, Address by, Instant at, String request) {
    return answered(State.REJECTED, null, null, reason, by, at, request);
  }

  private Dispute answered(
      State to,
      @Nullable String dim,
      @Nullable BigDecimal val,
      String text,
      Address by,
      Instant at,
      String req) {
    if (state != State.OPEN) {
      throw new IllegalStateException("dispute " + id + " is " + state + " already");
    }
    return new Dispute(
        id, rep, team, period, version, comment, openedAt, request, to, dim, val, text, by, at,
        req);
  }

  /**
   * The id of the dispute a request opens: {@value #ID_LENGTH} letters and digits (no 0/o, 1/l/i)
   * from its hash, so that a redelivered request gets the same id; {@code attempt} > 0 gives
   * another one when that id is taken by another request.
   */
  public static String idFor(String request, int attempt) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((request + "#" + attempt).getBytes(StandardCharsets.UTF_8));
      StringBuilder id = new StringBuilder(ID_LENGTH);
      for (int i = 0; i < ID_LENGTH; i++) {
        id.append(ALPHABET.charAt((hash[i] & 0xff) % ALPHABET.length()));
      }
      return id.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
