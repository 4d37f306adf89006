package io.salesbot.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rules of docs/architecture.md that the poms cannot state, over every module on bot-server's
 * classpath. (Which module may see which is the poms' job: bot-core, templates and the adapters
 * simply do not depend on what they must not use, and adapters depend on none of each other.)
 */
class DependencyRulesTest {
  private static final JavaClasses SALESBOT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // bot-core's test-jar (fakes and fixtures) is on the classpath too.
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.salesbot");

  /**
   * Blocking would stall an event-loop thread. Allowed, each on a thread of its own: start-up (the
   * configuration's first directory read, the embedded dev servers), the stream workers' own
   * threads, WxJava's synchronous token-storage interface (called on boundedElastic), and the
   * DingTalk Stream SDK's callback thread, which must not return before the event is queued.
   */
  @Test
  void nothing_blocks_outside_its_own_threads() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.salesbot.server.config..", "io.salesbot.server.devservices..")
        .and()
        .doNotHaveFullyQualifiedName("io.salesbot.adapter.redis.StreamWorker")
        .and()
        .doNotHaveFullyQualifiedName("io.salesbot.adapter.dingtalk.DingtalkStream")
        .and()
        .resideOutsideOfPackage("io.salesbot.adapter.support")
        .should()
        .callMethodWhere(
            new DescribedPredicate<>("a blocking Reactor call") {
              @Override
              public boolean test(JavaMethodCall call) {
                String owner = call.getTargetOwner().getName();
                return (owner.equals(Mono.class.getName()) || owner.equals(Flux.class.getName()))
                    && (call.getName().startsWith("block") || call.getName().equals("toIterable"));
              }
            })
        .check(SALESBOT);
  }

  /** The core is assembled once, by bot-core: the server builds no use case of its own. */
  @Test
  void the_server_builds_no_core_use_case() {
    noClasses()
        .that()
        .resideInAPackage("io.salesbot.server..")
        .should()
        .callConstructorWhere(
            new DescribedPredicate<>("a core use case or handler") {
              @Override
              public boolean test(com.tngtech.archunit.core.domain.JavaConstructorCall call) {
                String pkg = call.getTargetOwner().getPackageName();
                return pkg.matches("io\\.salesbot\\.core\\.(lead|routing|sla|command|timer)")
                    && !call.getTargetOwner().isRecord()
                    && !call.getTargetOwner().isAssignableTo(Throwable.class);
              }
            })
        .check(SALESBOT);
  }
}
