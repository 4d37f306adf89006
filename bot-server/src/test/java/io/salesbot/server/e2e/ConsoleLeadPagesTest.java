package io.salesbot.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.domain.AuditEntry;
import io.salesbot.core.stage.domain.Deal;
import io.salesbot.core.stage.domain.DealOutcome;
import io.salesbot.core.stage.domain.StageModel;
import io.salesbot.core.stage.domain.StageMove;
import io.salesbot.core.stage.domain.Transition;
import io.salesbot.core.testing.contract.ContractFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * The lead/deal page and a person's own page over the running app in try-out mode: who may open a
 * lead (its owner, its team's manager; not another rep or another team's manager), what the page
 * shows (the customer, the stage path, checkpoints, evidence with a signed link that downloads the
 * file, notes, history), and a rep's own leads, deals and scorecard.
 */
class ConsoleLeadPagesTest extends EndToEndSupport {
  /** How many open deals and leads {@code /console/me} lists at most (LeadPages.MINE_LIMIT). */
  private static final int MINE_LIMIT = 50;

  private final SandboxDeals deals = new SandboxDeals(this);

  private String page(String session, String path, HttpStatus status) {
    var spec = http.get().uri(path);
    if (session != null) {
      spec = spec.cookie("SALESBOT_CONSOLE", session);
    }
    return spec.exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void anonymous_visitors_are_sent_to_sign_in() {
    for (String path : new String[] {"/console/leads/anything", "/console/me"}) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isSeeOther()
          .expectHeader()
          .location("/console/login");
    }
  }

  @Test
  void the_owner_and_the_teams_manager_see_the_deal_other_reps_and_managers_get_403() {
    String leadId = deals.contactedDeal("lisi", "页面先生");
    deals.proveByNote("lisi", leadId, "12月1日 电话约见 页面测试", "appointment");
    deals.awaitCheckpoint(leadId, "appointment", "done");
    deals.advance("lisi", leadId, 0);
    deals.awaitStage(leadId, "需求诊断");
    byte[] pdf = ("%PDF-1.4 页面测试纪要 " + leadId).getBytes(StandardCharsets.UTF_8);
    deals.proveByFile("lisi", leadId, pdf, "页面纪要.pdf", MediaType.APPLICATION_PDF, "needs-notes");
    deals.awaitCheckpoint(leadId, "needs-notes", "done");
    deals.say("lisi", "/note " + SandboxDeals.shortId(leadId) + " 客户想下周看演示");

    String owner = ConsoleSessionsForTests.signIn(http, "lisi");
    String path = "/console/leads/" + leadId;
    String html =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(20))
            .until(
                () -> page(owner, path, HttpStatus.OK),
                p -> p.contains("客户想下周看演示") && p.contains("页面纪要.pdf"));
    assertThat(html)
        .contains("线索 页面先生", "华东销售一组", "李四")
        .contains("<li class=\"current\" aria-current=\"step\">需求诊断")
        .contains("<li class=\"done\">初步接触")
        .contains("需求沟通预约", "12月1日 电话约见 页面测试")
        .contains("id=\"history\"");
    // the file's link is the deal card's signed, expiring link, and it downloads the file
    Matcher link = Pattern.compile("href=\"([^\"]*/evidence/[^\"]+)\"").matcher(html);
    assertThat(link.find()).as("a signed evidence link").isTrue();
    // as a browser reads the attribute: Mustache escapes = and &
    String url = link.group(1).replace("&#x3D;", "=").replace("&amp;", "&");
    assertThat(url).contains("exp=").contains("sig=");
    byte[] got =
        http.get()
            .uri(
                java.net.URI.create(url).getRawPath()
                    + "?"
                    + java.net.URI.create(url).getRawQuery())
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
    assertThat(got).isEqualTo(pdf);

    String manager = ConsoleSessionsForTests.signIn(http, "zhaoliu");
    assertThat(page(manager, path, HttpStatus.OK)).contains("线索 页面先生");

    String otherRep = ConsoleSessionsForTests.signIn(http, "zhangsan");
    assertThat(page(otherRep, path, HttpStatus.FORBIDDEN))
        .contains("这条线索不归你")
        .doesNotContain("页面先生");
    // another team's manager (孙八 is the test profile's admin, who sees every lead)
    String otherManager = ConsoleSessionsForTests.signIn(http, "bulkboss");
    assertThat(page(otherManager, path, HttpStatus.FORBIDDEN)).doesNotContain("页面先生");
    assertThat(page(owner, "/console/leads/no-such-lead", HttpStatus.NOT_FOUND)).contains("没有这条线索");

