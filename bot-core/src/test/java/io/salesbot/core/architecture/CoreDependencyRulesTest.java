package io.salesbot.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.salesbot.core.command.CommandHandler;
import io.salesbot.core.kernel.CardActions;
import io.salesbot.core.timer.TimerHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shape of bot-core (docs/architecture.md): pure Java and Reactor, pure domain packages,
 * features that depend one way on each other through a shared kernel, handlers reached only through
 * the core assembly, small classes. What the poms already enforce (bot-core sees no adapter,
 * server, template or framework jar) is not repeated here.
 */
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
  void features_are_free_of_cycles() {
    slices().matching("io.salesbot.core.(*)..").should().beFreeOfCycles().check(CORE);
  }

  /** The direction between features: each layer may use only the layers listed below it. */
  @Test
  void features_depend_one_way() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("io.salesbot.core..")
        .layer("assembly")
        .definedBy("io.salesbot.core")
        .layer("command")
        .definedBy("io.salesbot.core.command..")
        .layer("ops")
        .definedBy("io.salesbot.core.ops..")
        .layer("score")
        .definedBy("io.salesbot.core.score..")
        .layer("stage")
        .definedBy("io.salesbot.core.stage..")
        .layer("sla")
        .definedBy("io.salesbot.core.sla..")
        .layer("routing")
        .definedBy("io.salesbot.core.routing..")
        .layer("sms")
        .definedBy("io.salesbot.core.sms..")
        .layer("lead")
        .definedBy("io.salesbot.core.lead..")
        .layer("team")
        .definedBy("io.salesbot.core.team..")
        .layer("timer")
        .definedBy("io.salesbot.core.timer..")
        .layer("platform")
        .definedBy("io.salesbot.core.platform..")
        .layer("kernel")
        .definedBy("io.salesbot.core.kernel..")
        .whereLayer("assembly")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("command")
        .mayOnlyBeAccessedByLayers("assembly")
        .whereLayer("ops")
        .mayOnlyBeAccessedByLayers("assembly", "command")
        .whereLayer("score")
        .mayOnlyBeAccessedByLayers("assembly", "command")
        .whereLayer("stage")
        .mayOnlyBeAccessedByLayers("assembly", "command", "score")
        .whereLayer("sla")
        .mayOnlyBeAccessedByLayers("assembly", "command", "score", "stage")
        .whereLayer("routing")
        .mayOnlyBeAccessedByLayers("assembly", "command", "score", "stage", "sla")
        .whereLayer("sms")
        .mayOnlyBeAccessedByLayers("assembly")
        .whereLayer("lead")
        .mayOnlyBeAccessedByLayers("assembly", "command", "score", "stage", "sla", "routing", "sms")
        .whereLayer("timer")
        .mayOnlyBeAccessedByLayers(
            "assembly", "command", "ops", "score", "stage", "sla", "routing", "sms")
        .whereLayer("team")
        .mayOnlyBeAccessedByLayers(
            "assembly", "command", "score", "stage", "sla", "routing", "lead")
        .whereLayer("platform")
        .mayOnlyBeAccessedByLayers("assembly", "command", "ops", "score", "stage", "sms")
        .check(CORE);
  }

  /**
   * What a button, a command or a timer does is reached through its registry only: no class of
   * another feature uses a handler directly; only the assembly registers it.
   */
  @Test
  void handlers_are_reached_only_through_their_registries() {
    classes()
        .should(
            new ArchCondition<>("use no handler of another feature") {
              @Override
              public void check(JavaClass origin, ConditionEvents events) {
                for (var d : origin.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass();
                  boolean handler =
                      !target.isInterface()
                          && (target.isAssignableTo(CardActions.Handler.class)
                              || target.isAssignableTo(CommandHandler.class)
                              || target.isAssignableTo(TimerHandler.class));
                  if (handler
                      && !origin.getPackageName().equals(target.getPackageName())
                      && !origin.getPackageName().equals("io.salesbot.core")) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                }
              }
            })
        .check(CORE);
  }

  @Test
  void nothing_blocks() {
    noClasses()
        .should()
        .callMethodWhere(
            new DescribedPredicate<>("a blocking Reactor call") {
              @Override
              public boolean test(com.tngtech.archunit.core.domain.JavaMethodCall call) {
                String owner = call.getTargetOwner().getName();
                String name = call.getName();
                return (owner.equals(Mono.class.getName()) || owner.equals(Flux.class.getName()))
                        && name.startsWith("block")
                    || (owner.equals(Flux.class.getName()) && name.startsWith("toIterable"));
              }
            })
        .check(CORE);
  }

  /** Seven is already a smell; records (values, commands, the port bundle) are exempt. */
  @Test
  void no_constructor_takes_more_than_seven_parameters() {
    classes()
        .that()
        .areNotRecords()
        .should(
            new ArchCondition<>("have constructors of at most 7 parameters") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                for (JavaConstructor k : c.getConstructors()) {
                  int n = k.getRawParameterTypes().size();
                  if (n > 7 && !k.getDescriptor().contains("$")) {
                    events.add(SimpleConditionEvent.violated(k, k.getFullName() + " takes " + n));
                  }
                }
              }
            })
        .check(CORE);
  }

  @Test
  void no_main_source_file_is_longer_than_400_lines() throws IOException {
    Path main = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      List<String> tooLong =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> lines(f) > 400)
              .map(f -> main.relativize(f) + " (" + lines(f) + " lines)")
              .toList();
      assertThat(tooLong).isEmpty();
    }
  }

  private static long lines(Path f) {
    try (Stream<String> l = Files.lines(f)) {
      return l.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
