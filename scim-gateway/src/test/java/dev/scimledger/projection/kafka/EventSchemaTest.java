package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.scimledger.gateway.PublishedEvents;
import dev.scimledger.gateway.RunningService;
import dev.scimledger.messages.ScimEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published shape is a contract: each event type has a JSON Schema in {@code docs/events} (no property beyond
 * those it names), and every kind of event, produced here through the API, is published as its schema says. A new
 * field, a renamed one or a changed type fails this test until the schema gets a new type version.
 */
class EventSchemaTest extends RunningService {

    private static final Path SCHEMAS = Path.of("..", "docs", "events");
    private static final Path EVENTS = Path.of("..", "messages", "src", "main", "java", "dev", "scimledger", "messages");

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void everyKindOfEventHasASchemaAndEverySchemaAKindOfEvent() throws Exception {
        Set<String> types = eventTypes();
        assertThat(types).hasSizeGreaterThanOrEqualTo(22);
        Set<String> schemas = schemaTypes();
        assertThat(schemas).containsAll(types);
        // an older version of a kind stays documented for the records already on the topic; a kind that no longer
        // exists at all does not
        Set<String> kinds = types.stream().map(EventSchemaTest::kind).collect(Collectors.toSet());
        assertThat(schemas).allSatisfy(schema -> assertThat(kinds).contains(kind(schema)));
        for (String type : schemas) {
            JsonNode schema = JSON.readTree(SCHEMAS.resolve(type + ".schema.json").toFile());
            assertThat(schema.path("$id").asText()).isEqualTo(CloudEventFormat.SCHEMA_PREFIX + type);
            assertThat(schema.path("additionalProperties").asBoolean(true)).as(type + " closed").isFalse();
        }
    }

