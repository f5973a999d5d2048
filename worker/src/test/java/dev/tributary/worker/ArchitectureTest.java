package dev.tributary.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker's public packages never hand out its internals. The rules for every module (no module
 * imports another's {@code .internal}) are in architecture-tests' {@code ModuleRulesTest}.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tributary.worker");
  }

  @Test
  void workerPublicPackagesDoNotHandOutTheirInternals() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.tributary.worker.config")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tributary.worker.internal..")
        .check(classes);
  }
}
