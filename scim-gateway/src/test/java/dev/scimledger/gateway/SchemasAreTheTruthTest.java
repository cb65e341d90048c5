package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code /Schemas} advertises is what the server does, found as Microsoft's SCIM Validator finds it: by reading
 * {@code /Schemas} and {@code /ResourceTypes}, and then, for every attribute a client may write (mutability readWrite,
 * immutable or writeOnly) of every schema of every resource type, creating a resource with it, reading it back
 * (as {@code returned} says), filtering on it (each of its simple sub-attributes for a complex one), replacing it by
 * PATCH (an immutable one must refuse that), removing it (a required one must refuse that), and, where
 * {@code uniqueness} is server, creating a second resource with the same value (409); a string's {@code caseExact}
 * is checked through the filter. Values are made from each attribute's type and canonical values; nothing here
 * knows the schemas in advance. The tenant has an extension of its own, declared through the admin API, walked
 * the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemasAreTheTruthTest extends RunningService {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TenantAccess tenant;
    private String someUser;
    private int serial;

    @BeforeAll
    void tenant() {
        tenant = newTenant();
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN,
                "{\"workEmailImmutable\":false,\"unknownAttributes\":\"reject\"}").status()).isEqualTo(200);
        someUser = scim("POST", "/Users", tenant.token(), "{\"userName\":\"" + unique("member") + "\"}").text("/id");
        // a tenant's own extension is walked like the service's: every type, single and multi-valued, complex,
        // immutable, caseExact, canonical values, returned on request
        Response declared = call("PUT", "/admin/tenants/" + tenant.tenantId() + "/schema-extensions/" + DECLARED,
                ADMIN_TOKEN, """
                        {"resourceType": "User", "schema": {"name": "Walked", "attributes": [
                          {"name": "badge", "type": "string", "caseExact": true},
                          {"name": "remote", "type": "boolean"},
                          {"name": "skills", "type": "string", "multiValued": true},
                          {"name": "level", "type": "integer"},
                          {"name": "score", "type": "decimal"},
                          {"name": "hiredOn", "type": "dateTime", "mutability": "immutable"},
                          {"name": "tier", "type": "string", "canonicalValues": ["gold", "silver"]},
                          {"name": "secretCode", "type": "string", "returned": "request"},
                          {"name": "office", "type": "complex", "subAttributes": [
                            {"name": "building", "type": "string"}, {"name": "floor", "type": "integer"}]},
                          {"name": "devices", "type": "complex", "multiValued": true, "subAttributes": [
                            {"name": "value", "type": "string"}, {"name": "type", "type": "string"},
                            {"name": "primary", "type": "boolean"}]}]}}""", "Content-Type", "application/json");
        assertThat(declared.status()).as(declared.raw().body()).isEqualTo(201);
    }

    private static final String DECLARED = "urn:ietf:params:scim:schemas:extension:walked:2.0:User";

    /** One attribute as /Schemas describes it, with where it lives. */
    private record Walked(String resourceType, String endpoint, String schema, boolean extension, JsonNode definition) {
        String name() {
            return definition.get("name").asText();
        }

        /** The name a filter or PATCH path uses: URN-qualified for an extension's attributes. */
        String path() {
            return extension ? schema + ":" + name() : name();
        }

        String mutability() {
            return definition.path("mutability").asText("readWrite");
        }

        String returned() {
            return definition.path("returned").asText("default");
        }

        boolean multiValued() {
            return definition.path("multiValued").asBoolean();
        }

        boolean complex() {
            return "complex".equals(definition.path("type").asText());
        }

        boolean required() {
            return definition.path("required").asBoolean();
        }

        @Override
        public String toString() {
            return resourceType + " " + path();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyWritableAttributeOfEverySchemaBehavesAsAdvertised() {
        JsonNode types = scim("GET", "/ResourceTypes", tenant.token(), null).body().get("Resources");
        JsonNode schemas = scim("GET", "/Schemas", tenant.token(), null).body().get("Resources");
        List<Walked> walked = new ArrayList<>();
        for (JsonNode type : types) {
            List<String> urns = new ArrayList<>(List.of(type.get("schema").asText()));
            type.path("schemaExtensions").forEach(e -> urns.add(e.get("schema").asText()));
            for (String urn : urns) {
                JsonNode schema = null;
                for (JsonNode s : schemas) {
                    if (s.get("id").asText().equals(urn)) {
                        schema = s;
                    }
                }
                assertThat(schema).as("/Schemas has " + urn).isNotNull();
                for (JsonNode attribute : schema.get("attributes")) {
                    String mutability = attribute.path("mutability").asText("readWrite");
                    if (!mutability.equals("readOnly")) {
                        walked.add(new Walked(type.get("name").asText(), type.get("endpoint").asText(), urn,
                                !urn.equals(type.get("schema").asText()), attribute));
                    }
                }
            }
        }
        assertThat(walked).extracting(Walked::toString).contains("User userName", "User emails", "Group displayName",
                "Group members", "User urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "User " + DECLARED + ":badge", "User " + DECLARED + ":remote", "User " + DECLARED + ":skills",
                "User " + DECLARED + ":hiredOn", "User " + DECLARED + ":office", "User " + DECLARED + ":devices");
        return walked.stream().map(w -> DynamicTest.dynamicTest(w.toString(), () -> walk(w)));
    }

    private void walk(Walked a) {
        ObjectNode first = base(a);
        JsonNode v1 = value(a, 1);
        put(first, a, v1);
        Response created = scim("POST", a.endpoint(), tenant.token(), first.toString());
        assertThat(created.status()).as(a + " create: " + created.raw().body()).isEqualTo(201);
        String id = created.text("/id");
        String resource = a.endpoint() + "/" + id;

        // read, as returned says
        JsonNode read = scim("GET", resource, tenant.token(), null).body();
        JsonNode shown = at(read, a);
        switch (a.returned()) {
            case "never" -> assertThat(shown.isMissingNode()).as(a + " is returned never: " + read).isTrue();
            case "request" -> {
                assertThat(shown.isMissingNode()).as(a + " is returned on request only").isTrue();
                JsonNode asked = scim("GET", resource + "?attributes=" + enc(a.path()), tenant.token(), null).body();
                assertSame(a, v1, at(asked, a));
            }
            default -> assertSame(a, v1, shown);
        }

        // filter on it (a complex attribute on each of its writable simple sub-attributes)
        if (!a.returned().equals("never")) {
            for (String[] filter : filters(a, v1)) {
                Response found = scim("GET", a.endpoint() + "?filter=" + enc(filter[0]), tenant.token(), null);
                assertThat(found.status()).as(a + " filter " + filter[0] + ": " + found.raw().body()).isEqualTo(200);
                assertThat(found.body().get("Resources").findValuesAsText("id")).as(a + " filter " + filter[0])
                        .contains(id);
                if (filter[1] != null) {
                    // the same value in another case: a match exactly when the attribute is not caseExact
                    Response other = scim("GET", a.endpoint() + "?filter=" + enc(filter[1]), tenant.token(), null);
                    assertThat(other.status()).as(a + " filter " + filter[1]).isEqualTo(200);
                    boolean caseExact = filter.length > 2 && Boolean.parseBoolean(filter[2]);
                    assertThat(other.body().get("Resources").findValuesAsText("id").contains(id))
                            .as(a + " filter " + filter[1] + " (caseExact " + caseExact + ")").isEqualTo(!caseExact);
                }
            }
        }

        // replace it; an immutable attribute refuses a change once it has a value
        JsonNode v2 = value(a, 2);
        Response replaced = scim("PATCH", resource, tenant.token(), patch("[{\"op\":\"replace\",\"path\":\""
                + a.path() + "\",\"value\":" + v2 + "}]"));
        if (a.mutability().equals("immutable")) {
            assertThat(replaced.status()).as(a + " is immutable: " + replaced.raw().body()).isEqualTo(400);
            assertThat(replaced.text("/scimType")).isEqualTo("mutability");
        } else {
            assertThat(replaced.status()).as(a + " replace: " + replaced.raw().body()).isIn(200, 204);
            if (!a.returned().equals("never") && !a.returned().equals("request")) {
                assertSame(a, v2, at(scim("GET", resource, tenant.token(), null).body(), a));
            }
        }

        // remove it; a required attribute refuses
        Response removed = scim("PATCH", resource, tenant.token(), patch("[{\"op\":\"remove\",\"path\":\""
                + a.path() + "\"}]"));
        if (a.required()) {
            assertThat(removed.status()).as(a + " is required: " + removed.raw().body()).isEqualTo(400);
        } else if (!a.mutability().equals("immutable")) {
            assertThat(removed.status()).as(a + " remove: " + removed.raw().body()).isIn(200, 204);
            assertThat(at(scim("GET", resource, tenant.token(), null).body(), a).isMissingNode())
                    .as(a + " removed").isTrue();
        }

        // uniqueness server: a second resource with the same value is refused
        if (a.definition().path("uniqueness").asText().equals("server")) {
            ObjectNode second = base(a);
            put(second, a, v1);
            if (a.required() || removed.status() == 400) {
                // still holds v1 or v2: the one it holds now
                JsonNode now = at(scim("GET", resource, tenant.token(), null).body(), a);
                put(second, a, now);
            }
            Response duplicate = scim("POST", a.endpoint(), tenant.token(), second.toString());
            assertThat(duplicate.status()).as(a + " is unique: " + duplicate.raw().body()).isEqualTo(409);
            assertThat(duplicate.text("/scimType")).isEqualTo("uniqueness");
        }
    }

    /** The least a resource needs: its required attributes, unique values where they must be. */
    private ObjectNode base(Walked a) {
        ObjectNode body = F.objectNode();
        if (a.resourceType().equals("User")) {
            body.put("userName", unique("walk") + "-" + serial++);
        } else {
            body.put("displayName", unique("walk group") + " " + serial++);
        }
        return body;
    }

    private static void put(ObjectNode body, Walked a, JsonNode value) {
        if (a.extension()) {
            body.withObjectProperty(a.schema()).set(a.name(), value);
        } else {
            body.set(a.name(), value);
        }
    }

    private static JsonNode at(JsonNode resource, Walked a) {
        JsonNode container = a.extension() ? resource.path(a.schema()) : resource;
        return container.path(a.name());
    }

    /** A value of the attribute as its definition says: its type, multiValued, canonical values, sub-attributes. */
    private JsonNode value(Walked a, int n) {
        if (!a.complex()) {
            JsonNode simple = simple(a.definition(), a.name(), n);
            return a.multiValued() ? F.arrayNode().add(simple) : simple;
        }
        ObjectNode object = F.objectNode();
        for (JsonNode sub : a.definition().path("subAttributes")) {
            String mutability = sub.path("mutability").asText("readWrite");
            String name = sub.get("name").asText();
            if (mutability.equals("readOnly") || name.equals("$ref")) {
                continue; // $ref: the URI of the resource named by value, which the server writes (RFC 7643 §2.3.7)
            }
            object.set(name, simple(sub, a.name() + "." + name, n));
        }
        return a.multiValued() ? F.arrayNode().add(object) : object;
    }

    private JsonNode simple(JsonNode definition, String label, int n) {
        JsonNode canonical = definition.path("canonicalValues");
        if (canonical.isArray() && !canonical.isEmpty()) {
            return canonical.get(Math.min(n - 1, canonical.size() - 1));
        }
        String name = definition.get("name").asText();
        if (name.equals("value") && (label.startsWith("members") || label.endsWith("manager.value"))) {
            return F.textNode(someUser); // a reference to a resource that exists
        }
        return switch (definition.path("type").asText()) {
            case "boolean" -> F.booleanNode(n == 1);
            case "integer" -> F.numberNode(40 + n);
            case "decimal" -> F.numberNode(4.5 + n);
            case "dateTime" -> F.textNode("2026-0" + n + "-15T10:00:00Z");
            case "binary" -> F.textNode(n == 1 ? "TUlJQkl6Q0NBUzJnQXdJQkFnSUJBREE=" : "TUlJQkl6Q0NBUzJnQXdJQkFnSUJBVEE=");
            case "reference" -> F.textNode("https://example.com/walk/" + label + "/" + n);
            default -> F.textNode("Walk" + label.replace('.', '-') + "-" + n + "-" + serial++);
        };
    }

    /** The written value as read back: the same, or (multi-valued) an array holding it. */
    private static void assertSame(Walked a, JsonNode written, JsonNode shown) {
        assertThat(shown.isMissingNode()).as(a + " is shown").isFalse();
        if (!a.complex()) {
            assertThat(shown).as(a.toString()).isEqualTo(written);
            return;
        }
        JsonNode expected = a.multiValued() ? written.get(0) : written;
        JsonNode actual = a.multiValued() ? shown.get(0) : shown;
        assertThat(actual).as(a + " shown as " + shown).isNotNull();
        expected.fields().forEachRemaining(sub -> assertThat(actual.get(sub.getKey()))
                .as(a + "." + sub.getKey() + " in " + shown).isEqualTo(sub.getValue()));
    }

    /** Filters that must find the resource: {filter, the same in another case (or null), caseExact}. */
    private static List<String[]> filters(Walked a, JsonNode written) {
        List<String[]> filters = new ArrayList<>();
        if (!a.complex()) {
            JsonNode value = a.multiValued() ? written.get(0) : written;
            filters.add(comparison(a.path(), value, a.definition()));
            return filters;
        }
        JsonNode element = a.multiValued() ? written.get(0) : written;
        for (JsonNode sub : a.definition().path("subAttributes")) {
            String name = sub.get("name").asText();
            if (element.has(name) && !sub.path("returned").asText().equals("never")) {
                filters.add(comparison(a.path() + "." + name, element.get(name), sub));
            }
        }
        return filters;
    }

    private static String[] comparison(String path, JsonNode value, JsonNode definition) {
        if (!value.isTextual()) {
            return new String[]{path + " eq " + value, null};
        }
        String literal = quoted(value.asText());
        String type = definition.path("type").asText();
        boolean caseSensitiveType = type.equals("string") || type.equals("reference");
        String other = value.asText().toUpperCase(Locale.ROOT).equals(value.asText())
                ? value.asText().toLowerCase(Locale.ROOT) : value.asText().toUpperCase(Locale.ROOT);
        return caseSensitiveType && !other.equals(value.asText())
                ? new String[]{path + " eq " + literal, path + " eq " + quoted(other),
                String.valueOf(definition.path("caseExact").asBoolean())}
                : new String[]{path + " eq " + literal, null};
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
