package io.salesbot.adapter.postgres;

import io.r2dbc.spi.ConnectionFactory;
import io.salesbot.core.kernel.ChartImages;
import io.salesbot.core.lead.IntakeFallback;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.platform.CardReferences;
import io.salesbot.core.platform.Deliveries;
import io.salesbot.core.routing.Offers;
import io.salesbot.core.routing.RoutingState;
import io.salesbot.core.sla.FollowUps;
import io.salesbot.core.sla.SlaClocks;
import io.salesbot.core.stage.DealReports;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.timer.Timers;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL adapter: the core's storage ports over one R2DBC {@link ConnectionFactory} (pass a
 * pooled one in production). The schema must be in place first: see {@link SchemaMigrator}.
 *
 * <pre>{@code
 * SchemaMigrator.migrate(jdbcUrl, user, password);
 * PostgresAdapter postgres = new PostgresAdapter(connectionFactory);
 * Leads leads = postgres.leads();
 * }</pre>
 */
public final class PostgresAdapter {
  private final io.salesbot.core.score.Feeds feeds;
  private final DatabaseClient db;
  private final Leads leads;
  private final IntakeFallback intakeFallback;
  private final Deliveries deliveries;
  private final RoutingState routingState;
  private final Offers offers;
  private final Timers timers;
  private final SlaClocks slaClocks;
  private final FollowUps followUps;
  private final Deals deals;
  private final EvidenceStore evidence;
  private final DealReports dealReports;
  private final ChartImages chartImages;
  private final io.salesbot.core.score.Records records; // issue 14
  private final io.salesbot.core.score.Publications publications; // issue 14

  public PostgresAdapter(ConnectionFactory pooled) {
    ConnectionFactory connectionFactory = CleanConnections.guard(pooled);
    this.db = DatabaseClient.create(connectionFactory);
    TransactionalOperator tx =
        TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
    this.leads = new PostgresLeads(db, tx);
    this.intakeFallback = new PostgresIntakeFallback(db);
    this.deliveries = new PostgresDeliveries(db);
    this.routingState = new PostgresRoutingState(db);
    this.offers = new PostgresOffers(db);
    this.timers = new PostgresTimers(db);
    this.slaClocks = new PostgresSlaClocks(db);
    this.followUps = new PostgresFollowUps(db);
    this.deals = new PostgresDeals(db, tx);
    this.evidence = new PostgresEvidence(db);
    this.dealReports = new PostgresDealReports(db);
    this.chartImages = new PostgresChartImages(db);
    this.records = new PostgresRecords(db, tx);
    this.feeds = new PostgresFeeds(db, tx);
    this.publications = new PostgresPublications(db, tx);
  }

  /** Deals, their transitions and skip requests. */
  public Deals deals() {
    return deals;
  }

  /** Funnel, KPI, stall and skip reports, aggregated in SQL. */
  public DealReports dealReports() {
    return dealReports;
  }

  /** Chart images waiting for the platforms. */
  public ChartImages chartImages() {
    return chartImages;
  }

  /** Scorecard records, their versions, holds and periods to recompute (issue 14). */
  public io.salesbot.core.score.Records records() {
    return records;
  }

  /** Feed health of the record sources: observations, conditions, holds (issue 14). */
  public io.salesbot.core.score.Feeds feeds() {
    return feeds;
  }

  /** Published scorecard versions, holds, rollbacks and their audit (issue 14). */
  public io.salesbot.core.score.Publications publications() {
    return publications;
  }

  /** Disputes (有异议) of published scorecards and their answers (issue 14). */
  public io.salesbot.core.score.Disputes disputes() {
    return new PostgresDisputes(db);
  }

  /** Evidence received in chat. */
  public EvidenceStore evidence() {
    return evidence;
  }

  /** Leads, their intakes and their audit trail. */
  public Leads leads() {
    return leads;
  }

  /** Where intake parks submissions while the queue is unreachable. */
  public IntakeFallback intakeFallback() {
    return intakeFallback;
  }

  /** What each outbound command delivered to whom. */
  public Deliveries deliveries() {
    return deliveries;
  }

  /** The platforms' handles on the cards people hold (e.g. WeCom response codes). */
  public CardReferences cardReferences() {
    return new PostgresCardReferences(db);
  }

  /** Which team is bound to which group chat ({@code /bind-team}), shared by every instance. */
  public io.salesbot.core.team.TeamChannels teamChannels() {
    return new PostgresTeamChannels(db);
  }

  /** The notes kept with each lead ({@code /note}). */
  public io.salesbot.core.lead.LeadNotes leadNotes() {
    return new PostgresLeadNotes(db);
  }

  /** What makes a chat text a note: each person's last lead card, the texts offered as notes. */
  public io.salesbot.core.lead.NoteOffers noteOffers() {
    return new PostgresNoteOffers(db);
  }

  /** Round-robin turns and duty status, shared by every instance. */
  public RoutingState routingState() {
    return routingState;
  }

  /** Pushed offers of leads to reps. */
  public Offers offers() {
    return offers;
  }

  /** Durable timers, leased with FOR UPDATE SKIP LOCKED. */
  public Timers timers() {
    return timers;
  }

  /** First-touch SLA clocks. */
  public SlaClocks slaClocks() {
    return slaClocks;
  }

  /** The last activity on each owned lead, for the follow-up SLA. */
  public FollowUps followUps() {
    return followUps;
  }

  /**
   * Whether the database answers a trivial query; false (never an error) when it does not. Callers
   * add their own timeout.
   */
  public Mono<Boolean> ping() {
    return db.sql("SELECT 1 AS ok")
        .map(row -> row.get("ok", Integer.class))
        .one()
        .map(ok -> ok == 1)
        .defaultIfEmpty(false)
        .onErrorReturn(false);
  }
}
