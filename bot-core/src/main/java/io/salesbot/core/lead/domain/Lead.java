package io.salesbot.core.lead.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A stored lead: what was submitted, where it was routed and who owns it. */
public record Lead(
    String id,
    LeadSubmission submission,
    LeadStatus status,
    @Nullable String teamId,
    @Nullable Address owner,
    Instant createdAt,
    @Nullable Instant claimedAt,
    long version) {
  public Lead {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(submission, "submission");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new, unrouted lead. */
  public static Lead create(String id, LeadSubmission submission, Instant now) {
    return new Lead(id, submission, LeadStatus.NEW, null, null, now, null, 0);
  }

  public Lead routedTo(String team) {
    return new Lead(id, submission, LeadStatus.POOLED, team, null, createdAt, null, version + 1);
  }

  public Lead claimedBy(Address rep, Instant at) {
    return new Lead(id, submission, LeadStatus.CLAIMED, teamId, rep, createdAt, at, version + 1);
  }

  /** The same lead with another owner (null: back in the pool), as {@code Leads.transfer} does. */
  /** Ended with its deal: won, lost or invalid; the owner stays (whose deal it was). */
  public Lead endedAs(LeadStatus to) {
    if (!status.canBecome(to) || !to.ended()) {
      throw new IllegalStateException("a " + status + " lead cannot become " + to);
    }
    return new Lead(id, submission, to, teamId, owner, createdAt, claimedAt, version + 1);
  }

  public Lead transferredTo(@Nullable Address rep, Instant at) {
    return rep == null
        ? new Lead(id, submission, LeadStatus.POOLED, teamId, null, createdAt, null, version + 1)
        : new Lead(id, submission, LeadStatus.CLAIMED, teamId, rep, createdAt, at, version + 1);
  }

  /**
   * The lead after merging a later intake of the same person: fields the lead lacks are taken from
   * it, nothing it has is overwritten, and a hot intake makes the lead hot. Unchanged when the
   * intake adds nothing.
   */
  public Lead mergedWith(LeadSubmission later) {
    LeadSubmission s = submission;
    LeadSubmission merged =
        new LeadSubmission(
            s.intakeId(),
            s.sourceId(),
            s.name() != null ? s.name() : later.name(),
            s.phone() != null ? s.phone() : later.phone(),
            s.company() != null ? s.company() : later.company(),
            s.region() != null ? s.region() : later.region(),
            s.industry() != null ? s.industry() : later.industry(),
            s.product() != null ? s.product() : later.product(),
            s.message() != null ? s.message() : later.message(),
            s.externalId(),
            s.openId() != null ? s.openId() : later.openId(),
            s.attributes(),
            later.priority() == Priority.HOT ? Priority.HOT : s.priority());
    return merged.equals(s)
        ? this
        : new Lead(id, merged, status, teamId, owner, createdAt, claimedAt, version + 1);
  }

  /** The same lead, hot (a repeat visit showed intent), as {@code Leads.makeHot} stores it. */
  public Lead madeHot() {
    if (submission.priority() == Priority.HOT) {
      return this;
    }
    LeadSubmission s = submission;
    LeadSubmission hot =
        new LeadSubmission(
            s.intakeId(),
            s.sourceId(),
            s.name(),
            s.phone(),
            s.company(),
            s.region(),
            s.industry(),
            s.product(),
            s.message(),
            s.externalId(),
            s.openId(),
            s.attributes(),
            Priority.HOT);
    return new Lead(id, hot, status, teamId, owner, createdAt, claimedAt, version + 1);
  }

  /** The first eight characters of the id, which commands accept: {@code #1a2b3c4d}. */
  public String shortId() {
    return shortId(id);
  }

  /** The first eight characters of a lead's (or its deal's) id, as people type it. */
  public static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  public boolean isOwnedBy(Address rep) {
    return rep.equals(owner);
  }
}
