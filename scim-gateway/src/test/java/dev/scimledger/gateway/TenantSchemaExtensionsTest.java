package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's own schema extension, end to end: an admin declares it (a string, a boolean, a multi-valued string, a
 * complex attribute, an immutable and a required one); the tenant's SCIM clients see it in {@code /Schemas} and
 * {@code /ResourceTypes} (another tenant's do not), create, patch, filter and sort on it, and are held to what it
 * declares; the log carries its values into the user's history and the published CloudEvents (valid against the
 * extension's own JSON Schema); a changed declaration keeps what stored values need, and a removed attribute
 * leaves the resource but not its history; erasure takes the extension's values with the rest of the person, and
 * a replay of the read model from the log comes out equal.
 */
class TenantSchemaExtensionsTest extends RunningService {

    private static final String URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
    private static final String GROUP_URN = "urn:ietf:params:scim:schemas:extension:acme:2.0:Group";

    @Value("${scim.kafka.bootstrap-servers}")
    String bootstrapServers;

    private static String declaration(String extraAttribute) {
        return """
                {"resourceType": "User", "schema": {"id": "%s", "name": "AcmeUser", "description": "Acme's own",
                 "attributes": [
                  {"name": "badge", "type": "string", "required": true},
                  {"name": "remote", "type": "boolean"},
                  {"name": "skills", "type": "string", "multiValued": true},
                  {"name": "office", "type": "complex", "subAttributes": [
                     {"name": "building", "type": "string"}, {"name": "floor", "type": "integer"}]},
                  {"name": "hireId", "type": "string", "mutability": "immutable"}%s]}}""".formatted(URN, extraAttribute);
    }

    private static String userWith(String userName, String extension) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
                 "userName": "%s", "active": true, "emails": [{"type": "work", "value": "%s", "primary": true}],
                 "%s": %s}""".formatted(URN, userName, userName, URN, extension);
    }

    private Response declare(TenantAccess tenant, String urn, String body) {
        return call("PUT", "/admin/tenants/" + tenant.tenantId() + "/schema-extensions/" + urn, ADMIN_TOKEN, body,
                "Content-Type", "application/json");
    }

    private List<String> userNames(TenantAccess tenant, String filter, String sortBy, String order) {
        String query = "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                + (sortBy == null ? "" : "&sortBy=" + URLEncoder.encode(sortBy, StandardCharsets.UTF_8)
                + "&sortOrder=" + order);
        Response found = scim("GET", query, tenant.token(), null);
        assertThat(found.status()).as(found.raw().body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        found.body().path("Resources").forEach(r -> names.add(r.path("userName").asText()));
        return names;
    }

    @Test
    void aDeclaredExtensionIsAdvertisedWrittenSearchedHistoricalPublishedAndErased() throws Exception {
        TenantAccess tenant = newTenant();
        TenantAccess other = newTenant();
        String admin = "/admin/tenants/" + tenant.tenantId();

        Response declared = declare(tenant, URN, declaration(""));
        assertThat(declared.status()).as(declared.raw().body()).isEqualTo(201);
        assertThat(declared.text("/schema/attributes/0/required")).isEqualTo("true");
        assertThat(declare(tenant, URN, declaration("")).status()).as("the same again changes nothing").isEqualTo(200);
        assertThat(call("GET", admin, ADMIN_TOKEN, null).text("/schemaExtensions/0/urn")).isEqualTo(URN);

        // advertised to this tenant's clients, and only to them
        Response schemas = scim("GET", "/Schemas", tenant.token(), null);
        assertThat(schemas.raw().body()).contains(URN);
        Response schema = scim("GET", "/Schemas/" + URN, tenant.token(), null);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.text("/attributes/3/subAttributes/1/type")).isEqualTo("integer");
        assertThat(schema.text("/attributes/4/mutability")).isEqualTo("immutable");
        Response userType = scim("GET", "/ResourceTypes/User", tenant.token(), null);
        assertThat(userType.body().path("schemaExtensions").toString()).contains(URN);
        assertThat(scim("GET", "/Schemas", other.token(), null).raw().body()).doesNotContain(URN);
        assertThat(scim("GET", "/Schemas/" + URN, other.token(), null).status()).isEqualTo(404);

        // written as declared: a string boolean as Entra sends it is a boolean
        String ann = unique("ann");
        Response created = scim("POST", "/Users", tenant.token(), userWith(ann, """
                {"badge": "B-2", "remote": "True", "skills": ["java", "sql"],
                 "office": {"building": "North", "floor": 3}, "hireId": "H-1"}"""));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String annId = created.text("/id");
        assertThat(created.body().path("schemas").toString()).contains(URN);
        JsonNode stored = created.body().path(URN);
        assertThat(stored.path("remote").isBoolean()).isTrue();
        assertThat(stored.path("office").path("floor").asInt()).isEqualTo(3);
        String bob = unique("bob");
        String bobId = scim("POST", "/Users", tenant.token(), userWith(bob, """
                {"badge": "B-1", "remote": false, "skills": ["go"], "office": {"floor": 1}}""")).text("/id");

        // held to what it declares, and nothing written when refused
        Response noBadge = scim("POST", "/Users", tenant.token(), userWith(unique("nobadge"), "{\"remote\": true}"));
        assertThat(noBadge.status()).isEqualTo(400);
        assertThat(noBadge.text("/detail")).contains(URN + ":badge", "required");
        Response notBoolean = scim("POST", "/Users", tenant.token(), userWith(unique("maybe"),
                "{\"badge\": \"B-9\", \"remote\": \"maybe\"}"));
        assertThat(notBoolean.status()).isEqualTo(400);
        String version = scim("GET", "/Users/" + annId, tenant.token(), null).text("/meta/version");
        Response hireIdChanged = scim("PATCH", "/Users/" + annId, tenant.token(),
                patch("[{\"op\":\"replace\",\"path\":\"" + URN + ":hireId\",\"value\":\"H-2\"}]"));
        assertThat(hireIdChanged.status()).isEqualTo(400);
        assertThat(hireIdChanged.text("/scimType")).isEqualTo("mutability");
        Response badgeRemoved = scim("PATCH", "/Users/" + annId, tenant.token(),
                patch("[{\"op\":\"remove\",\"path\":\"" + URN + ":badge\"}]"));
        assertThat(badgeRemoved.status()).isEqualTo(400);
        assertThat(scim("GET", "/Users/" + annId, tenant.token(), null).text("/meta/version")).isEqualTo(version);
        assertThat(scim("POST", "/Users", other.token(), userWith(unique("elsewhere"), "{\"badge\": \"X\"}"))
                .header("Scim-Ignored-Attributes")).as("another tenant has no such extension").contains(URN);

        // patched like any attribute: a boolean, a value added to a multi-valued one, a sub-attribute
        Response patched = scim("PATCH", "/Users/" + annId, tenant.token(), patch("""
                [{"op": "replace", "path": "%1$s:remote", "value": "False"},
                 {"op": "add", "path": "%1$s:skills", "value": ["rust"]},
                 {"op": "replace", "path": "%1$s:office.floor", "value": 5},
                 {"op": "add", "path": "%1$s:hireId", "value": "H-1"}]""".formatted(URN)));
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.body().path(URN).path("remote").booleanValue()).isFalse();
        assertThat(patched.body().path(URN).path("skills").toString()).contains("java", "sql", "rust");
        assertThat(patched.body().path(URN).path("office").path("floor").asInt()).isEqualTo(5);
        assertThat(patched.body().path(URN).path("office").path("building").asText()).isEqualTo("North");

        // filtered and sorted through the same SQL translation as the core attributes
        assertThat(userNames(tenant, URN + ":badge eq \"b-1\"", null, null)).containsExactly(bob);
        assertThat(userNames(tenant, URN + ":remote eq false", URN + ":badge", "ascending")).containsExactly(bob, ann);
        assertThat(userNames(tenant, URN + ":skills eq \"rust\"", null, null)).containsExactly(ann);
        assertThat(userNames(tenant, URN + ":office.floor gt 2", null, null)).containsExactly(ann);
        assertThat(userNames(tenant, URN + ":badge pr", URN + ":badge", "descending")).containsExactly(ann, bob);
        assertThat(userNames(tenant, URN + ":office.floor ge 1", URN + ":office.floor", "ascending"))
                .containsExactly(bob, ann);
        Response elsewhere = scim("GET", "/Users?filter=" + URLEncoder.encode(URN + ":badge eq \"B-1\"",
                StandardCharsets.UTF_8), other.token(), null);
        assertThat(elsewhere.status()).as("another tenant cannot filter on it").isEqualTo(400);
        assertThat(elsewhere.text("/scimType")).isEqualTo("invalidFilter");

        // published as written, valid against the JSON Schema of the extension as declared when it was written
        Response jsonSchema = call("GET", admin + "/schema-extensions/" + URN + "/json-schema", ADMIN_TOKEN, null);
        assertThat(jsonSchema.status()).isEqualTo(200);
        JsonSchema extensionSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(jsonSchema.raw().body());
        String key = tenant.tenantId() + "/" + annId;
        List<PublishedEvents.Published> annsEvents = PublishedEvents.withKey(PublishedEvents.read(bootstrapServers,
                "scim.events", read -> PublishedEvents.withKey(read, key).stream()
                        .anyMatch(r -> r.type().equals("dev.scimledger.user-created.v1")), Duration.ofSeconds(120)), key);
        JsonNode publishedCreate = annsEvents.stream().filter(r -> r.type().equals("dev.scimledger.user-created.v1"))
                .findFirst().orElseThrow().data();
        assertThat(publishedCreate.path("attributes").path(URN).path("badge").asText()).isEqualTo("B-2");
        assertThat(extensionSchema.validate(publishedCreate.path("attributes").path(URN))).isEmpty();
        assertThat(extensionSchema.validate(JSON.readTree("{\"badge\": 7}"))).as("the schema can fail").isNotEmpty();

        // a changed declaration: an attribute added and one removed; a type that stays
        Instant withSkills = Instant.now();
        Response typeChanged = declare(tenant, URN, declaration("").replace(
                "{\"name\": \"remote\", \"type\": \"boolean\"}", "{\"name\": \"remote\", \"type\": \"string\"}"));
        assertThat(typeChanged.status()).isEqualTo(400);
        assertThat(typeChanged.text("/detail")).contains("remote", "boolean");
        Response changed = declare(tenant, URN, declaration(", {\"name\": \"nickname\"}")
                .replace("{\"name\": \"skills\", \"type\": \"string\", \"multiValued\": true},", ""));
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        Response withoutSkills = scim("GET", "/Users/" + annId, tenant.token(), null);
        assertThat(withoutSkills.body().path(URN).has("skills")).as("a removed attribute is not shown").isFalse();
        assertThat(withoutSkills.body().path(URN).path("badge").asText()).isEqualTo("B-2");
        assertThat(scim("GET", "/Users?filter=" + URLEncoder.encode(URN + ":skills eq \"go\"", StandardCharsets.UTF_8),
                tenant.token(), null).status()).isEqualTo(400);
        assertThat(scim("PATCH", "/Users/" + annId, tenant.token(), patch(
                "[{\"op\":\"add\",\"path\":\"" + URN + ":nickname\",\"value\":\"Annie\"}]")).body().path(URN)
                .path("nickname").asText()).isEqualTo("Annie");
        Response history = call("GET", admin + "/history/users/" + annId + "?at=" + withSkills, ADMIN_TOKEN, null);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().path("attributes").path(URN).path("skills").toString())
                .as("its history keeps what was stored").contains("rust");

        // erased with the person
        Instant beforeDeletion = Instant.now();
        assertThat(scim("DELETE", "/Users/" + annId, tenant.token(), null).status()).isEqualTo(204);
        assertThat(call("POST", admin + "/users/" + annId + "/erasure", ADMIN_TOKEN, null).status()).isEqualTo(200);
        Response erased = call("GET", admin + "/history/users/" + annId + "?at=" + beforeDeletion, ADMIN_TOKEN, null);
        assertThat(erased.body().path("attributes").path(URN).asText()).isEqualTo("[erased]");
        assertThat(erased.raw().body()).doesNotContain("B-2", "North", "Annie");
        assertThat(extensionSchema.validate(erased.body().path("attributes").path(URN))).isEmpty();

        // removed: gone from discovery and from the resources, kept in their history
        Instant beforeRemoval = Instant.now();
        assertThat(call("DELETE", admin + "/schema-extensions/" + URN, ADMIN_TOKEN, null).status()).isEqualTo(204);
        assertThat(call("DELETE", admin + "/schema-extensions/" + URN, ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(scim("GET", "/Schemas", tenant.token(), null).raw().body()).doesNotContain(URN);
        Response bobNow = scim("GET", "/Users/" + bobId, tenant.token(), null);
        assertThat(bobNow.body().has(URN)).isFalse();
        assertThat(bobNow.body().path("schemas").toString()).doesNotContain(URN);
        assertThat(call("GET", admin + "/history/users/" + bobId + "?at=" + beforeRemoval, ADMIN_TOKEN, null)
                .body().path("attributes").path(URN).path("badge").asText()).isEqualTo("B-1");

        // replayed: the read model rebuilt from the log, extension values and all, equals the live one
        JsonNode status = rebuilt("scim-read-model", tenant.tenantId());
        assertThat(status.path("verdict").asText()).as(status.toString()).isEqualTo("equal");
    }

    @Test
    void aGroupExtensionIsWrittenAndFiltered() {
        TenantAccess tenant = newTenant();
        Response declared = declare(tenant, GROUP_URN, """
                {"resourceType": "Group", "schema": {"attributes": [{"name": "costCenter", "caseExact": true}]}}""");
        assertThat(declared.status()).as(declared.raw().body()).isEqualTo(201);
        Response created = scim("POST", "/Groups", tenant.token(), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%1$s"], "displayName": "Finance",
                 "%1$s": {"costCenter": "CC-7"}}""".formatted(GROUP_URN));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.body().path(GROUP_URN).path("costCenter").asText()).isEqualTo("CC-7");
        String exact = URLEncoder.encode(GROUP_URN + ":costCenter eq \"CC-7\"", StandardCharsets.UTF_8);
        String otherCase = URLEncoder.encode(GROUP_URN + ":costCenter eq \"cc-7\"", StandardCharsets.UTF_8);
        assertThat(scim("GET", "/Groups?filter=" + exact, tenant.token(), null).body().path("totalResults").asInt())
                .isEqualTo(1);
        assertThat(scim("GET", "/Groups?filter=" + otherCase, tenant.token(), null).body().path("totalResults").asInt())
                .as("caseExact as declared").isZero();
        assertThat(scim("GET", "/ResourceTypes/Group", tenant.token(), null).body().path("schemaExtensions")
                .toString()).contains(GROUP_URN);
        assertThat(declare(tenant, GROUP_URN, """
                {"resourceType": "User", "schema": {"attributes": [{"name": "costCenter"}]}}""").status())
                .as("a URN extends one resource type").isEqualTo(400);
    }

    @Test
    void whatTheServiceWouldNotDoIsNotDeclared() {
        TenantAccess tenant = newTenant();
        String urn = "urn:ietf:params:scim:schemas:extension:refused:2.0:User";
        for (String attribute : List.of("{\"name\": \"a\", \"uniqueness\": \"server\"}",
                "{\"name\": \"a\", \"mutability\": \"writeOnly\"}",
                "{\"name\": \"a\", \"required\": true, \"mutability\": \"readOnly\"}",
                "{\"name\": \"a\", \"type\": \"text\"}")) {
            Response refused = declare(tenant, urn, "{\"resourceType\": \"User\", \"schema\": {\"attributes\": ["
                    + attribute + "]}}");
            assertThat(refused.status()).as(attribute).isEqualTo(400);
        }
        assertThat(declare(tenant, urn, "{\"resourceType\": \"Device\", \"schema\": {\"attributes\": [{\"name\": \"a\"}]}}")
                .status()).isEqualTo(400);
        assertThat(declare(tenant, urn, "{\"resourceType\": \"User\", \"schema\": {\"id\": \"urn:other:x:y\", "
                + "\"attributes\": [{\"name\": \"a\"}]}}").status()).as("the path and the id disagree").isEqualTo(400);
        assertThat(declare(tenant, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "{\"resourceType\": \"User\", \"schema\": {\"attributes\": [{\"name\": \"a\"}]}}").status()).isEqualTo(400);
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId() + "/schema-extensions", ADMIN_TOKEN, null)
                .text("/totalResults")).isEqualTo("0");
    }
}