    // the owner's own page lists the deal, linking to it
    assertThat(page(owner, "/console/me", HttpStatus.OK))
        .contains("我的线索与绩效 · 李四")
        .contains("href=\"/console/leads/" + leadId + "\"")
        .contains("需求诊断")
        .contains("本月绩效草稿");
    assertThat(page(otherRep, "/console/me", HttpStatus.OK))
        .doesNotContain("/console/leads/" + leadId);
  }

  /** A deal of {@code rep} in team bulk, claimed {@code minutesAgo} ago; closed as lost or open. */
  private String deal(PostgresAdapter db, String rep, int minutesAgo, boolean lost) {
    Address owner = Address.parse("sandbox:" + rep);
    String id = UUID.randomUUID().toString();
    Instant at = Instant.now().minus(Duration.ofMinutes(minutesAgo));
    LeadSubmission submission = ContractFixtures.submission("mine-" + id, null, null);
    AuditEntry routed = new AuditEntry(id, AuditEntry.SYSTEM, "routed", "test", "r-" + id, at);
    AuditEntry claimed = new AuditEntry(id, owner.toString(), "claimed", "test", "c-" + id, at);
    Deal open = Deal.open(id, "bulk", owner, at, StageModel.defaults());
    Mono<Deal> written =
        db.leads()
            .ingest(submission, id, at, Duration.ZERO)
            .then(db.leads().route(id, "bulk", routed))
            .then(db.leads().claim(id, owner, at, claimed))
            .then(db.deals().open(open));
    if (lost) {
      Instant closedAt = at.plusSeconds(30);
      written =
          written.flatMap(
              d ->
                  db.deals()
                      .save(
                          d.closed(DealOutcome.LOST, "价格不合适", closedAt),
                          new Transition(
                              id,
                              StageMove.Kind.LOSE,
                              0,
                              0,
                              DealOutcome.LOST,
                              owner,
                              "价格不合适",
                              List.of(),
                              false,
                              closedAt)));
    }
    written.block();
    return id;
  }

  @Test
  void one_s_own_page_lists_open_deals_however_many_closed_ones_there_are_and_says_when_it_cuts() {
    PostgresAdapter db = new PostgresAdapter(connectionFactory);
    // bulk17: 51 open deals, claimed before 60 lost ones (open ones first, then the newest)
    List<String> open = new ArrayList<>();
    for (int i = 0; i < MINE_LIMIT + 1; i++) {
      open.add(deal(db, "bulk17", 500 + i, false));
    }
    List<String> closed = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      closed.add(deal(db, "bulk17", 100 + i, true));
    }
    // bulk18: three open deals, older than sixty lost ones
    for (int i = 0; i < 3; i++) {
      deal(db, "bulk18", 900 + i, false);
    }
    for (int i = 0; i < 60; i++) {
      closed.add(deal(db, "bulk18", 100 + i, true));
    }

    // the test database outlives a run (target/it-data): the expected lists come from what is
    // stored for the rep now, in the order Deals.ownedBy gives (open first, newest first)
    assertThat(open).hasSize(MINE_LIMIT + 1);
    String many =
        page(ConsoleSessionsForTests.signIn(http, "bulk17"), "/console/me", HttpStatus.OK);
    assertListsOpenDeals(db, "bulk17", section(many));
    assertThat(section(many)).contains("id=\"more-deals\"").contains("这里只列出最近认领的 50 个跟进中的商机");

    String someOpen =
        page(ConsoleSessionsForTests.signIn(http, "bulk18"), "/console/me", HttpStatus.OK);
    assertListsOpenDeals(db, "bulk18", section(someOpen));
    closed.forEach(id -> assertThat(section(many) + section(someOpen)).doesNotContain(id));
    // their leads: the 50 newest of 63 or more, with the note
    assertThat(someOpen).contains("id=\"more-leads\"");
  }

  /** The deals table of a {@code /console/me} page. */
  private static String section(String page) {
    return page.substring(page.indexOf("id=\"my-deals\""), page.indexOf("id=\"h-leads\""));
  }

  /**
   * The table lists the rep's open deals as stored, the 50 claimed most recently, no closed one,
   * and says so when there are more.
   */
  private static void assertListsOpenDeals(PostgresAdapter db, String rep, String table) {
    List<Deal> all =
        db.deals().ownedBy(Address.parse("sandbox:" + rep), 100_000).collectList().block();
    List<String> open = all.stream().filter(Deal::isOpen).map(Deal::id).toList();
    List<String> shown = open.subList(0, Math.min(MINE_LIMIT, open.size()));
    assertThat(rows(table)).as(rep).isEqualTo(shown.size());
    shown.forEach(id -> assertThat(table).as(rep).contains("/console/leads/" + id));
    all.stream()
        .filter(d -> !d.isOpen())
        .forEach(d -> assertThat(table).as(rep).doesNotContain(d.id()));
    if (open.size() > MINE_LIMIT) {
      assertThat(table).as(rep).contains("id=\"more-deals\"");
    } else {
      assertThat(table).as(rep).doesNotContain("more-deals");
    }
  }

  private static int rows(String html) {
    Matcher m = Pattern.compile("<tr><th scope=\"row\">").matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
