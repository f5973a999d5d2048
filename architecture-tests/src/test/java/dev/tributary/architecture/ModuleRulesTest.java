package dev.tributary.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, over the main classes of every module: a module's
 * {@code .internal} packages are its own, the packages under {@code dev.tributary.core} depend on
 * each other one way, and the API module needs nothing but Java, Jackson and slf4j.
 */
class ModuleRulesTest {
  /**
   * Each module: its directory and its artifactId. A class belongs to the module whose build output
   * holds it (package roots are shared: tributary-api, cdc-core, embedded-kafka and test-utils all
   * live under {@code dev.tributary.core}).
   */
  record Module(String directory, String artifactId) {
    boolean holds(String location) {
      return location.contains("/" + directory + "/target/")
          || location.contains("/dev/tributary/" + artifactId + "/");
    }
  }

  static final Module API = new Module("api", "tributary-api");
  static final Module CDC_CORE = new Module("cdc-core", "cdc-core");

  static final List<Module> MODULES =
      List.of(
          API,
          CDC_CORE,
          new Module("embedded-kafka", "embedded-kafka"),
          new Module("test-utils", "test-utils"),
          new Module("storage-engine", "storage-engine"),
          new Module("connectors", "connectors"),
          new Module("local-services", "local-services"),
          new Module("handlers", "handlers"),
          new Module("worker", "worker"),
          new Module("examples", "examples"),
          new Module("benchmarks", "benchmarks"));

  /** What the API module's classes may use besides themselves. */
  static final String[] API_LIBRARIES = {"java..", "com.fasterxml.jackson..", "org.slf4j.."};

  /**
   * An allowed crossing: {@code RawRocksDbBenchmark} measures the floor under the engine by writing
   * the very key and value bytes the engine stores, so it encodes them with the engine's codec.
   * Nothing else outside storage-engine may touch it.
   */
  static final String RAW_ROCKSDB_BENCHMARK = "dev.tributary.bench.RawRocksDbBenchmark";

  static final String ENGINE_CODEC = "dev.tributary.engine.internal.codec";

  /**
   * The other allowed crossing: test-utils' {@code PipelineTestKit} finds an event's table the way
   * the topology does, with cdc-core's {@code EventTables}.
   */
  static final String PIPELINE_TEST_KIT = "dev.tributary.core.testkit.PipelineTestKit";

  static final String PIPELINE_INTERNAL = "dev.tributary.core.pipeline.internal";

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
      module(c).ifPresent(m -> seen.add(m.artifactId()));
    }
    Set<String> all = new TreeSet<>();
    MODULES.forEach(m -> all.add(m.artifactId()));
    assertEquals(all, seen, "modules seen");
  }

  @Test
  void theApiModuleNeedsOnlyJavaJacksonAndSlf4j() {
    useOnlyLibrariesAndThemselves(API)
        .because(
            "tributary-api is what handlers and the engine compile against: no Kafka, no runtime"
                + " (docs/architecture.md)")
        .check(classes);
  }

  @Test
  void theApiPackagesLiveInTheApiModuleAlone() {
    // A class added to dev.tributary.core or .handler in cdc-core (a merge of a branch older than
    // the split puts it there) would be out of reach of the engine and of handlers' builds.
    inTheApiModule("dev.tributary.core", "dev.tributary.core.handler")
        .because("dev.tributary.core and dev.tributary.core.handler are tributary-api's packages")
        .check(classes);
    assertTrue(
        inTheApiModule("dev.tributary.core.pipeline").evaluate(classes).hasViolation(),
        "cdc-core's pipeline classes not seen outside tributary-api");
  }

  @Test
  void theApiRuleSeesAnotherLibrary() {
    // The same rule over cdc-core, which uses Kafka's clients and streams, must fail, naming them.
    EvaluationResult result = useOnlyLibrariesAndThemselves(CDC_CORE).evaluate(classes);
    assertTrue(result.hasViolation(), "cdc-core's Kafka dependencies not seen");
    assertTrue(
        result.getFailureReport().toString().contains("org.apache.kafka."),
        "no Kafka class named in " + result.getFailureReport());
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
        .because("the packages under dev.tributary.core depend on each other one way")
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

  static ArchRule useOnlyLibrariesAndThemselves(Module module) {
    return classes()
        .that(areIn(module))
        .should()
        .onlyDependOnClassesThat(resideInAnyPackage(API_LIBRARIES).or(areIn(module)));
  }

  static ArchRule inTheApiModule(String... packages) {
    return classes()
        .that()
        .resideInAnyPackage(packages)
        .should(ArchCondition.from(areIn(API)).as("be in tributary-api"));
  }

  static DescribedPredicate<JavaClass> areIn(Module module) {
    return DescribedPredicate.describe(
        "are in " + module.artifactId(), c -> module(c).equals(Optional.of(module)));
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
    assertTrue(
        strict.evaluate(bench).hasViolation(), "crossing into engine.internal.codec not seen");
  }

  @Test
  void theRuleTellsModulesUnderOnePackageRootApart() {
    // test-utils and cdc-core share dev.tributary.core: the kit's use of cdc-core's
    // pipeline.internal is a crossing between modules, allowed only by name.
    EvaluationResult strict =
        classes().should(useOnlyTheirOwnModulesInternals(false)).evaluate(classes);
    assertTrue(
        strict.getFailureReport().toString().contains("test-utils uses cdc-core's internals"),
        "crossing from test-utils into cdc-core not seen: " + strict.getFailureReport());
  }

  static ArchCondition<JavaClass> useOnlyTheirOwnModulesInternals() {
    return useOnlyTheirOwnModulesInternals(true);
  }

  static ArchCondition<JavaClass> useOnlyTheirOwnModulesInternals(boolean allowNamedCrossings) {
    return new ArchCondition<>("use only their own module's .internal packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<Module> from = module(origin);
        if (from.isEmpty()) {
          return;
        }
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          Optional<Module> to = module(d.getTargetClass());
          if (to.isEmpty() || to.equals(from) || !isInternal(target)) {
            continue;
          }
          if (allowNamedCrossings && isNamedCrossing(topLevel(origin).getName(), target)) {
            continue;
          }
          events.add(
              SimpleConditionEvent.violated(
                  d,
                  from.get().artifactId()
                      + " uses "
                      + to.get().artifactId()
                      + "'s internals: "
                      + d.getDescription()));
        }
      }
    };
  }

  static boolean isNamedCrossing(String origin, String targetPackage) {
    return (origin.equals(RAW_ROCKSDB_BENCHMARK) && targetPackage.equals(ENGINE_CODEC))
        || (origin.equals(PIPELINE_TEST_KIT) && targetPackage.equals(PIPELINE_INTERNAL));
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

  /**
   * The module whose build output (or installed jar) holds a class, or an array's component class;
   * empty for libraries.
   */
  static Optional<Module> module(JavaClass type) {
    JavaClass c = type.getBaseComponentType();
    if (!c.getPackageName().startsWith("dev.tributary.")) {
      return Optional.empty();
    }
    String location = c.getSource().map(s -> s.getUri().toString()).orElse("");
    return MODULES.stream().filter(m -> m.holds(location)).findFirst();
  }
}
