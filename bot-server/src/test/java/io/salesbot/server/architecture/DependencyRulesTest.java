package io.salesbot.server.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture.md, over every module on bot-server's classpath. */
class DependencyRulesTest {
  private static final JavaClasses SALESBOT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.salesbot");

  /** Adapters share code only through {@code adapters/support}, which is no adapter itself. */
  @Test
  void adapters_do_not_depend_on_each_other() {
    slices()
        .matching("io.salesbot.adapter.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            resideInAPackage("io.salesbot.adapter.."),
            resideInAPackage("io.salesbot.adapter.support.."))
        .check(SALESBOT);
  }

  @Test
  void the_adapters_support_library_depends_on_no_adapter_and_no_platform_sdk() {
    noClasses()
        .that()
        .resideInAPackage("io.salesbot.adapter.support..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.salesbot.adapter..")
                .and(not(resideInAPackage("io.salesbot.adapter.support..")))
                .or(resideInAnyPackage("me.chanjar..", "com.dingtalk..", "com.aliyun..")))
        .check(SALESBOT);
  }

  @Test
  void core_depends_on_no_adapter_template_server_spring_sdk_or_driver() {
    noClasses()
        .that()
        .resideInAPackage("io.salesbot.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.salesbot.adapter..",
            "io.salesbot.templates..",
            "io.salesbot.server..",
            "org.springframework..",
            "io.lettuce..",
            "io.r2dbc..",
            "org.postgresql..",
            "me.chanjar..",
            "com.dingtalk..",
            "com.aliyun..",
            "tools.jackson..",
            "com.fasterxml..")
        .check(SALESBOT);
  }

  @Test
  void adapters_and_templates_do_not_depend_on_the_server() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.salesbot.adapter..", "io.salesbot.templates..", "io.salesbot.core..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.salesbot.server..")
        .check(SALESBOT);
  }

  @Test
  void templates_depend_on_nothing_of_ours() {
    noClasses()
        .that()
        .resideInAPackage("io.salesbot.templates..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.salesbot.core..", "io.salesbot.adapter..")
        .check(SALESBOT);
  }
}
