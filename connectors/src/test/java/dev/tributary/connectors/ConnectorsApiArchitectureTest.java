package dev.tributary.connectors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The connectors' API hands out only public types; the internals stay behind it. */
class ConnectorsApiArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tributary.connectors");

  @Test
  void publicMethodsOfTheConnectorsPackageTakeAndReturnNoInternalType() {
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.tributary.connectors")
        .should()
        .notHaveRawReturnType(resideInAPackage("..internal.."))
        .check(CLASSES);
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.tributary.connectors")
        .should()
        .notHaveRawParameterTypes(
            DescribedPredicate.anyElementThat(resideInAPackage("..internal..")))
        .check(CLASSES);
  }
}
