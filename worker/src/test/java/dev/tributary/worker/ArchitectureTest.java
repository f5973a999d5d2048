package dev.tributary.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Users never import {@code .internal}; the public packages never hand it out either. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tributary");
  }

  @Test
  void examplesAndTheWorkerUseOnlyPublicApi() {
    noClasses()
        .that().resideInAnyPackage("dev.tributary.examples..", "dev.tributary.worker..")
        .should().dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("..internal..")
                .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.tributary.worker.."))))
        .check(classes);
  }

  @Test
  void workerPublicPackagesDoNotHandOutTheirInternals() {
    noClasses()
        .that().resideInAnyPackage("dev.tributary.worker.config")
        .should().dependOnClassesThat().resideInAPackage("dev.tributary.worker.internal..")
        .check(classes);
  }

  @Test
  void publicModelAndExpressionPackagesDoNotDependOnEngineInternals() {
    noClasses()
        .that().resideInAnyPackage("dev.tributary.engine.model..", "dev.tributary.core")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tributary.engine.internal..")
        .check(classes);
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses()
        .that().resideInAPackage("dev.tributary.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.tributary.engine..", "dev.tributary.connectors..", "dev.tributary.handlers..",
            "dev.tributary.worker..", "dev.tributary.examples..")
        .check(classes);
  }
}
