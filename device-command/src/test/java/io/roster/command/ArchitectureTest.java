package io.roster.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the hexagon honest: the domain and the use cases know nothing of the web, Kafka, JDBC or MongoDB. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.roster.command");

    @Test
    void domainShouldNotDependOnAdaptersOrInfrastructure() {
        noClasses().that().resideInAPackage("io.roster.command..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..adapter..", "..config..", "org.springframework..",
                        "org.apache.kafka..", "com.mongodb..", "java.sql..", "jakarta.servlet..")
                .check(classes);
    }

    /** The product aggregate's snapshot JSON is mapped in its Axon adapter (ProductSnapshotJson), not on the aggregate. */
    @Test
    void lifecycleDomainShouldNotDependOnJackson() {
        noClasses().that().resideInAPackage("io.roster.command.lifecycle.domain..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
                .check(classes);
    }

    @Test
    void applicationShouldNotDependOnAdapters() {
        noClasses().that().resideInAPackage("io.roster.command..application..")
                .should().dependOnClassesThat().resideInAnyPackage("..adapter..", "org.springframework..",
                        "org.apache.kafka..", "com.mongodb..", "java.sql..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void adaptersShouldNotDependOnEachOther() {
        noClasses().that().resideInAPackage("..adapter.in..")
                .should().dependOnClassesThat().resideInAPackage("..adapter.out..")
                .check(classes);
    }
}
