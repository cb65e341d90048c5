package dev.scimledger.gateway;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module and layer rules of docs/architecture.md, held by the compiled classes (ArchUnit), and who may touch
 * which table, held by the SQL in the sources.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.scimledger");
        assertThat(production.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .as("every module's classes are imported")
                .contains("messages", "scim", "command", "projection", "gateway", "infra");
    }

    @Test
    void theLibraryModulesKnowNeitherSpringNorJdbcNorTheServices() {
        check(noClasses().that().resideInAnyPackage("dev.scimledger.messages..", "dev.scimledger.scim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "dev.scimledger.command..", "dev.scimledger.projection..", "dev.scimledger.gateway..",
                        "dev.scimledger.infra.."));
        check(noClasses().that().resideInAPackage("dev.scimledger.scim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "dev.scimledger.messages.."));
    }

    @Test
    void theServicesMeetOnlyThroughTheMessages() {
        check(noClasses().that().resideInAPackage("dev.scimledger.command..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.scimledger.projection..", "dev.scimledger.gateway.."));
        check(noClasses().that().resideInAPackage("dev.scimledger.projection..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.scimledger.command..", "dev.scimledger.gateway.."));
    }

    @Test
    void theDomainRefusesInItsOwnWordsAndNamesNoHttpStatus() {
        check(noClasses().that().resideInAnyPackage("dev.scimledger.command..", "dev.scimledger.messages..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..", "org.springframework.web..", "jakarta.servlet..")
                .orShould().callMethod(ScimException.class, "status"));
    }

    @Test
    void controllersAdaptHttpAndCallTheApplicationLayer() {
        check(classes().that().areAnnotatedWith(RestController.class).should(notDependOnAnotherController()));
        check(noClasses().that().resideInAPackage("dev.scimledger.gateway.scim..")
                .should().dependOnClassesThat().areAssignableTo(CommandGateway.class)
                .because("SCIM writes go through the provisioning services' CommandSender"));
        check(noClasses().that().resideInAPackage("dev.scimledger.gateway.admin..")
                .should().dependOnClassesThat().resideInAPackage("dev.scimledger.gateway.scim.."));
        check(noClasses().that().resideInAPackage("dev.scimledger.gateway.provisioning..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.scimledger.gateway.scim..",
                        "dev.scimledger.gateway.admin..", "org.springframework.web..", "org.springframework.http.."));
    }

    /**
     * Each table belongs to the module whose migrations create it, and only that module's SQL names it; another
     * module asks the owner through a port or a query, or reads a view the owner publishes for it (a
     * {@code CREATE VIEW} in the owner's migrations, such as command-service's {@code event_log}).
     */
    @Test
    void eachTableIsNamedInTheSqlOfItsOwnerOnly() {
        Map<String, String> owners = owners(CREATE_TABLE);
        assertThat(owners).containsKeys("domain_event_entry", "scim_user", "tenant", "scim_token", "audit_event",
                "personal_data_key");
        assertThat(owners(CREATE_VIEW)).containsEntry("event_log", "command-service");
        assertThat(crossings(owners)).isEmpty();
    }

    /** Where a module's SQL names a table another module owns. */
    static Set<String> crossings(Map<String, String> owners) {
        Set<String> crossings = new TreeSet<>();
        for (String module : MODULES) {
            for (Path source : sources(root().resolve(module).resolve("src/main/java"), ".java")) {
                Matcher sql = TABLE_REFERENCE.matcher(read(source));
                while (sql.find()) {
                    String owner = owners.get(sql.group(1).toLowerCase(Locale.ROOT));
                    if (owner != null && !owner.equals(module)) {
                        crossings.add(module + " names " + sql.group(1).toLowerCase(Locale.ROOT) + " (" + owner + "'s) in "
                                + source.getFileName());
                    }
                }
            }
        }
        return crossings;
    }

    private static final List<String> MODULES = List.of("command-service", "projection-service", "scim-gateway", "infra");

    /** A table named where SQL names one: after FROM, JOIN, INTO, UPDATE or TABLE. */
    private static final Pattern TABLE_REFERENCE = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)\\b");

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

    private static final Pattern CREATE_VIEW = Pattern.compile(
            "(?i)\\bcreate\\s+(?:or\\s+replace\\s+)?view\\s+([a-z_][a-z0-9_]*)");

    /** What the migrations of each module create, by {@code created}: the name, and the module it belongs to. */
    static Map<String, String> owners(Pattern created) {
        Map<String, String> owners = new TreeMap<>();
        for (String module : MODULES) {
            for (Path migration : sources(root().resolve(module).resolve("src/main/resources/db"), ".sql")) {
                Matcher found = created.matcher(read(migration));
                while (found.find()) {
                    owners.put(found.group(1).toLowerCase(Locale.ROOT), module);
                }
            }
        }
        return owners;
    }

    private static ArchCondition<JavaClass> notDependOnAnotherController() {
        return new ArchCondition<>("not depend on another controller") {
            @Override
            public void check(JavaClass controller, ConditionEvents events) {
                controller.getDirectDependenciesFromSelf().stream()
                        .filter(d -> d.getTargetClass() != controller
                                && d.getTargetClass().isAnnotatedWith(RestController.class))
                        .forEach(d -> events.add(SimpleConditionEvent.violated(d, d.getDescription())));
            }
        };
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }

    /** The project's root: the test runs in scim-gateway. */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("scim-gateway")) ? here : here.getParent();
    }

    private static List<Path> sources(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
