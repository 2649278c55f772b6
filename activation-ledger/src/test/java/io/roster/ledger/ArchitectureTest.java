package io.roster.ledger;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the hexagon honest: the domain and the application know no framework and no adapter. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.roster.ledger");
    }

    @Test
    void domainUsesNoFrameworkType() {
        noClasses().that().resideInAPackage("..ledger.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "org.apache.kafka..", "io.roster.contract.stream..", "jakarta..",
                        "com.fasterxml..")
                .check(classes);
    }

    @Test
    void domainDependsOnNothingOutsideIt() {
        noClasses().that().resideInAPackage("..ledger.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..ledger.application..", "..ledger.adapter..")
                .check(classes);
    }

    @Test
    void applicationKnowsNoAdapterAndNoFramework() {
        noClasses().that().resideInAPackage("..ledger.application..")
                .should().dependOnClassesThat().resideInAnyPackage("..ledger.adapter..", "org.springframework..",
                        "com.mongodb..", "org.bson..", "org.apache.kafka..")
                .check(classes);
    }

    @Test
    void webAdaptersGoThroughTheApplication() {
        noClasses().that().resideInAPackage("..adapter.in.web..")
                .should().dependOnClassesThat().resideInAnyPackage("..adapter.out..", "com.mongodb..", "org.bson..")
                .check(classes);
    }
}
