package io.tally.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.http.annotation.Controller;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The architecture fences of docs/conventions.md ("The fences") and docs/architecture.md. ArchUnit fails a rule
 * whose "should" applies to no class (archRule.failOnEmptyShould is on by default), so none of these passes vacuously.
 */
@AnalyzeClasses(packages = "io.tally", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String DOMAIN = "io.tally.domain..";
    private static final String APPLICATION = "io.tally.application..";
    private static final String INBOUND = "io.tally.adapter.in..";
    private static final String WEB = "io.tally.adapter.in.web..";
    private static final String INTERNAL = "io.tally.adapter.in.internal..";
    private static final String HTTP_SUPPORT = "io.tally.adapter.in.http..";
    private static final String PERSISTENCE = "io.tally.adapter.out.persistence..";
    private static final String EXPORT = "io.tally.adapter.out.export..";
    private static final String DELIVERY = "io.tally.adapter.out.delivery..";
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /**
     * Domain in the middle, use cases around it, adapters outside; bootstrap is the composition root and may
     * see everything. Layers may be empty here (withOptionalLayers); the rules below fail on their own if
     * domain, application, inbound or persistence classes vanish.
     */
    @ArchTest
    static final ArchRule dependenciesPointInward = onionArchitecture()
            .domainModels(DOMAIN)
            .applicationServices(APPLICATION)
            .adapter("http", INBOUND)
            .adapter("persistence", PERSISTENCE)
            .adapter("export", EXPORT)
            .adapter("delivery", DELIVERY)
            .withOptionalLayers(true)
            .ignoreDependency(JavaClass.Predicates.resideInAPackage("io.tally.bootstrap.."), DescribedPredicate.alwaysTrue());

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdkAndItself = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN);

    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheJdkAndTheDomain = classes()
            .that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, APPLICATION);

    @ArchTest
    static final ArchRule domainAndApplicationUseNoFrameworkNorJdbc = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.micronaut..", "jakarta..", "javax..", "com.fasterxml..", "org.apache.pdfbox..", "java.sql..", "org.slf4j..");

    @ArchTest
    static final ArchRule webAndInternalAdaptersAreIndependent = noClasses()
            .that().resideInAPackage(WEB)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL)
            .andShould().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, EXPORT, DELIVERY);

    @ArchTest
    static final ArchRule internalAdapterIsIndependent = noClasses()
            .that().resideInAPackage(INTERNAL)
            .should().dependOnClassesThat().resideInAnyPackage(WEB, PERSISTENCE, EXPORT);

    @ArchTest
    static final ArchRule httpSupportServesBothInboundAdaptersWithoutKnowingThem = noClasses()
            .that().resideInAPackage(HTTP_SUPPORT)
            .should().dependOnClassesThat().resideInAnyPackage(WEB, INTERNAL, PERSISTENCE, EXPORT);

    @ArchTest
    static final ArchRule persistenceKnowsNoOtherAdapter = noClasses()
            .that().resideInAPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage(INBOUND, EXPORT, DELIVERY);

    @ArchTest
    static final ArchRule deliveryKnowsNoOtherAdapter = noClasses()
            .that().resideInAPackage(DELIVERY)
            .should().dependOnClassesThat().resideInAnyPackage(INBOUND, EXPORT, PERSISTENCE);

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.tally.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule incomingPortsAreUseCases = classes()
            .that().resideInAPackage("io.tally.application.port.in..").and().areInterfaces()
            .should().haveSimpleNameEndingWith("UseCase");

    @ArchTest
    static final ArchRule outgoingPortsArePorts = classes()
            .that().resideInAPackage("io.tally.application.port.out..").and().areInterfaces()
            .should().haveSimpleNameEndingWith("Port");

    @ArchTest
    static final ArchRule commandsAndQueriesAreRecords = classes()
            .that().resideInAPackage("io.tally.application.port.in..")
            .and(JavaClass.Predicates.simpleNameEndingWith("Command").or(JavaClass.Predicates.simpleNameEndingWith("Query")))
            .should().beRecords();

    @ArchTest
    static final ArchRule servicesImplementUseCases = classes()
            .that().resideInAPackage("io.tally.application.service..").and().haveSimpleNameEndingWith("Service")
            .should().implement(DescribedPredicate.describe("a use case", (JavaClass c) -> c.getSimpleName().endsWith("UseCase")));

    @ArchTest
    static final ArchRule controllersLiveInInboundAdapters = classes()
            .that().areAnnotatedWith(Controller.class)
            .should().resideInAPackage(INBOUND);

    /**
     * What the inbound adapters read and write is named in snake_case, as the OpenAPI document says: its generator
     * writes every property in snake_case (adapters-web/pom.xml), whatever the record's JSON mapping is.
     */
    @ArchTest
    static final ArchRule jsonNamesAreSnakeCase = classes()
            .that().resideInAPackage(INBOUND).and().areAnnotatedWith(Serdeable.class).and().areAssignableTo(Record.class)
            .should(haveSnakeCaseJsonNames());

    @ArchTest
    static final ArchRule mappedEntitiesArePackagePrivatePersistenceDetails = classes()
            .that().areAnnotatedWith(MappedEntity.class)
            .should().resideInAPackage(PERSISTENCE).andShould().notBePublic();

    @ArchTest
    static final ArchRule repositoriesArePackagePrivatePersistenceDetails = classes()
            .that().areAnnotatedWith(JdbcRepository.class)
            .should().resideInAPackage(PERSISTENCE).andShould().notBePublic();

    @ArchTest
    static final ArchRule noFieldInjection = noFields()
            .should().beAnnotatedWith(Inject.class)
            .because("dependencies come through constructors");

    @ArchTest
    static final ArchRule onlyTheEntryPointWritesToTheConsole = noClasses()
            .that().doNotHaveFullyQualifiedName(Tally.class.getName())
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("everything else logs, or writes to the streams the entry point hands it");

    /** Each record component's JSON name: its @JsonProperty, else its own name, snake_cased under SnakeCaseStrategy. */
    private static ArchCondition<JavaClass> haveSnakeCaseJsonNames() {
        return new ArchCondition<>("name their JSON properties in snake_case (@Serdeable(naming = SnakeCaseStrategy.class))") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean snakeCased = type.getAnnotationOfType(Serdeable.class).naming() == SnakeCaseStrategy.class;
                for (JavaField field : type.getFields()) {
                    if (field.getModifiers().contains(JavaModifier.STATIC)) {
                        continue;
                    }
                    Optional<String> given = field.tryGetAnnotationOfType("com.fasterxml.jackson.annotation.JsonProperty")
                            .flatMap(property -> property.get("value")).map(String::valueOf).filter(value -> !value.isEmpty());
                    String name = given.orElseGet(() -> snakeCased
                            ? field.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT) : field.getName());
                    if (!SNAKE_CASE.matcher(name).matches()) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + "." + field.getName() + " is \"" + name
                                + "\" in JSON, not snake_case"));
                    }
                }
            }
        };
    }
}
