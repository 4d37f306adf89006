package io.salesbot.adapter.postgres;

import static io.salesbot.adapter.postgres.Fixtures.T0;
import static io.salesbot.adapter.postgres.Fixtures.audit;
import static io.salesbot.adapter.postgres.Fixtures.bare;
import static io.salesbot.adapter.postgres.Fixtures.submission;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.kernel.domain.Priority;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.ClaimResult;
import io.salesbot.core.lead.domain.IngestOutcome;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class PostgresLeadsTest extends DatabaseTest {
  private static final Duration WINDOW = Duration.ofHours(24);
  private static final String PHONE = "13800138000";

  private final Leads leads = adapter.leads();

  private Lead ingested(LeadSubmission s, Instant now) {
    return leads.ingest(s, LeadIds.leadId(s.intakeId()), now, WINDOW).block().lead();
  }

  @Test
  void ingestStoresANewLeadExactly() {
    LeadSubmission s = submission("intake-1", PHONE, "openid-1");
    String leadId = LeadIds.leadId("intake-1");
    Lead expected = Lead.create(leadId, s, T0);

    StepVerifier.create(leads.ingest(s, leadId, T0, WINDOW))
        .expectNext(new IngestOutcome.Created(expected))
        .verifyComplete();

    assertThat(leads.findById(leadId).block()).isEqualTo(expected);
    assertThat(leads.findByIntakeId("intake-1").block()).isEqualTo(expected);
    assertThat(leads.history(leadId).collectList().block())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.action()).isEqualTo("created");
              assertThat(a.actor()).isEqualTo(AuditEntry.SYSTEM);
              assertThat(a.eventId()).isEqualTo("intake-1");
              assertThat(a.at()).isEqualTo(T0);
              assertThat(a.reason()).contains("expo-2025", "intake-1");
            });
  }

  @Test
  void storesALeadWithoutOptionalFields() {
    LeadSubmission s = bare("intake-bare");
    Lead lead = ingested(s, T0);

    assertThat(lead).isEqualTo(Lead.create(LeadIds.leadId("intake-bare"), s, T0));
    assertThat(leads.findById(lead.id()).block()).isEqualTo(lead);
  }

  @Test
  void redeliveryReturnsTheStoredLeadAndStoresNothingNew() {
    LeadSubmission s = submission("intake-1", PHONE, null);
    Lead lead = ingested(s, T0);

    StepVerifier.create(leads.ingest(s, LeadIds.leadId("intake-1"), T0.plusSeconds(30), WINDOW))
        .expectNext(new IngestOutcome.AlreadyIngested(lead))
        .verifyComplete();

    assertThat(database.count("SELECT count(*) FROM leads")).isEqualTo(1);
    assertThat(database.count("SELECT count(*) FROM lead_audit")).isEqualTo(1);
  }

  @Test
  void samePhoneWithinTheWindowMergesIntoTheExistingLead() {
    Lead first = ingested(submission("intake-1", PHONE, null), T0);
    LeadSubmission second = submission("intake-2", PHONE, null);
    Instant later = T0.plus(Duration.ofHours(3));

    StepVerifier.create(leads.ingest(second, LeadIds.leadId("intake-2"), later, WINDOW))
        .expectNext(new IngestOutcome.Merged(first, "intake-2"))
        .verifyComplete();

    assertThat(database.count("SELECT count(*) FROM leads")).isEqualTo(1);
    assertThat(leads.findByIntakeId("intake-2").block()).isEqualTo(first);
    List<AuditEntry> history = leads.history(first.id()).collectList().block();
    assertThat(history).extracting(AuditEntry::action).containsExactly("created", "merged");
    AuditEntry merged = history.get(1);
    assertThat(merged.eventId()).isEqualTo("intake-2");
    assertThat(merged.at()).isEqualTo(later);
    assertThat(merged.reason()).contains("intake-2", "expo-2025").doesNotContain(PHONE);

    // A redelivery of the merged intake says so again, and writes nothing.
    StepVerifier.create(
            leads.ingest(second, LeadIds.leadId("intake-2"), later.plusSeconds(1), WINDOW))
        .expectNext(new IngestOutcome.Merged(first, "intake-2"))
        .verifyComplete();
    assertThat(database.count("SELECT count(*) FROM lead_audit")).isEqualTo(2);
  }

  @Test
  void sameOpenIdWithinTheWindowMergesAndFillsWhatTheLeadLacked() {
    Lead first = ingested(submission("intake-1", null, "o-wx-1"), T0);
    assertThat(first.submission().phone()).isNull();

    IngestOutcome outcome =
        leads
            .ingest(
                submission("intake-2", PHONE, "o-wx-1"),
                LeadIds.leadId("intake-2"),
                T0.plusSeconds(60),
                WINDOW)
            .block();

    assertThat(outcome).isInstanceOf(IngestOutcome.Merged.class);
    Lead merged = outcome.lead();
    assertThat(merged.id()).isEqualTo(first.id());
    assertThat(merged.submission().phone()).isEqualTo(PHONE);
    assertThat(merged.submission().priority()).isEqualTo(Priority.HOT);
    assertThat(merged.submission().intakeId()).isEqualTo("intake-1");
    assertThat(merged.version()).isEqualTo(first.version() + 1);
    assertThat(leads.findById(first.id()).block()).isEqualTo(merged);
    assertThat(database.count("SELECT count(*) FROM leads")).isEqualTo(1);
  }

  @Test
  void mergingNeverOverwritesWhatTheLeadHas() {
    Lead first = ingested(submission("intake-1", PHONE, null), T0);
    LeadSubmission other =
        new LeadSubmission(
            "intake-2",
            "web",
            "王五",
            PHONE,
            "新公司",
            "华南",
            null,
            null,
            null,
            null,
            "o-new",
            java.util.Map.of(),
            Priority.HOT);

    Lead merged =
        leads.ingest(other, LeadIds.leadId("intake-2"), T0.plusSeconds(5), WINDOW).block().lead();

    assertThat(merged.id()).isEqualTo(first.id());
    assertThat(merged.submission().name()).isEqualTo("张三");
    assertThat(merged.submission().company()).isEqualTo("ACME 制造");
    assertThat(merged.submission().region()).isEqualTo("华东");
    assertThat(merged.submission().openId()).isEqualTo("o-new");
  }

  @Test
  void samePhoneOutsideTheWindowIsANewLead() {
    Lead first = ingested(submission("intake-1", PHONE, null), T0);
    LeadSubmission again = submission("intake-2", PHONE, null);
    Instant muchLater = T0.plus(WINDOW).plusSeconds(1);

    IngestOutcome outcome =
        leads.ingest(again, LeadIds.leadId("intake-2"), muchLater, WINDOW).block();

    assertThat(outcome).isInstanceOf(IngestOutcome.Created.class);
    assertThat(outcome.lead().id()).isNotEqualTo(first.id()).isEqualTo(LeadIds.leadId("intake-2"));
    assertThat(database.count("SELECT count(*) FROM leads")).isEqualTo(2);
  }

  @Test
  void concurrentDuplicatesCreateExactlyOneLead() {
    List<IngestOutcome> outcomes =
        Flux.range(0, 20)
            .flatMap(
                i ->
                    leads
                        .ingest(
                            submission("intake-" + i, PHONE, null),
                            LeadIds.leadId("intake-" + i),
                            T0.plusMillis(i),
                            WINDOW)
                        .subscribeOn(Schedulers.parallel()),
                20)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(outcomes).hasSize(20);
    assertThat(outcomes).filteredOn(o -> o instanceof IngestOutcome.Created).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o instanceof IngestOutcome.Merged).hasSize(19);
    assertThat(outcomes.stream().map(o -> o.lead().id()).distinct()).hasSize(1);
    assertThat(database.count("SELECT count(*) FROM leads")).isEqualTo(1);
    assertThat(database.count("SELECT count(*) FROM lead_intakes")).isEqualTo(20);
    assertThat(database.count("SELECT count(*) FROM lead_audit WHERE action = 'merged'"))
        .isEqualTo(19);
  }

  @Test
  void concurrentRedeliveriesOfOneIntakeCreateOneLead() {
    // No phone and no openid: only the intake id serialises them.
    LeadSubmission s = bare("intake-x");
    List<IngestOutcome> outcomes =
        Flux.range(0, 10)
            .flatMap(
                i ->
                    leads
                        .ingest(s, LeadIds.leadId("intake-x"), T0, WINDOW)
                        .subscribeOn(Schedulers.parallel()),
                10)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(outcomes).filteredOn(o -> o instanceof IngestOutcome.Created).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o instanceof IngestOutcome.AlreadyIngested).hasSize(9);
    assertThat(database.count("SELECT count(*) FROM leads")).isEqualTo(1);
  }

  @Test
  void routeMovesANewLeadToAPoolOnce() {
    Lead lead = ingested(submission("intake-1", PHONE, null), T0);
    AuditEntry routed =
        audit(lead.id(), AuditEntry.SYSTEM, "routed", "ev-route", T0.plusSeconds(1));

    StepVerifier.create(leads.route(lead.id(), "team-east", routed))
        .expectNext(lead.routedTo("team-east"))
        .verifyComplete();

    // Routed already: unchanged, and no second audit entry.
    AuditEntry again =
        audit(lead.id(), AuditEntry.SYSTEM, "routed", "ev-route-2", T0.plusSeconds(2));
    StepVerifier.create(leads.route(lead.id(), "team-west", again))
        .expectNext(lead.routedTo("team-east"))
        .verifyComplete();

    assertThat(leads.history(lead.id()).map(AuditEntry::action).collectList().block())
        .containsExactly("created", "routed");
    StepVerifier.create(leads.route("missing", "team-east", routed)).verifyComplete();
  }

  @Test
  void concurrentClaimsHaveExactlyOneWinner() {
    Lead lead = ingested(submission("intake-1", PHONE, null), T0);
    leads.route(lead.id(), "team-east", audit(lead.id(), "system", "routed", "r", T0)).block();
    Instant at = T0.plusSeconds(5);

    List<ClaimResult> results =
        Flux.range(0, 20)
            .flatMap(
                i -> {
                  Address rep = new Address("wecom", "rep" + i);
                  return leads
                      .claim(
                          lead.id(),
                          rep,
                          at,
                          audit(lead.id(), rep.toString(), "claimed", "card-ev-" + i, at))
                      .subscribeOn(Schedulers.parallel());
                },
                20)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(results).hasSize(20);
    List<ClaimResult.Claimed> won =
        results.stream()
            .filter(r -> r instanceof ClaimResult.Claimed)
            .map(r -> (ClaimResult.Claimed) r)
            .collect(Collectors.toList());
    assertThat(won).hasSize(1);
    Lead claimed = won.get(0).lead();
    assertThat(claimed.status()).isEqualTo(LeadStatus.CLAIMED);
    assertThat(claimed.teamId()).isEqualTo("team-east");
    assertThat(claimed.claimedAt()).isEqualTo(at);
    assertThat(claimed.version()).isEqualTo(2);
    assertThat(results)
        .filteredOn(r -> r instanceof ClaimResult.AlreadyClaimed)
        .hasSize(19)
        .allSatisfy(r -> assertThat(((ClaimResult.AlreadyClaimed) r).lead()).isEqualTo(claimed));
    assertThat(database.count("SELECT count(*) FROM lead_audit WHERE action = 'claimed'"))
        .isEqualTo(1);
    assertThat(leads.findById(lead.id()).block()).isEqualTo(claimed);

    // The winner pressing again: still theirs, nothing written.
    Address winner = claimed.owner();
    StepVerifier.create(
            leads.claim(
                lead.id(),
                winner,
                at.plusSeconds(9),
                audit(lead.id(), winner.toString(), "claimed", "card-ev-again", at)))
        .expectNext(new ClaimResult.Claimed(claimed))
        .verifyComplete();
    assertThat(database.count("SELECT count(*) FROM lead_audit WHERE action = 'claimed'"))
        .isEqualTo(1);
  }

  @Test
  void claimOfAMissingLeadIsEmpty() {
    Address rep = new Address("sandbox", "zhangsan");
    StepVerifier.create(
            leads.claim(
                "missing", rep, T0, audit("missing", "sandbox:zhangsan", "claimed", "e", T0)))
        .verifyComplete();
    assertThat(database.count("SELECT count(*) FROM lead_audit")).isZero();
  }

  @Test
  void auditIsStoredOncePerLeadActionAndEventAndReadOldestFirst() {
    Lead lead = ingested(submission("intake-1", PHONE, null), T0);
    AuditEntry late = audit(lead.id(), "wecom:rep1", "note", "ev-2", T0.plusSeconds(20));
    AuditEntry early = audit(lead.id(), "wecom:rep1", "note", "ev-1", T0.plusSeconds(10));

    leads.audit(late).block();
    leads.audit(late).block();
    leads.audit(new AuditEntry(lead.id(), "other", "note", "another reason", "ev-2", T0)).block();
    leads.audit(early).block();

    assertThat(leads.history(lead.id()).collectList().block())
        .extracting(AuditEntry::eventId)
        .containsExactly("intake-1", "ev-1", "ev-2");
    assertThat(leads.history(lead.id()).collectList().block()).contains(early, late);
    assertThat(leads.history("missing").collectList().block()).isEmpty();
  }

  @Test
  void lookupsOfUnknownIdsAreEmpty() {
    StepVerifier.create(leads.findById("nope")).verifyComplete();
    StepVerifier.create(leads.findByIntakeId("nope")).verifyComplete();
  }

  @Test
  void lockKeysAreSortedAndDistinct() {
    long[] keys = PostgresLeads.lockKeys(submission("i", PHONE, "o"));
    assertThat(keys).hasSize(3).isSorted();
    assertThat(PostgresLeads.lockKeys(bare("i"))).hasSize(1);
  }
}
