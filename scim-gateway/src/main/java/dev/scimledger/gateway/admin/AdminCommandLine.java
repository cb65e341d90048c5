package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.scimledger.gateway.audit.AuditExportFormat;
import dev.scimledger.gateway.audit.AuditFilter;
import dev.scimledger.gateway.audit.AuditTrailReader;
import dev.scimledger.gateway.operator.Operators;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.chain.ChainCheckpointsQuery;
import dev.scimledger.messages.chain.ChainVerification;
import dev.scimledger.messages.chain.VerifyChainQuery;
import dev.scimledger.messages.rebuild.ProjectionRebuildStatus;
import dev.scimledger.messages.republication.RepublicationStatus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import dev.scimledger.scim.ScimException;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin operations from the jar's command line, for operators without HTTP access:
 * {@code java -jar scim-gateway.jar admin <command>}. The same {@link TenantAdministration} as the admin API, so each
 * action is the same command, recorded in the log with {@code cli:<os user>} as its actor. Answers are JSON on
 * standard output; errors go to standard error with exit status 1 (2 for a usage error; 3 for a broken chain, 4 for
 * a rebuilt projection not proved equal to the live one). The arguments are checked against {@link AdminCommands}'
 * grammar before anything starts.
 *
 * <p>It starts the write side only (no listening web server, no live projections, no Kafka publisher or broker; a
 * projection rebuild runs in it on its own, and a re-publication sends to the broker named by
 * {@code KAFKA_BOOTSTRAP_SERVERS}) against the configured database: with
 * the embedded default, run it while the service is stopped (the data directory is locked by a running service);
 * with {@code SPRING_DATASOURCE_URL}, at any time.
 */
public final class AdminCommandLine {

    static final String USAGE = """
            usage: java -jar scim-gateway.jar admin <command>
              tenant list
              tenant create NAME
              tenant show TENANT_ID
              tenant rename TENANT_ID NAME
              tenant set TENANT_ID SETTING=VALUE...   (settings: %s)
              tenant suspend TENANT_ID [REASON]
              tenant resume TENANT_ID
              tenant delete TENANT_ID                 (a suspended tenant only)
              token list TENANT_ID
              token issue TENANT_ID [--name NAME] [--expires-in-days DAYS]
              token revoke TENANT_ID TOKEN_ID
              token rotate TENANT_ID TOKEN_ID [--overlap-hours HOURS] [--name NAME]
              user erase TENANT_ID USER_ID            (a deleted user: its personal data is erased)
              extension list TENANT_ID
              extension declare TENANT_ID User|Group FILE   (FILE: the extension's RFC 7643 §7 schema, - for stdin;
                                     declares it, or changes the one of the same URN)
              extension remove TENANT_ID URN
              extension json-schema TENANT_ID URN     (the JSON Schema of its object in events and CloudEvents)
              console-account list
              console-account create NAME [--role admin|auditor]   (the password is printed once; default auditor)
              console-account reset-password NAME                  (a new password, printed once)
              console-account disable NAME
              console-account enable NAME
              api-key list
              api-key issue NAME [--role admin|auditor]            (the key is printed once; default auditor)
              api-key rotate KEY_ID                                (a new secret, printed once)
              api-key revoke KEY_ID
              chain verify [TENANT_ID] [--checkpoints FILE]   (exit status 3 when the chain is broken)
              chain checkpoints [TENANT_ID]                   (JSON Lines, to keep outside the database)
              audit export TENANT_ID [--format jsonl|csv] [--from INSTANT] [--to INSTANT] [--type TYPES]
                                     [--actor ACTOR] [--resource-id ID] [--resource-type User|Group|Tenant]
              projection rebuild scim-read-model|audit-trail [--tenant TENANT_ID]
                                     (replays the log beside the live projection and compares the two: progress on
                                     standard error, the result as JSON; exit status 4 unless they are proved equal)
              kafka republish TENANT_ID [--from INSTANT]
                                     (publishes the tenant's events recorded at or after INSTANT, or all of them, to
                                     the topic again, tagged with the re-publication's id; needs a running broker:
                                     KAFKA_BOOTSTRAP_SERVERS=host:port. Progress on standard error, the result as JSON)
            """.formatted(String.join(", ", TenantAdministration.SETTINGS));

    private AdminCommandLine() {
    }

