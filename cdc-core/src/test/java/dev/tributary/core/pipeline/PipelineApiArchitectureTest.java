package dev.tributary.core.pipeline;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pipeline API hands out only public types; the internals stay behind it. */
class PipelineApiArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tributary.core.pipeline");

  @Test
  void publicMethodsOfThePipelinePackageReturnNoInternalType() {
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.tributary.core.pipeline")
        .should()
        .notHaveRawReturnType(resideInAPackage("..internal.."))
        .check(CLASSES);
  }
}
