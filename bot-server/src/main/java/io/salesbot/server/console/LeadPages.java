package io.salesbot.server.console;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.lead.LeadNotes;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.lead.domain.Lead;
import io.salesbot.core.stage.Deals;
import io.salesbot.core.stage.EvidenceLinks;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.core.stage.domain.CheckpointDef;
import io.salesbot.core.stage.domain.CheckpointState;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.console.ConsoleSessions.Session;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /console/leads/{id}}, a lead and its deal — the customer, the owner, the stage path and
 * checkpoints, the history (the audit trail: routing, offers, claims, merges, stage moves), notes
 * and evidence, files through the same signed, expiring links as the deal card ({@link
 * EvidenceLinks}) — and {@code /console/me}, a person's own open leads and deals and their draft
 * scorecard of the month. A rep may open only leads they own, a manager their teams' leads, an
 * admin any; otherwise 403, and 404 for no such lead.
 */
final class LeadPages {
  /** The longest lead id looked up; longer is 404 without asking the store. */
  static final int MAX_ID = 128;

  static final int MINE_LIMIT = 50;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  /** What the pages read: the same ports as the deal card and the admin lead view. */
  record Sources(
      Leads leads,
      Deals deals,
      LeadNotes notes,
      EvidenceStore evidence,
      EvidenceLinks links,
      StageModel model) {}

  private final ConsolePages pages;
  private final ConsoleViews views;
  private final Sources s;
  private final TeamDirectory directory;
  private final DashboardFigures figures;
  private final Clock clock;

  LeadPages(
      ConsolePages pages,
      ConsoleViews views,
      Sources sources,
      TeamDirectory directory,
      DashboardFigures figures,
      Clock clock) {
    this.pages = pages;
    this.views = views;
    this.s = sources;
    this.directory = directory;
    this.figures = figures;
    this.clock = clock;
  }

  static Address person(Session session) {
    return new Address(session.platform(), session.userId());
  }

  /** Whether the session may open {@code lead}: its owner, its team's manager, or an admin. */
  static boolean mayOpen(Session session, Lead lead, @Nullable Deal deal) {
    Address me = person(session);
    return switch (session.role()) {
      case ConsoleRoles.ADMIN -> true;
      case ConsoleRoles.MANAGER ->
          (lead.teamId() != null && session.teams().contains(lead.teamId()))
              || (deal != null && session.teams().contains(deal.teamId()))
              || me.equals(lead.owner());
      default -> me.equals(lead.owner()) || (deal != null && me.equals(deal.owner()));
    };
  }

  Mono<ServerResponse> lead(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    String id = request.pathVariable("id");
    if (id.length() > MAX_ID) {
      return notFound(request);
    }
    return s.leads()
        .findById(id)
        .flatMap(
            lead ->
                s.deals()
                    .find(lead.id())
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(deal -> show(request, session, lead, deal.orElse(null))))
        .switchIfEmpty(Mono.defer(() -> notFound(request)));
  }

  private Mono<ServerResponse> show(
      ServerRequest request, Session session, Lead lead, @Nullable Deal deal) {
    if (!mayOpen(session, lead, deal)) {
      return pages.forbidden(request, "forbidden_not_your_lead");
    }
    String lang = ConsoleViews.language(request);
    return Mono.zip(
            s.leads().history(lead.id()).collectList(),
            s.notes().of(lead.id()).collectList(),
            deal == null ? Mono.just(List.<Map<String, Object>>of()) : evidence(deal))
        .flatMap(
            t -> {
              Map<String, Object> model = pages.signedIn(request);
              var sub = lead.submission();
              model.put("title", views.message(lang, "lead_title") + " " + nameOf(sub.name()));
              model.put("lead", leadFacts(lead, lang));
              model.put("deal", deal == null ? false : dealView(deal, lang));
              model.put("history", t.getT1().stream().map(this::audit).toList());
              model.put("noHistory", t.getT1().isEmpty());
              model.put(
                  "notes",
                  t.getT2().stream()
                      .limit(MINE_LIMIT)
                      .map(
                          n ->
                              Map.of(
                                  "at", TIME.format(n.at()),
                                  "author", directory.displayName(n.author()),
                                  "text", n.text()))
                      .toList());
              model.put("noNotes", t.getT2().isEmpty());
              model.put("evidence", t.getT3());
              model.put("noEvidence", t.getT3().isEmpty());
              return views.page(request, HttpStatus.OK, "lead", model);
            });
  }