    /** Thrown for a command line that names no known operation or lacks an argument. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    /** Runs {@code args} (after "admin") and returns the process's exit status. */
    public static int run(Class<?> application, String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return 0;
        }
        // the grammar first: a typo or a missing argument costs milliseconds, not a start of Spring and PostgreSQL
        AdminCommands.Checked checked = AdminCommands.check(args);
        if (!checked.run()) {
            (checked.status() == 0 ? System.out : System.err).print(checked.text());
            return checked.status();
        }
        SpringApplication spring = new SpringApplication(application);
        spring.setLogStartupInfo(false);
        String[] settings = {
                // the write side only: projections and the Kafka publisher belong to the running service
                "--spring.autoconfigure.exclude=org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration,"
                        + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
                        + "dev.scimledger.projection.ProjectionServiceAutoConfiguration",
                "--scim.embedded.kafka.enabled=false",
                // the running service seals the chain; the command line only verifies it
                "--scim.chain.sealing.enabled=false",
                // the web application context is built (its beans are the admin API's), but listens nowhere
                "--server.port=-1",
                "--logging.level.root=WARN",
                "--logging.level.io.zonky=WARN",
                "--spring.main.banner-mode=off"};
        // standard output carries the answer only: everything that logs during start-up and shutdown (the console
        // appender writes to whatever System.out is at the time) goes to standard error
        PrintStream answer = System.out;
        System.setOut(System.err);
        try (ConfigurableApplicationContext context = spring.run(settings)) {
            Operations operations = new Operations(context.getBean(TenantAdministration.class),
                    context.getBean(Tenants.class), context.getBean(ObjectMapper.class), AdminActor.commandLine(),
                    context.getBean(QueryGateway.class), context.getBean(AuditTrailReader.class),
                    context.getBean(CommandGateway.class), context.getBean(Operators.class),
                    context.getBean(Maintenance.class));
            return operations.run(args, answer, System.err);
        } finally {
            answer.flush();
        }
    }

    /** The operations themselves, apart from the Spring start-up, so tests can run them against a running context. */
    record Operations(TenantAdministration administration, Tenants tenants, ObjectMapper json, AdminActor actor,
                      QueryGateway queries, AuditTrailReader audit, CommandGateway commands, Operators operators,
                      Maintenance maintenance) {

        int run(String[] given, PrintStream out, PrintStream err) {
            String[] args = AdminCommands.separated(given);
            try {
                if (args.length >= 2 && (args[0] + " " + args[1]).equals("audit export")) {
                    exportAudit(new ArrayList<>(Arrays.asList(args).subList(2, args.length)), out);
                    return 0;
                }
                if (args.length >= 2 && (args[0] + " " + args[1]).equals("projection rebuild")) {
                    ProjectionRebuildStatus rebuilt = rebuild(new ArrayList<>(Arrays.asList(args).subList(2, args.length)),
                            err);
                    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(rebuilt));
                    return switch (rebuilt.status()) {
                        case "completed" -> Boolean.TRUE.equals(rebuilt.equal()) ? 0 : 4;
                        default -> 1;
                    };
                }
                if (args.length >= 2 && (args[0] + " " + args[1]).equals("kafka republish")) {
                    RepublicationStatus republished = republish(new ArrayList<>(Arrays.asList(args).subList(2,
                            args.length)), err);
                    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(republished));
                    return republished.status().equals("completed") ? 0 : 1;
                }
                Object answer = execute(args);
                if (answer instanceof String lines) {
                    out.print(lines);
                    return 0;
                }
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
                return answer instanceof ChainVerification verification && !verification.intact() ? 3 : 0;
            } catch (UsageError usage) {
                err.println(usage.getMessage());
                err.print(USAGE);
                return 2;
            } catch (Exception failure) {
                ScimException scim = ScimException.in(failure);
                err.println(scim != null ? "error " + scim.status() + ": " + scim.detail() : "error: " + failure);
                return 1;
            }
        }

        Object execute(String[] args) {
            String subject = args[0] + " " + args[1];
            List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
            Clock clock = Clock.systemUTC();
            return switch (subject) {
                case "tenant list" -> AdminViews.liveTenants(tenants, clock.instant());
                case "tenant create" -> shown(administration.create(String.join(" ", required(rest, 1, "NAME")), actor)
                        .tenantId(), clock);
                case "tenant show" -> shown(required(rest, 1, "TENANT_ID").get(0), clock);
                case "tenant rename" -> {
                    List<String> given = required(rest, 2, "TENANT_ID NAME");
                    administration.rename(given.get(0), String.join(" ", given.subList(1, given.size())), actor);
                    yield shown(given.get(0), clock);
                }
                case "tenant set" -> {
                    List<String> given = required(rest, 2, "TENANT_ID SETTING=VALUE");
                    administration.change(given.get(0), settings(given.subList(1, given.size())), actor);
                    yield shown(given.get(0), clock);
                }
                case "tenant suspend" -> {
                    List<String> given = required(rest, 1, "TENANT_ID");
                    administration.existing(given.get(0));
                    String reason = given.size() > 1 ? String.join(" ", given.subList(1, given.size())) : null;
                    administration.suspend(given.get(0), reason, actor);
                    yield shown(given.get(0), clock);
                }
                case "tenant resume" -> {
                    String tenantId = required(rest, 1, "TENANT_ID").get(0);
                    administration.existing(tenantId);
                    administration.resume(tenantId, actor);
                    yield shown(tenantId, clock);
                }
                case "tenant delete" -> {
                    String tenantId = required(rest, 1, "TENANT_ID").get(0);
                    administration.existing(tenantId);
                    administration.delete(tenantId, actor);
                    yield Map.of("id", tenantId, "status", "deleted");
                }
                case "token list" -> {
                    Tenants.Tenant tenant = administration.existing(required(rest, 1, "TENANT_ID").get(0));
                    yield tenants.tokens(tenant.id()).stream().map(t -> AdminViews.token(t, tenant, clock.instant())).toList();
                }
                case "token issue" -> {
                    Map<String, String> options = options(rest, "--name", "--expires-in-days");
                    String tenantId = required(rest, 1, "TENANT_ID").get(0);
                    Integer days = options.containsKey("--expires-in-days")
                            ? number(options.get("--expires-in-days"), "--expires-in-days") : null;
                    administration.existing(tenantId);
                    yield AdminViews.issued(administration.issueToken(tenantId, options.get("--name"), days, actor));
                }
                case "token revoke" -> {
                    List<String> given = required(rest, 2, "TENANT_ID TOKEN_ID");
                    administration.existing(given.get(0));
                    administration.revokeToken(given.get(0), given.get(1), actor);
                    Tenants.Tenant tenant = administration.existing(given.get(0));
                    yield tenants.token(tenant.id(), given.get(1)).map(t -> AdminViews.token(t, tenant, clock.instant()))
                            .orElseThrow();
                }
                case "token rotate" -> {
                    Map<String, String> options = options(rest, "--name", "--overlap-hours");
                    List<String> given = required(rest, 2, "TENANT_ID TOKEN_ID");
                    Duration overlap = Duration.ofHours(options.containsKey("--overlap-hours")
                            ? number(options.get("--overlap-hours"), "--overlap-hours") : 1);
                    administration.existing(given.get(0));
                    yield AdminViews.issued(administration.rotateToken(given.get(0), given.get(1), options.get("--name"),
                            overlap, actor));
                }
                case "user erase" -> {
                    List<String> given = required(rest, 2, "TENANT_ID USER_ID");
                    yield administration.eraseUser(given.get(0), given.get(1), actor);
                }
                case "extension list" -> {
                    Tenants.Tenant tenant = administration.existing(required(rest, 1, "TENANT_ID").get(0));
                    yield tenant.extensions().stream().map(e -> SchemaExtensionController.described(tenant.id(), e))
                            .toList();
                }
                case "extension declare" -> {
                    List<String> given = required(rest, 3, "TENANT_ID User|Group FILE");
                    JsonNode schema = schemaFile(given.get(2));
                    yield SchemaExtensionController.described(given.get(0), SchemaExtensionController.declared(
                            administration.declareExtension(given.get(0), given.get(1), schema, actor).extensions(),
                            given.get(0), schema.path("id").asText()));
                }
                case "extension remove" -> {
                    List<String> given = required(rest, 2, "TENANT_ID URN");
                    administration.removeExtension(given.get(0), given.get(1), actor);
                    yield Map.of("tenantId", given.get(0), "urn", given.get(1), "removed", true);
                }
                case "extension json-schema" -> {
                    List<String> given = required(rest, 2, "TENANT_ID URN");
                    yield SchemaExtensionController.jsonSchema(given.get(0), SchemaExtensionController.declared(
                            administration.existing(given.get(0)), given.get(1)));
                }
                case "console-account list" -> operators.accounts();
                case "console-account create" -> {
                    Map<String, String> options = options(rest, "--role");
                    yield operators.createAccount(required(rest, 1, "NAME").get(0),
                            options.getOrDefault("--role", "auditor"), actor);
                }
                case "console-account reset-password" -> operators.resetPassword(required(rest, 1, "NAME").get(0), actor);
                case "console-account disable" -> {
                    String name = required(rest, 1, "NAME").get(0);
                    operators.disable(name, actor);
                    yield operators.account(name).orElseThrow();
                }
                case "console-account enable" -> {
                    String name = required(rest, 1, "NAME").get(0);
                    operators.enable(name, actor);
                    yield operators.account(name).orElseThrow();
                }
                case "api-key list" -> operators.keys();
                case "api-key issue" -> {
                    Map<String, String> options = options(rest, "--role");
                    yield operators.issueKey(required(rest, 1, "NAME").get(0), options.getOrDefault("--role", "auditor"),
                            actor);
                }
                case "api-key rotate" -> operators.rotateKey(required(rest, 1, "KEY_ID").get(0), actor);
                case "api-key revoke" -> {
                    String keyId = required(rest, 1, "KEY_ID").get(0);
                    operators.revokeKey(keyId, actor);
                    yield operators.key(keyId).orElseThrow();
                }
                case "chain verify" -> {
                    Map<String, String> options = options(rest, "--checkpoints");
                    List<VerifyChainQuery.Checkpoint> kept = options.containsKey("--checkpoints")
                            ? ChainController.checkpoints(json, read(options.get("--checkpoints"))) : List.of();
                    yield ChainController.verification(queries, rest.isEmpty() ? null : rest.get(0), kept);
                }
                case "chain checkpoints" -> {
                    StringBuilder lines = new StringBuilder();
                    for (VerifyChainQuery.Checkpoint checkpoint : queries.query(
                            new ChainCheckpointsQuery(rest.isEmpty() ? null : rest.get(0)),
                            ResponseTypes.multipleInstancesOf(VerifyChainQuery.Checkpoint.class)).join()) {
                        lines.append(write(checkpoint)).append('\n');
                    }
                    yield lines.toString();
                }
                default -> throw new UsageError("unknown command: " + subject);
            };
        }

        /**
         * Starts a rebuild and follows it to its end in the foreground, one line of progress on {@code err} whenever
         * it moves on.
         */
        private ProjectionRebuildStatus rebuild(List<String> rest, PrintStream err) throws InterruptedException {
            Map<String, String> options = options(rest, "--tenant");
            String projection = required(rest, 1, "PROJECTION").get(0);
            String id = maintenance.startRebuild(projection, options.get("--tenant"), actor);
            err.println("rebuild " + id + " of " + projection + " started");
            String shown = "";
            while (true) {
                ProjectionRebuildStatus status = ProjectionController.status(queries, projection, id);
                String line = progress(status);
                if (!line.equals(shown)) {
                    err.println(line);
                    shown = line;
                }
                if (!status.status().equals("running")) {
                    return status;
                }
                Thread.sleep(500);
            }
        }

        /** Starts a re-publication and follows it to its end, one line on {@code err} whenever it moves on. */
        private RepublicationStatus republish(List<String> rest, PrintStream err) throws InterruptedException {
            Map<String, String> options = options(rest, "--from");
            String tenantId = required(rest, 1, "TENANT_ID").get(0);
            java.time.Instant from = options.containsKey("--from")
                    ? AdminRequests.instant("--from", options.get("--from")) : null;
            String id = maintenance.startRepublication(tenantId, from, actor).id();
            err.println("re-publication " + id + " of tenant " + tenantId + " started");
            long shown = -1;
            while (true) {
                RepublicationStatus status = RepublicationController.status(queries, tenantId, id);
                if (status.eventsPublished() != shown) {
                    err.println(status.eventsPublished() + " events published");
                    shown = status.eventsPublished();
                }
                if (!status.status().equals("running")) {
                    return status;
                }
                Thread.sleep(500);
            }
        }

        private static String progress(ProjectionRebuildStatus status) {
            if (!status.status().equals("running")) {
                return status.status() + (status.verdict() == null ? "" : ": " + status.verdict())
                        + (status.error() == null ? "" : ": " + status.error());
            }
            long total = status.eventsTotal() == null ? 0 : status.eventsTotal();
            String events = status.eventsApplied() + (total > 0 ? "/" + total + " events ("
                    + Math.min(100, status.eventsApplied() * 100 / total) + "%)" : " events")
                    + (status.eventsPerSecond() == null ? "" : ", " + Math.round(status.eventsPerSecond()) + " events/s");
            return "comparing".equals(status.phase()) ? "comparing, round " + status.compareRounds() + ", after "
                    + events : "replaying " + events;
        }

        /** Streams the tenant's audit trail to {@code out}, as the admin API's export does. */
        private void exportAudit(List<String> rest, PrintStream out) throws java.io.IOException {
            Map<String, String> options = options(rest, "--format", "--from", "--to", "--type", "--actor",
                    "--resource-id", "--resource-type");
            String tenantId = required(rest, 1, "TENANT_ID").get(0);
            if (!audit.tenantExists(tenantId)) {
                throw ScimException.notFound("tenant " + tenantId + " not found");
            }
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            options.forEach((option, value) -> {
                if (!option.equals("--format")) {
                    String name = switch (option) {
                        case "--resource-id" -> "resourceId";
                        case "--resource-type" -> "resourceType";
                        default -> option.substring(2);
                    };
                    parameters.put(name, List.of(value));
                }
            });
            audit.export(AuditFilter.of(tenantId, parameters),
                    AuditExportFormat.named(options.getOrDefault("--format", "jsonl")), out);
            out.flush();
        }

        private String write(Object value) {
            try {
                return json.writeValueAsString(value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String read(String file) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(file));
            } catch (java.io.IOException e) {
                throw new UsageError("cannot read " + file + ": " + e.getMessage());
            }
        }

        private Map<String, Object> shown(String tenantId, Clock clock) {
            return AdminViews.tenant(administration.existing(tenantId), tenants.tokens(tenantId), clock.instant());
        }

        /** The JSON object in {@code file}, or on standard input for {@code -}. */
        private JsonNode schemaFile(String file) {
            try {
                byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
                JsonNode schema = json.readTree(bytes);
                if (schema == null || !schema.isObject()) {
                    throw new UsageError(file + " holds no JSON object");
                }
                return schema;
            } catch (java.io.IOException e) {
                throw new UsageError(file + " cannot be read as JSON: " + e.getMessage());
            }
        }

        /** SETTING=VALUE pairs; each VALUE is read as JSON (a number, true, false, null) or else taken as text. */
        private JsonNode settings(List<String> pairs) {
            ObjectNode settings = json.createObjectNode();
            for (String pair : pairs) {
                int equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new UsageError("settings are SETTING=VALUE, not " + pair);
                }
                String value = pair.substring(equals + 1);
                JsonNode parsed;
                try {
                    parsed = json.readTree(value);
                } catch (Exception notJson) {
                    parsed = null;
                }
                settings.set(pair.substring(0, equals), parsed == null || parsed.isMissingNode() || parsed.isContainerNode()
                        ? TextNode.valueOf(value) : parsed);
            }
            return settings;
        }

        private static List<String> required(List<String> args, int count, String names) {
            if (args.size() < count) {
                throw new UsageError("missing argument: " + names);
            }
            return args;
        }

        /** Removes {@code --option value} pairs from {@code args} and returns them. */
        private static Map<String, String> options(List<String> args, String... known) {
            Map<String, String> options = new LinkedHashMap<>();
            for (String option : known) {
                int at = args.indexOf(option);
                if (at >= 0) {
                    if (at + 1 >= args.size()) {
                        throw new UsageError(option + " needs a value");
                    }
                    options.put(option, args.get(at + 1));
                    args.remove(at + 1);
                    args.remove(at);
                }
            }
            for (String arg : args) {
                if (arg.startsWith("--")) {
                    throw new UsageError("unknown option " + arg);
                }
            }
            return options;
        }

        private static int number(String value, String option) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageError(option + " is a whole number, not " + value);
            }
        }
    }
}
