package io.codexpool.proxy;

import java.util.Map;

import io.codexpool.testing.ArchitectureRules;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The proxy module's package rules (docs/architecture.md). */
@AnalyzeClasses(packages = "io.codexpool.proxy", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = ArchitectureRules.noPackageCycles("io.codexpool.proxy");

    @ArchTest
    static final ArchRule proxyUsesNothingOfTheAdminSite = ArchitectureRules.usesNothingOf("io.codexpool.proxy",
            "io.codexpool.admin");

    @ArchTest
    static final ArchRule resourcesUseOnlyTheirOwnRepositories = ArchitectureRules
            .resourcesUseOnlyTheirOwnRepositories("io.codexpool.proxy", Map.of());
}