  private List<Map<String, Object>> leadFacts(Lead lead, String lang) {
    var sub = lead.submission();
    List<Map<String, Object>> facts = new ArrayList<>();
    fact(facts, views.message(lang, "lead_customer"), sub.name());
    fact(facts, views.message(lang, "lead_company"), sub.company());
    fact(facts, views.message(lang, "lead_phone"), sub.phone());
    fact(facts, views.message(lang, "lead_region"), sub.region());
    fact(facts, views.message(lang, "lead_product"), sub.product());
    fact(facts, views.message(lang, "lead_source"), sub.sourceId());
    fact(facts, views.message(lang, "lead_status"), lead.status().name());
    fact(
        facts,
        views.message(lang, "lead_team"),
        lead.teamId() == null
            ? null
            : directory.team(lead.teamId()).map(t -> t.name()).orElse(lead.teamId()));
    fact(
        facts,
        views.message(lang, "lead_owner"),
        lead.owner() == null ? null : directory.displayName(lead.owner()));
    fact(facts, views.message(lang, "lead_created"), TIME.format(lead.createdAt()));
    fact(
        facts,
        views.message(lang, "lead_claimed"),
        lead.claimedAt() == null ? null : TIME.format(lead.claimedAt()));
    fact(facts, views.message(lang, "lead_id"), "#" + lead.shortId() + " (" + lead.id() + ")");
    return facts;
  }

  /** A customer's name, or a dash for a lead sent without one (the intake does not require it). */
  private static String nameOf(@Nullable String name) {
    return name == null || name.isBlank() ? "—" : name;
  }

  private static void fact(List<Map<String, Object>> facts, String label, @Nullable Object value) {
    if (value != null && !value.toString().isBlank()) {
      facts.add(Map.of("label", label, "value", value.toString()));
    }
  }

  private Map<String, Object> dealView(Deal deal, String lang) {
    Map<String, Object> d = new LinkedHashMap<>();
    List<Map<String, Object>> path = new ArrayList<>();
    for (int i = 0; i < s.model().stages().size(); i++) {
      String state = i < deal.stage() ? "done" : i == deal.stage() ? "current" : "ahead";
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("name", s.model().stage(i).name());
      step.put("state", state);
      step.put("stateLabel", views.message(lang, "lead_stage_" + state));
      step.put("current", i == deal.stage());
      path.add(step);
    }
    d.put("path", path);
    d.put("stage", s.model().stage(deal.stage()).name());
    d.put("owner", directory.displayName(deal.owner()));
    d.put("open", deal.isOpen());
    d.put("outcome", deal.outcome().name().toLowerCase(java.util.Locale.ROOT));
    d.put("outcomeReason", deal.outcomeReason() == null ? "" : deal.outcomeReason());
    d.put("lastProgress", TIME.format(deal.lastProgressAt()));
    d.put("hasNextStep", deal.nextStep() != null);
    d.put(
        "nextStep",
        deal.nextStep() == null ? "" : deal.nextStep().due() + " " + deal.nextStep().text());
    List<Map<String, Object>> checkpoints = new ArrayList<>();
    for (CheckpointDef c : s.model().all()) {
      CheckpointState st = deal.state(c.id());
      checkpoints.add(
          Map.of(
              "number", c.number(),
              "name", c.name(),
              "stage", s.model().stage(s.model().stageOf(c.id())).name(),
              "state", views.message(lang, "lead_checkpoint_" + st.state().wire())));
    }
    d.put("checkpoints", checkpoints);
    return d;
  }

  /** Each checkpoint's evidence: text as it was typed, files with a signed, expiring link. */
  private Mono<List<Map<String, Object>>> evidence(Deal deal) {
    Instant now = clock.instant();
    return Flux.fromIterable(s.model().all())
        .concatMap(
            c ->
                Flux.fromIterable(deal.state(c.id()).evidence())
                    .concatMap(s.evidence()::find)
                    .map(e -> evidenceRow(c, e, now)))
        .collectList();
  }

