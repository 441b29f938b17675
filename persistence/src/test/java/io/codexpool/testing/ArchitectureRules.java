package io.codexpool.testing;

import java.util.Map;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every module's {@code ArchitectureTest} checks in {@code mvn verify} (docs/architecture.md
 * explains them): packages without cycles, modules that import only the ones below them, and resources that reach a
 * repository only through the feature that owns it.
 */
public final class ArchitectureRules {
    private static final String PERSISTENCE = "io.codexpool.persistence.";

    private ArchitectureRules() {
    }

    /** No package of {@code root} depends on another that depends back on it, directly or around a circle. */
    public static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").namingSlices("$1").should().beFreeOfCycles();
    }

    /** Classes under {@code module} use nothing of the given packages (modules above it). */
    public static ArchRule usesNothingOf(String module, String... above) {
        String[] packages = new String[above.length];
        for (int i = 0; i < above.length; i++) {
            packages[i] = above[i] + "..";
        }
        return noClasses().that().resideInAPackage(module + "..").should().dependOnClassesThat()
                .resideInAnyPackage(packages);
    }

    /**
     * A JAX-RS resource or WebSocket endpoint of feature {@code <root>.<feature>} uses no repository but its own
     * feature's ({@code io.codexpool.persistence.<feature>}); other data it asks of the feature that owns it. A
     * repository is any data-access bean of persistence: a {@code ...Repository} or another {@code @ApplicationScoped}
     * class there (such as a query service).
     *
     * @param owned where a feature's data lives under another name (the admin site's {@code auth} owns
     *              {@code persistence.admin})
     */
    public static ArchRule resourcesUseOnlyTheirOwnRepositories(String root, Map<String, String> owned) {
        return classes().that().resideInAPackage(root + "..")
                .and().areAnnotatedWith("jakarta.ws.rs.Path")
                .or().areAssignableTo("jakarta.websocket.Endpoint")
                .should(new ArchCondition<JavaClass>("use no repository of another feature") {
                    @Override
                    public void check(JavaClass resource, ConditionEvents events) {
                        String feature = firstSegment(resource.getPackageName(), root + ".");
                        String own = owned.getOrDefault(feature, feature);
                        for (Dependency dependency : resource.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass();
                            if (target.getPackageName().startsWith(PERSISTENCE) && dataAccess(target)
                                    && !firstSegment(target.getPackageName(), PERSISTENCE).equals(own)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    private static boolean dataAccess(JavaClass type) {
        return type.getSimpleName().endsWith("Repository")
                || type.isAnnotatedWith("jakarta.enterprise.context.ApplicationScoped");
    }

    private static String firstSegment(String packageName, String prefix) {
        if (!packageName.startsWith(prefix)) {
            return "";
        }
        String rest = packageName.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
