package io.codexpool.admin;

import java.util.Map;

import io.codexpool.testing.ArchitectureRules;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The admin site's package rules (docs/architecture.md). */
@AnalyzeClasses(packages = "io.codexpool.admin", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule packagesHaveNoCycles = ArchitectureRules.noPackageCycles("io.codexpool.admin");

    /** The sign-in page's admin user and sessions live in {@code persistence.admin}. */
    @ArchTest
    static final ArchRule resourcesUseOnlyTheirOwnRepositories = ArchitectureRules
            .resourcesUseOnlyTheirOwnRepositories("io.codexpool.admin", Map.of("auth", "admin"));
}
