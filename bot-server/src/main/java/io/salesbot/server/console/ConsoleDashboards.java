package io.salesbot.server.console;

import io.salesbot.adapter.postgres.PostgresAdapter;
import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.core.Salesbot;
import io.salesbot.core.lead.Leads;
import io.salesbot.core.score.ScoreDrafts;
import io.salesbot.core.stage.EvidenceLinks;
import io.salesbot.core.stage.StageSettings;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.config.SalesbotProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console's dashboards and pages about leads: managers' dashboards ({@code /console/dashboard}
 * and its JSON under {@code /console/api/dashboard/}), the lead/deal page ({@code
 * /console/leads/{id}}), a person's own page ({@code /console/me}), and ECharts, served from its
 * webjar at {@value #ECHARTS} (an asset like the console's own, so the console's
 * Content-Security-Policy — this server's scripts only — covers it unchanged). Behind {@link
 * ConsoleGuard} like every console path.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleDashboards {
  /** Where the pages load ECharts from. */
  static final String ECHARTS = "/console/assets/vendor/echarts.min.js";

  /** ECharts' version, as in the parent pom's {@code echarts.version}. */
  static final String ECHARTS_VERSION = "5.3.1";

  @Bean
  RouterFunction<ServerResponse> consoleDashboardRoutes(
      ConsoleSessions sessions,
      ConsoleProperties console,
      TeamDirectory directory,
      Leads leads,
      Clock clock,
      PostgresAdapter postgres,
      StageSettings stages,
      Salesbot salesbot,
      io.salesbot.core.score.ScorecardSettings scorecards,
      io.salesbot.server.records.RecordsProperties records,
      SalesbotProperties properties,
      EvidenceLinks evidenceLinks,
      ObjectProvider<SandboxAdapterConfiguration> sandbox,
      tools.jackson.databind.ObjectMapper json) {
    ConsoleViews views = new ConsoleViews();
    ConsoleRoles roles = new ConsoleRoles(directory, console.checkedAdmins());
    // The sign-in buttons are ConsoleConfiguration's business; these pages only need the shared
    // model of a signed-in page and the 403 page.
    ConsolePages pages =
        new ConsolePages(sessions, views, sandbox.getIfAvailable(), roles, List.of());
    // The scorecards as the chat's /绩效 and /排行 compute them (ScorecardAssembly): the same
    // records, models per month and record rules.
    io.salesbot.core.score.domain.RecordRules rules = records.rules();
    ScoreDrafts drafts =
        new ScoreDrafts(postgres.records(), directory, scorecards::models, () -> rules);
    DashboardFigures figures =
        new DashboardFigures(
            new DashboardFigures.Sources(
                postgres.dealReports(),
                stages.model(),
                properties.reports().checkedActWithin(),
                leads,
                postgres.slaClocks(),
                salesbot.responseFigures(),
                drafts,
                scorecards.models()),
            directory,
            clock);
    DashboardAccess access = new DashboardAccess(roles, directory);
    DashboardApi api = new DashboardApi(access, figures);
    DashboardPage dashboard = new DashboardPage(pages, views, access, figures, json);
    LeadPages leadPages =
        new LeadPages(
            pages,
            views,
            new LeadPages.Sources(
                leads,
                postgres.deals(),
                postgres.leadNotes(),
                postgres.evidence(),
                evidenceLinks,
                stages.model()),
            directory,
            figures,
            clock);
    String api0 = DashboardApi.BASE;
    return RouterFunctions.route()
        .GET("/console/dashboard", dashboard::page)
        .GET("/console/me", leadPages::me)
        .GET("/console/leads/{id}", leadPages::lead)
        .GET(api0 + "/teams", api::teams)
        .GET(api0 + "/{team}/funnel", api::funnel)
        .GET(api0 + "/{team}/kpis", api::kpis)
        .GET(api0 + "/{team}/stalled", api::stalled)
        .GET(api0 + "/{team}/sla", api::sla)
        .GET(api0 + "/{team}/scores", api::scores)
        .GET(
            ECHARTS,
            request ->
                ServerResponse.ok()
                    .contentType(
                        new org.springframework.http.MediaType(
                            "text", "javascript", java.nio.charset.StandardCharsets.UTF_8))
                    .bodyValue(
                        new ClassPathResource(
                            "META-INF/resources/webjars/echarts/"
                                + ECHARTS_VERSION
                                + "/dist/echarts.min.js")))
        .onError(Throwable.class, ConsoleErrors::unexpected)
        .build();
  }
}
