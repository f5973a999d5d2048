package dev.tributary.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, over the main classes of every module: a module's
 * {@code .internal} packages are its own, and cdc-core's packages depend on each other one way.
 */
class ModuleRulesTest {
  /** Package root (under {@code dev.tributary}) of each module. */
  static final Map<String, String> MODULES =
      Map.of(
          "core", "cdc-core",
          "engine", "storage-engine",
          "connectors", "connectors",
          "local", "local-services",
          "handlers", "handlers",
          "worker", "worker",
          "examples", "examples",
          "bench", "benchmarks");

  /**
   * The one allowed crossing: {@code RawRocksDbBenchmark} measures the floor under the engine by
   * writing the very key and value bytes the engine stores, so it encodes them with the engine's
   * codec. Nothing else outside storage-engine may touch it.
   */
  static final String RAW_ROCKSDB_BENCHMARK = "dev.tributary.bench.RawRocksDbBenchmark";

  static final String ENGINE_CODEC = "dev.tributary.engine.internal.codec";

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tributary");
  }

  @Test
  void everyModuleIsImported() {
    Set<String> seen = new TreeSet<>();
    for (JavaClass c : classes) {
      module(c.getPackageName()).ifPresent(seen::add);
    }
    assertTrue(seen.containsAll(MODULES.values()), "modules seen: " + seen);
  }

  @Test
  void noModuleImportsAnotherModulesInternals() {
    classes()
        .should(useOnlyTheirOwnModulesInternals())
        .because("a module's .internal packages are its own: other modules use its public API")
        .check(classes);
  }

  @Test
  void corePackagesAreFreeOfCycles() {
    slices()
        .matching("dev.tributary.core.(*)..")
        .should()
        .beFreeOfCycles()
        .because("cdc-core's packages depend on each other one way (docs/architecture.md)")
        .check(classes);
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.tributary.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tributary.engine..",
            "dev.tributary.connectors..",
            "dev.tributary.local..",
            "dev.tributary.handlers..",
            "dev.tributary.worker..",
            "dev.tributary.examples..",
            "dev.tributary.bench..")
        .check(classes);
  }

  @Test
  void publicModelAndExpressionPackagesDoNotDependOnEngineInternals() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.tributary.engine.model..", "dev.tributary.core")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tributary.engine.internal..")
        .check(classes);
  }

  @Test
  void theRuleSeesACrossing() {
    ArchRule rule = classes().should(useOnlyTheirOwnModulesInternals());
    JavaClasses bench =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tributary.bench", ENGINE_CODEC);
    // RawRocksDbBenchmark's crossing is the allowed one; the rule itself would see it.
    assertFalse(rule.evaluate(bench).hasViolation(), "allowed crossing flagged");
    ArchRule strict = classes().should(useOnlyTheirOwnModulesInternals(false));
    assertTrue(strict.evaluate(bench).hasViolation(), "crossing into engine.internal.codec not seen");
  }

  static ArchCondition<JavaClass> useOnlyTheirOwnModulesInternals() {
    return useOnlyTheirOwnModulesInternals(true);
  }

  static ArchCondition<JavaClass> useOnlyTheirOwnModulesInternals(boolean allowRawRocksDb) {
    return new ArchCondition<>("use only their own module's .internal packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> from = module(origin.getPackageName());
        if (from.isEmpty()) {
          return;
        }
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          Optional<String> to = module(target);
          if (to.isEmpty() || to.equals(from) || !isInternal(target)) {
            continue;
          }
          if (allowRawRocksDb
              && topLevel(origin).getName().equals(RAW_ROCKSDB_BENCHMARK)
              && target.equals(ENGINE_CODEC)) {
            continue;
          }
          events.add(
              SimpleConditionEvent.violated(
                  d, from.get() + " uses " + to.get() + "'s internals: " + d.getDescription()));
        }
      }
    };
  }

  static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }

  static boolean isInternal(String packageName) {
    return packageName.endsWith(".internal") || packageName.contains(".internal.");
  }

  /** The module owning a package: by its root under {@code dev.tributary}. */
  static Optional<String> module(String packageName) {
    String prefix = "dev.tributary.";
    if (!packageName.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = packageName.substring(prefix.length());
    int dot = rest.indexOf('.');
    String root = dot < 0 ? rest : rest.substring(0, dot);
    return Optional.ofNullable(MODULES.get(root));
  }
}