    @Test
    void everyKindOfEventIsPublishedAsItsSchemaSays() throws Exception {
        TenantAccess tenant = newTenant();
        String t = tenant.tenantId();
        String admin = "/admin/tenants/" + t;
        ok(call("PATCH", admin, ADMIN_TOKEN, "{\"name\":\"schema-renamed-" + UUID.randomUUID() + "\",\"maxResults\":50}",
                "Content-Type", "application/json"));
        String imported = unique("imported");
        ok(call("POST", admin + "/accounts", ADMIN_TOKEN, "{\"userName\":\"" + imported + "\",\"emails\":[{\"type\":"
                + "\"work\",\"value\":\"" + imported + "\"}]}\n", "Content-Type", "application/x-ndjson"));
        String adopted = scim("POST", "/Users", tenant.token(), entraUser(imported, "adopted")).text("/id");
        String user = scim("POST", "/Users", tenant.token(), entraUser(unique("schema"), "e1")).text("/id");
        ok(scim("PATCH", "/Users/" + user, tenant.token(),
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"}]")));
        ok(scim("PATCH", "/Users/" + user, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
        ok(scim("PATCH", "/Users/" + user, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]")));
        String group = scim("POST", "/Groups", tenant.token(), "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Schema group\",\"members\":[{\"value\":\"" + user + "\"}]}").text("/id");
        ok(scim("PATCH", "/Groups/" + group, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed group\"},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + adopted + "\"}]},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}]")));
        ok(scim("DELETE", "/Groups/" + group, tenant.token(), null));
        ok(scim("DELETE", "/Users/" + user, tenant.token(), null));
        ok(call("POST", admin + "/users/" + user + "/erasure", ADMIN_TOKEN, null));
        Response issued = call("POST", admin + "/tokens", ADMIN_TOKEN, "{\"name\":\"second\"}", "Content-Type", "application/json");
        ok(issued);
        Response rotated = call("POST", admin + "/tokens/" + issued.text("/id") + "/rotate", ADMIN_TOKEN,
                "{\"overlapHours\":0}", "Content-Type", "application/json");
        ok(rotated);
        ok(call("DELETE", admin + "/tokens/" + rotated.text("/id"), ADMIN_TOKEN, null));
        String extension = "urn:ietf:params:scim:schemas:extension:schematest:2.0:User";
        ok(call("PUT", admin + "/schema-extensions/" + extension, ADMIN_TOKEN, "{\"resourceType\":\"User\",\"schema\":"
                + "{\"attributes\":[{\"name\":\"badge\"}]}}", "Content-Type", "application/json"));
        ok(call("DELETE", admin + "/schema-extensions/" + extension, ADMIN_TOKEN, null));
        ok(call("POST", admin + "/suspend", ADMIN_TOKEN, "{\"reason\":\"schema test\"}", "Content-Type", "application/json"));
        ok(call("POST", admin + "/resume", ADMIN_TOKEN, null));
        ok(call("POST", admin + "/suspend", ADMIN_TOKEN, null));
        ok(call("DELETE", admin, ADMIN_TOKEN, null));

        Set<String> expected = eventTypes();
        List<PublishedEvents.Published> published = PublishedEvents.read(bootstrapServers, "scim.events",
                read -> typesOf(read, t).containsAll(expected), Duration.ofSeconds(120)).stream()
                .filter(r -> t.equals(r.event().getExtension(CloudEventFormat.TENANT))).toList();
        assertThat(typesOf(published, t)).as("every kind of event was made and published").containsAll(expected);

        Map<String, JsonSchema> schemas = new HashMap<>();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (PublishedEvents.Published record : published) {
            String type = record.type();
            assertThat(record.event().getDataSchema().toString()).isEqualTo(CloudEventFormat.SCHEMA_PREFIX + type);
            JsonSchema schema = schemas.computeIfAbsent(type, name -> {
                try {
                    return factory.getSchema(Files.readString(SCHEMAS.resolve(name + ".schema.json")));
                } catch (IOException e) {
                    throw new AssertionError("no schema for " + name, e);
                }
            });
            Set<ValidationMessage> errors = schema.validate(record.data());
            assertThat(errors).as(type + ": " + record.data()).isEmpty();
        }
    }

    @Test
    void theSchemaCheckCatchesAChangedShape() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(SCHEMAS.resolve("dev.scimledger.user-deactivated.v1.schema.json")));
        JsonNode valid = JSON.readTree("{\"tenantId\":\"t\",\"userId\":\"u\",\"at\":\"2026-01-01T00:00:00Z\"}");
        assertThat(schema.validate(valid)).isEmpty();
        assertThat(schema.validate(JSON.readTree("{\"tenantId\":\"t\",\"userId\":\"u\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"reason\":\"new field\"}"))).as("a field the schema does not name").isNotEmpty();
        assertThat(schema.validate(JSON.readTree("{\"tenantId\":\"t\",\"at\":\"2026-01-01T00:00:00Z\"}")))
                .as("a required field missing").isNotEmpty();
    }

    private static Set<String> typesOf(List<PublishedEvents.Published> records, String tenantId) {
        return records.stream().filter(r -> tenantId.equals(r.event().getExtension(CloudEventFormat.TENANT)))
                .map(PublishedEvents.Published::type).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The CloudEvents type of every event record in the messages module (every class that is a ScimEvent). */
    private static Set<String> eventTypes() throws IOException, ClassNotFoundException {
        Set<String> types = new TreeSet<>();
        for (String feature : List.of("user", "group", "tenant")) {
            try (Stream<Path> files = Files.list(EVENTS.resolve(feature))) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Event.java")).toList()) {
                    Class<?> type = Class.forName("dev.scimledger.messages." + feature + "."
                            + file.getFileName().toString().replace(".java", ""));
                    if (type.isRecord() && ScimEvent.class.isAssignableFrom(type)) {
                        types.add(CloudEventFormat.type(type));
                    }
                }
            }
        }
        return types;
    }

    private static Set<String> schemaTypes() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .map(n -> n.substring(0, n.length() - ".schema.json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** {@code dev.scimledger.user-created.v1} → {@code dev.scimledger.user-created}. */
    private static String kind(String type) {
        return type.substring(0, type.lastIndexOf(".v"));
    }

    private static void ok(Response response) {
        assertThat(response.status()).as(response.raw().body()).isBetween(200, 299);
    }
}
