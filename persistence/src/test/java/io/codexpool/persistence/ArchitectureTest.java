package io.codexpool.persistence;

import io.codexpool.testing.ArchitectureRules;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The persistence module's package rules (docs/architecture.md). */
@AnalyzeClasses(packages = "io.codexpool.persistence", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = ArchitectureRules.noPackageCycles("io.codexpool.persistence");

    @ArchTest
    static final ArchRule persistenceUsesNothingOfTheProxyOrTheAdminSite = ArchitectureRules.usesNothingOf(
            "io.codexpool.persistence", "io.codexpool.proxy", "io.codexpool.admin");
}
