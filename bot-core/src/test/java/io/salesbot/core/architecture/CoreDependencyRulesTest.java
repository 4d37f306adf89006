package io.salesbot.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** bot-core depends on nothing of ours and on no framework; its domain packages are pure Java. */
class CoreDependencyRulesTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.salesbot.core");

  @Test
  void core_uses_only_java_reactor_and_jspecify() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.salesbot.core..",
            "java..",
            "javax.crypto..",
            "reactor..",
            "org.jspecify..",
            "org.reactivestreams..")
        .check(CORE);
  }

  @Test
  void domain_is_pure_java() {
    classes()
        .that()
        .resideInAPackage("..core..domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("..core..domain..", "java..", "org.jspecify..")
        .check(CORE);
  }

  @Test
  void core_knows_no_adapter_server_or_template() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.salesbot.adapter..",
            "io.salesbot.server..",
            "io.salesbot.templates..",
            "org.springframework..")
        .check(CORE);
  }
}