  private Map<String, Object> evidenceRow(CheckpointDef c, Evidence e, Instant now) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("checkpoint", c.name());
    row.put("at", TIME.format(e.receivedAt()));
    row.put("by", directory.displayName(e.uploader()));
    row.put("text", e.text() == null ? "" : e.text());
    row.put("hasText", e.text() != null && !e.text().isBlank());
    if (e.file() != null) {
      String name =
          e.fileName() == null || e.fileName().isBlank() ? e.file().substring(0, 12) : e.fileName();
      row.put("file", Map.of("name", name, "url", s.links().link(e.id(), now)));
    } else {
      row.put("file", false);
    }
    return row;
  }

  private Map<String, Object> audit(AuditEntry a) {
    String actor = a.actor();
    String who = actor;
    int colon = actor.indexOf(':');
    if (colon > 0) {
      who =
          directory.displayName(new Address(actor.substring(0, colon), actor.substring(colon + 1)));
    }
    return Map.of(
        "at",
        TIME.format(a.at()),
        "actor",
        who,
        "action",
        a.action(),
        "reason",
        a.reason() == null ? "" : a.reason());
  }

  private Mono<ServerResponse> notFound(ServerRequest request) {
    Map<String, Object> model = pages.signedIn(request);
    model.put("signedIn", true);
    model.put("reason", views.message(ConsoleViews.language(request), "lead_not_found"));
    return views.page(request, HttpStatus.NOT_FOUND, "forbidden", model);
  }

  /** {@code /console/me}: the person's open leads and deals, and their draft scorecard. */
  Mono<ServerResponse> me(ServerRequest request) {
    Session session = ConsoleGuard.session(request.exchange());
    Address me = person(session);
    String lang = ConsoleViews.language(request);
    var month = figures.month(null).orElseThrow();
    return Mono.zip(
            s.leads().ownedBy(me, MINE_LIMIT + 1).collectList(),
            // open deals come first (Deals.ownedBy), so the open ones are the leading run: however
            // many closed deals the person has, they never crowd out an open one
            s.deals().ownedBy(me, MINE_LIMIT + 1).takeWhile(Deal::isOpen).collectList(),
            figures.scoreOf(me, month))
        .flatMap(
            t -> {
              Map<String, Object> model = pages.signedIn(request);
              List<Map<String, Object>> leads =
                  t.getT1().stream()
                      .limit(MINE_LIMIT)
                      .map(
                          l ->
                              Map.<String, Object>of(
                                  "href", "/console/leads/" + l.id(),
                                  "ref", "#" + l.shortId(),
                                  "name", nameOf(l.submission().name()),
                                  "status", l.status().name(),
                                  "created", TIME.format(l.createdAt())))
                      .toList();
              List<Map<String, Object>> deals =
                  t.getT2().stream()
                      .limit(MINE_LIMIT)
                      .map(
                          d ->
                              Map.<String, Object>of(
                                  "href",
                                  "/console/leads/" + d.id(),
                                  "ref",
                                  "#" + Lead.shortId(d.id()),
                                  "stage",
                                  s.model().stage(d.stage()).name(),
                                  "lastProgress",
                                  TIME.format(d.lastProgressAt())))
                      .toList();
              model.put("leads", leads);
              model.put("noLeads", leads.isEmpty());
              model.put("deals", deals);
              model.put("noDeals", deals.isEmpty());
              model.put("moreLeads", more(lang, "me_more_leads", t.getT1().size()));
              model.put("moreDeals", more(lang, "me_more_deals", t.getT2().size()));
              model.put("month", month.toString());
              Optional<Map<String, Object>> score = t.getT3();
              model.put(
                  "score",
                  score.map(DashboardPage.Displayed::of).map(m -> (Object) m).orElse(false));
              model.put(
                  "scoreAxes",
                  score
                      .map(
                          sc ->
                              figures.axisLabels(month).stream()
                                  .map(
                                      a ->
                                          Map.<String, Object>of(
                                              "label",
                                              a.getValue(),
                                              "value",
                                              axisValue(sc, a.getKey())))
                                  .toList())
                      .orElse(List.of()));
              return views.page(request, HttpStatus.OK, "me", model);
            });
  }

  /**
   * The note under a list cut at {@link #MINE_LIMIT} ({@code read} rows were read, one more than
   * shown when there are more), or {@code false} for a list shown whole.
   */
  private Object more(String lang, String key, int read) {
    return read > MINE_LIMIT
        ? views.message(lang, key).replace("{0}", Integer.toString(MINE_LIMIT))
        : (Object) false;
  }

  private static String axisValue(Map<String, Object> card, String axis) {
    Object value = ((Map<?, ?>) card.get("axes")).get(axis);
    return value == null ? "-" : value.toString();
  }
}
