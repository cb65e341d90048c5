package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.RunningService;
import dev.scimledger.gateway.tenant.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's operations (what {@code java -jar scim-gateway.jar admin ...} runs once started; the packaged jar
 * itself is run by ServiceProcessIT): answers as JSON, exit status 1 for a refused operation and 2 for a usage error.
 */
class AdminCommandLineTest extends RunningService {

    @Autowired
    TenantAdministration administration;
    @Autowired
    Tenants tenants;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.axonframework.queryhandling.QueryGateway queries;
    @Autowired
    dev.scimledger.gateway.audit.AuditTrailReader audit;
    @Autowired
    org.axonframework.commandhandling.gateway.CommandGateway commands;
    @Autowired
    dev.scimledger.gateway.operator.Operators operators;
    @Autowired
    Maintenance maintenance;

    private AdminCommandLine.Operations operations;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void operations() {
        operations = new AdminCommandLine.Operations(administration, tenants, json,
                new AdminActor("cli:test-operator", UUID.randomUUID().toString(), "local", "test"), queries, audit, commands,
                operators, maintenance);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return operations.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode answer() throws Exception {
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDeletedUserIsErasedFromTheCommandLine() throws Exception {
        TenantAccess tenant = newTenant();
        String userId = scim("POST", "/Users", tenant.token(), entraUser(unique("cli-erased"), "e")).text("/id");
        assertThat(run("user", "erase", tenant.tenantId(), userId)).as("still provisioned").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error 409");
        assertThat(scim("DELETE", "/Users/" + userId, tenant.token(), null).status()).isEqualTo(204);
        assertThat(run("user", "erase", tenant.tenantId(), userId)).isZero();
        assertThat(answer().get("actor").asText()).isEqualTo("cli:test-operator");
        assertThat(answer().get("alreadyErased").asBoolean()).isFalse();
        assertThat(run("user", "erase", tenant.tenantId())).isEqualTo(2);
    }

    /** The help shows options as --name=NAME; both that form and --name NAME are taken. */
    @Test
    void optionsTakeTheirValueAfterAnEqualsSignToo() throws Exception {
        TenantAccess tenant = newTenant();
        assertThat(run("token", "issue", tenant.tenantId(), "--name=From help", "--expires-in-days=30"))
                .as(err.toString()).isZero();
        assertThat(answer().path("name").asText()).isEqualTo("From help");
        assertThat(run("token", "issue", tenant.tenantId(), "--name", "Spaced", "--expires-in-days", "30")).isZero();
        assertThat(answer().path("name").asText()).isEqualTo("Spaced");
    }

    @Test
    void aSchemaExtensionIsDeclaredListedAndRemovedFromTheCommandLine() throws Exception {
        TenantAccess tenant = newTenant();
        String urn = "urn:ietf:params:scim:schemas:extension:cli:2.0:User";
        java.nio.file.Path file = java.nio.file.Files.createTempFile("extension", ".json");
        java.nio.file.Files.writeString(file, "{\"id\":\"" + urn + "\",\"attributes\":[{\"name\":\"badge\"}]}");
        assertThat(run("extension", "declare", tenant.tenantId(), "User", file.toString())).as(err.toString()).isZero();
        assertThat(answer().path("schema").path("attributes").get(0).path("mutability").asText()).isEqualTo("readWrite");
        assertThat(scim("GET", "/Schemas/" + urn, tenant.token(), null).status()).isEqualTo(200);
        assertThat(run("extension", "list", tenant.tenantId())).isZero();
        assertThat(answer().get(0).path("urn").asText()).isEqualTo(urn);
        assertThat(run("extension", "json-schema", tenant.tenantId(), urn)).isZero();
        assertThat(answer().path("anyOf").get(0).path("properties").has("badge")).isTrue();
        java.nio.file.Files.writeString(file, "{\"id\":\"" + urn + "\",\"attributes\":[{\"name\":\"badge\","
                + "\"type\":\"integer\"}]}");
        assertThat(run("extension", "declare", tenant.tenantId(), "User", file.toString())).as("a type that changes")
                .isEqualTo(1);
        assertThat(run("extension", "declare", tenant.tenantId(), "User", file + ".missing")).isEqualTo(2);
        assertThat(run("extension", "remove", tenant.tenantId(), urn)).isZero();
        assertThat(scim("GET", "/Schemas/" + urn, tenant.token(), null).status()).isEqualTo(404);
        assertThat(run("extension", "remove", tenant.tenantId(), urn)).isEqualTo(1);
        java.nio.file.Files.delete(file);
    }

    @Test
    void aTenantsHistoryIsRepublishedFromTheCommandLine() throws Exception {
        TenantAccess tenant = newTenant();
        scim("POST", "/Users", tenant.token(), entraUser(unique("cli-republished"), "r"));
        long tenantEvents = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8')::jsonb ->> 'tenantId' = ?""",
                Long.class, tenant.tenantId());
        assertThat(run("kafka", "republish", tenant.tenantId())).isZero();
        assertThat(answer().get("status").asText()).isEqualTo("completed");
        assertThat(answer().get("eventsPublished").asLong()).as("the whole history").isEqualTo(tenantEvents);
        assertThat(answer().get("actor").asText()).isEqualTo("cli:test-operator");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("re-publication " + answer().get("id").asText());
        // sending a tenant's history (its personal data) to Kafka again is an event of the operators' log
        assertThat(operatorsTrail("kafka.tenants." + tenant.tenantId())).contains("KafkaRepublicationStartedEvent");

        assertThat(run("kafka", "republish", tenant.tenantId(), "--from", "2100-01-01T00:00:00Z")).isZero();
        assertThat(answer().get("eventsPublished").asLong()).as("nothing recorded after then").isZero();
        assertThat(run("kafka", "republish", tenant.tenantId(), "--from", "soon")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error 400");
        assertThat(run("kafka", "republish", "no-such-tenant")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error 404");
        assertThat(run("kafka", "republish")).isEqualTo(2);
    }

    @Test
    void tenantsAndTokensAreManagedFromTheCommandLine() throws Exception {
        assertThat(run("tenant", "create", "Command", "Line", UUID.randomUUID().toString())).isZero();
        String tenantId = answer().get("id").asText();
        assertThat(answer().get("name").asText()).startsWith("Command Line ");

        assertThat(run("tenant", "set", tenantId, "maxResults=25", "groupPolicy=existing")).isZero();
        assertThat(answer().get("maxResults").asInt()).isEqualTo(25);
        assertThat(answer().get("groupPolicy").asText()).isEqualTo("existing");

        assertThat(run("token", "issue", tenantId, "--name", "nightly sync", "--expires-in-days", "7")).isZero();
        String token = answer().get("token").asText();
        String tokenId = answer().get("id").asText();
        assertThat(scim("GET", "/Users", token, null).status()).isEqualTo(200);

        assertThat(run("token", "list", tenantId)).isZero();
        assertThat(answer().get(0).get("name").asText()).isEqualTo("nightly sync");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(token);

        assertThat(run("tenant", "suspend", tenantId, "billing", "hold")).isZero();
        assertThat(scim("GET", "/Users", token, null).status()).isEqualTo(403);
        assertThat(run("tenant", "resume", tenantId)).isZero();
        assertThat(run("token", "revoke", tenantId, tokenId)).isZero();
        assertThat(answer().get("status").asText()).isEqualTo("revoked");
        assertThat(scim("GET", "/Users", token, null).status()).isEqualTo(401);

        String actors = String.join(",", jdbcActors(tenantId));
        assertThat(actors).isEqualTo("cli:test-operator");

        // the audit trail of these actions, as CSV on standard output (written a moment after the log)
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        do {
            assertThat(run("audit", "export", tenantId, "--format", "csv", "--actor", "cli:test-operator")).isZero();
            assertThat(java.time.Instant.now()).isBefore(deadline);
        } while (!out.toString(StandardCharsets.UTF_8).contains("TokenRevokedEvent"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("TenantSuspendedEvent").doesNotContain(token);
        assertThat(run("audit", "export", UUID.randomUUID().toString())).isEqualTo(1);
        assertThat(run("audit", "export", tenantId, "--from", "yesterday")).isEqualTo(1);
    }

    /**
     * Console accounts and admin API keys from the command line: each secret printed once, each action an event of
     * the operators' log with the operating system's user as its actor, refusals with exit status 1.
     */
    @Test
    void consoleAccountsAndApiKeysAreManagedFromTheCommandLine() throws Exception {
        String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(run("console-account", "create", name, "--role", "admin")).isZero();
        assertThat(answer().at("/account/username").asText()).isEqualTo(name);
        assertThat(answer().at("/account/role").asText()).isEqualTo("admin");
        assertThat(answer().at("/password").asText()).hasSize(24);
        assertThat(run("console-account", "create", name)).as("a name is taken once").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error 409");
        assertThat(run("console-account", "create", "Not A Name")).isEqualTo(1);
        assertThat(run("console-account", "disable", name)).as(err::toString).isZero();
        assertThat(answer().get("disabled").asBoolean()).isTrue();
        assertThat(run("console-account", "list")).isZero();
        assertThat(answer().findValuesAsText("username")).contains(name).contains("admin");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("password");

        assertThat(run("api-key", "issue", name, "--role", "auditor")).isZero();
        String key = answer().get("key").asText();
        String keyId = answer().at("/apiKey/id").asText();
        assertThat(call("GET", "/admin/tenants", key, null).status()).isEqualTo(200);
        assertThat(call("POST", "/admin/tenants", key, "{\"name\":\"no\"}").status()).isEqualTo(403);
        assertThat(run("api-key", "revoke", keyId)).isZero();
        assertThat(call("GET", "/admin/tenants", key, null).status()).isEqualTo(401);
        assertThat(run("api-key", "revoke", keyId)).as("revoked once").isEqualTo(1);
        assertThat(run("api-key", "issue")).isEqualTo(2);

        // each an event of the log, the operators' own tenant, with who did it
        assertThat(operatorsTrail("apiKeys." + keyId + ".revoked")).contains("ConsoleAccountCreatedEvent", "accounts." + name,
                "ConsoleAccountDisabledEvent", "AdminApiKeyIssuedEvent").doesNotContain(key).doesNotContain("argon2");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_log WHERE aggregate_identifier = 'operators' "
                + "AND convert_from(payload, 'UTF8') LIKE '%argon2%'", Long.class)).as("no hash in the log").isZero();
    }

    /**
     * The operators' audit trail of this test's actor as JSON Lines, once it holds {@code expected} (the trail follows
     * the log a moment later).
     */
    private String operatorsTrail(String expected) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        do {
            assertThat(run("audit", "export", "operators", "--actor", "cli:test-operator")).isZero();
            assertThat(java.time.Instant.now()).as("the trail reaches " + expected).isBefore(deadline);
        } while (!out.toString(StandardCharsets.UTF_8).contains(expected));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusedOperationsExitWithOneAndUsageErrorsWithTwo() {
        assertThat(run("tenant", "show", UUID.randomUUID().toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error 404");
        assertThat(out.size()).isZero();

        assertThat(run("tenant", "create", " ")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("name is required");

        assertThat(run("tenant", "frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command").contains("usage:");
        assertThat(run("token", "issue")).isEqualTo(2);
        assertThat(run("token", "issue", "t", "--expires-in-days", "soon")).isEqualTo(2);
        assertThat(run("token", "issue", "t", "--colour", "blue")).isEqualTo(2);
    }

    @Test
    void aProjectionIsRebuiltInTheForegroundAndADifferenceExitsWithFour() throws Exception {
        TenantAccess tenant = newTenant();
        String user = scim("POST", "/Users", tenant.token(), entraUser(unique("cli-replayed"), "cli-r")).text("/id");
        scim("PATCH", "/Users/" + user, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));

        assertThat(run("projection", "rebuild", "scim-read-model", "--tenant", tenant.tenantId()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(answer().get("verdict").asText()).isEqualTo("equal");
        assertThat(answer().get("liveDigest").asText()).isEqualTo(answer().get("rebuiltDigest").asText());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("started").contains("completed: equal");

        assertThat(jdbc.update("UPDATE scim_user SET active = TRUE WHERE user_id = ?", user)).isEqualTo(1);
        try {
            assertThat(run("projection", "rebuild", "scim-read-model", "--tenant", tenant.tenantId())).isEqualTo(4);
            assertThat(answer().get("verdict").asText()).isEqualTo("different");
            assertThat(answer().at("/differences/0/key").asText()).isEqualTo("User/" + user);
        } finally {
            jdbc.update("UPDATE scim_user SET active = FALSE WHERE user_id = ?", user);
        }

        assertThat(run("projection", "rebuild", "no-such-projection")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error 404");
        assertThat(run("projection", "rebuild")).isEqualTo(2);
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private java.util.List<String> jdbcActors(String tenantId) {
        return jdbc.queryForList("""
                SELECT DISTINCT substring(convert_from(payload, 'UTF8') from '"actor":"([^"]*)"')
                FROM domain_event_entry WHERE aggregate_identifier = ?""", String.class, tenantId);
    }
}
