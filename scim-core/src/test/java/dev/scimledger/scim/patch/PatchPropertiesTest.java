package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.ResourceSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PatchPropertiesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final List<String> PATHS = List.of(
            "userName", "USERNAME", "active", "title", "displayName", "externalId", "nickName", "name", "name.givenName",
            "Name.FamilyName", "emails", "emails.value", "emails.type", "emails[type eq \"work\"]",
            "emails[type eq \"work\"].value", "emails[type eq \"work\" and primary eq true].primary",
            "emails[value co \"example\"]", "emails[not (type eq \"home\")].display", "emails[type pr].primary",
            "phoneNumbers[type eq \"mobile\"].value", "addresses[type eq \"work\"].streetAddress",
            "addresses[type eq \"work\"]", "ims[value sw \"b\" or type eq \"xmpp\"]", "x509Certificates[value pr].display",
            "members", "members[value eq \"u1\"]", "members[value eq \"u1\"].display", "members.value",
            ENTERPRISE, ENTERPRISE + ":manager", ENTERPRISE + ":manager.value", ENTERPRISE + ":manager.displayName",
            ENTERPRISE + ":department", "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "id", "meta", "meta.version", "groups",
            "schemas", "password", "nonsense", "name[givenName eq \"x\"]", "emails[nonsense eq 1]",
            "emails[type eq \"a\"", "emails[type eq 5].value", "emails[primary gt 1]", "a..b", "", " ");

    private static final List<String> KEYS = List.of(
            "userName", "active", "ACTIVE", "title", "name", "name.givenName", "givenName", "familyName", "emails",
            "value", "VALUE", "type", "primary", "display", "$ref", "members", "displayName", "id", "meta", "groups",
            "schemas", "password", "manager", "department", ENTERPRISE, ENTERPRISE + ":manager",
            ENTERPRISE + ":department", "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "emails[type eq \"work\"].value", "phoneNumbers", "addresses", "streetAddress", "x", "");

    private static final List<String> OPS = List.of("add", "Add", "replace", "Replace", "remove", "REMOVE");

    @Property(tries = 1000)
    void patch_request_parse_throws_only_scim_exceptions(@ForAll("anyJson") JsonNode body) {
        try {
            PatchRequest.parse(body);
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Property(tries = 1000)
    void patch_request_parse_of_plausible_bodies_throws_only_scim_exceptions(@ForAll("patchBodies") JsonNode body) {
        JsonNode before = body.deepCopy();
        try {
            PatchRequest.parse(body);
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
        }
        assertThat(body).isEqualTo(before);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void apply_throws_only_scim_exceptions_never_mutates_and_returns_normalised_output(
            @ForAll("resources") ObjectNode resource, @ForAll("schemas") ResourceSchema schema,
            @ForAll("patchBodies") JsonNode body) {
        ObjectNode before = resource.deepCopy();
        JsonNode bodyBefore = body.deepCopy();
        try {
            List<PatchOperation> ops = PatchRequest.parse(body);
            ObjectNode out = ResourcePatcher.apply(resource, ops, schema);
            Statistics.label("outcome").collect(out.equals(ResourceNormalizer.normalize(resource, schema))
                    ? "applied, unchanged" : "applied, changed");
            assertThat(ResourceNormalizer.normalize(out, schema)).isEqualTo(out);
            for (String forbidden : List.of("id", "meta", "schemas", "password", "groups")) {
                assertThat(out.has(forbidden)).isFalse();
            }
        } catch (ScimException e) {
            Statistics.label("outcome").collect(String.valueOf(e.scimType()));
            Statistics.label("detail").collect(e.detail().replaceAll("\\[\\d+\\]", "[n]").substring(0, Math.min(60, e.detail().length())));
            assertThat(e.status()).isEqualTo(400);
        }
        assertThat(resource).isEqualTo(before);
        assertThat(body).isEqualTo(bodyBefore);
    }

    @Property(tries = 1000)
    void normalize_throws_only_scim_exceptions_and_is_idempotent(@ForAll("anyJson") JsonNode body,
                                                                 @ForAll("schemas") ResourceSchema schema) {
        JsonNode before = body.deepCopy();
        try {
            ObjectNode once = ResourceNormalizer.normalize(body, schema);
            assertThat(ResourceNormalizer.normalize(once, schema)).isEqualTo(once);
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
        }
        assertThat(body).isEqualTo(before);
    }

    @Provide
    Arbitrary<ResourceSchema> schemas() {
        return Arbitraries.of(ResourceSchema.USER, ResourceSchema.GROUP);
    }

    @Provide
    Arbitrary<ObjectNode> resources() {
        Arbitrary<ObjectNode> fixtures = Arbitraries.of(ResourcePatcherTest.USER, ResourcePatcherTest.GROUP,
                JSON.objectNode()).map(ObjectNode::deepCopy);
        Arbitrary<ObjectNode> random = objectOf(json(3));
        return Arbitraries.frequencyOf(Tuple.of(4, fixtures), Tuple.of(1, random));
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return json(3);
    }

    @Provide
    Arbitrary<JsonNode> patchBodies() {
        Arbitrary<JsonNode> value = json(3);
        Arbitrary<JsonNode> operation = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.of(OPS)), Tuple.of(1, Arbitraries.of("delete", "")))
                        .injectNull(0.01),
                Arbitraries.of(PATHS).injectNull(0.25),
                value.injectNull(0.1),
                Arbitraries.of("op", "OP").injectNull(0.0)
        ).as((op, path, v, opKey) -> {
            ObjectNode o = JSON.objectNode();
            if (op != null) {
                o.put(opKey, op);
            }
            if (path != null) {
                o.put("path", path);
            }
            if (v != null) {
                o.set("value", v);
            }
            return (JsonNode) o;
        });
        Arbitrary<JsonNode> operations = Arbitraries.frequencyOf(
                Tuple.of(20, operation.list().ofMinSize(1).ofMaxSize(3).map(PatchPropertiesTest::arrayOf)),
                Tuple.of(1, json(2)));
        Arbitrary<JsonNode> schemas = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just(JSON.arrayNode().add(PatchRequest.PATCH_OP_URN))),
                Tuple.of(1, json(1)));
        Arbitrary<String> operationsKey = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just("Operations")), Tuple.of(5, Arbitraries.just("operations")),
                Tuple.of(1, Arbitraries.just("ops")));
        return Combinators.combine(schemas, operations, operationsKey)
                .as((s, ops, key) -> {
                    ObjectNode body = JSON.objectNode();
                    body.set("schemas", s.deepCopy());
                    body.set(key, ops);
                    return (JsonNode) body;
                });
    }

    private Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(JSON::textNode),
                Arbitraries.of("True", "false", "work", "home", "u1", "2819c223", "x@example.com",
                        "2011-05-13T04:42:34Z").map(JSON::textNode),
                Arbitraries.integers().map(JSON::numberNode),
                Arbitraries.doubles().map(JSON::numberNode),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> json(depth - 1));
        Arbitrary<JsonNode> array = child.list().ofMaxSize(3).map(PatchPropertiesTest::arrayOf);
        Arbitrary<JsonNode> object = objectOf(child).map(o -> (JsonNode) o);
        return Arbitraries.frequencyOf(Tuple.of(3, scalar), Tuple.of(1, array), Tuple.of(2, object));
    }

    private Arbitrary<ObjectNode> objectOf(Arbitrary<JsonNode> values) {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(6));
        return Combinators.combine(keys, values).as(Tuple::of).list().ofMaxSize(5).map(entries -> {
            ObjectNode o = JSON.objectNode();
            entries.forEach(e -> o.set(e.get1(), e.get2().deepCopy()));
            return o;
        });
    }

    private static JsonNode arrayOf(List<JsonNode> elements) {
        ArrayNode a = JSON.arrayNode();
        elements.forEach(e -> a.add(e.deepCopy()));
        return a;
    }
}
