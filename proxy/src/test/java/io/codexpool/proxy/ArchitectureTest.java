package io.codexpool.proxy;

import java.util.Map;

import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.testing.ArchitectureRules;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

    /** What a turn did is noted by the pipeline's steps alone, so its request-log row has one author. */
    @ArchTest
    static final ArchRule onlyThePipelineWritesATurnsRecord = noClasses()
            .that().resideOutsideOfPackages("io.codexpool.proxy.pipeline", "io.codexpool.proxy.requestlogs")
            .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>("a write to a RequestRecord") {
                @Override
                public boolean test(JavaMethodCall call) {
                    return call.getTargetOwner().isEquivalentTo(RequestRecord.class)
                            && call.getTarget().getRawReturnType().isEquivalentTo(void.class);
                }
            });
}
