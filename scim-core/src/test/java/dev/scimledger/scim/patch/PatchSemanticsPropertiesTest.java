package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.patch.PatchOperation.Op;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.ResourceSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties over well-typed operations on User resources, so that most cases really get applied. */
class PatchSemanticsPropertiesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** A path (null for no path) and a value that fits it. */
    record Target(String path, JsonNode value) {
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void well_typed_operations_apply_without_mutating_and_yield_normalised_users(
            @ForAll("users") ObjectNode user, @ForAll("operationLists") List<PatchOperation> ops) {
        ObjectNode before = user.deepCopy();
        try {
            ObjectNode out = ResourcePatcher.apply(user, ops, ResourceSchema.USER);
            Statistics.label("outcome").collect(out.equals(user) ? "unchanged" : "changed");
            assertThat(ResourceNormalizer.normalize(out, ResourceSchema.USER)).isEqualTo(out);
            assertThat(primaryCount(out.get("emails"))).isLessThanOrEqualTo(Math.max(1, primaryCount(user.get("emails"))));
        } catch (ScimException e) {
            Statistics.label("outcome").collect(String.valueOf(e.scimType()));
            assertThat(e.scimType()).isIn(ScimErrorType.NO_TARGET, ScimErrorType.INVALID_VALUE);
        }
        assertThat(user).isEqualTo(before);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void remove_is_idempotent(@ForAll("users") ObjectNode user, @ForAll("targets") Target target) {
        if (target.path() == null) {
            return;
        }
        List<PatchOperation> remove = List.of(PatchOperation.remove(PatchPath.parse(target.path())));
        ObjectNode once = ResourcePatcher.apply(user, remove, ResourceSchema.USER);
        assertThat(ResourcePatcher.apply(once, remove, ResourceSchema.USER)).isEqualTo(once);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void add_is_idempotent(@ForAll("users") ObjectNode user, @ForAll("targets") Target target) {
        PatchOperation add;
        try {
            add = new PatchOperation(Op.ADD, target.path() == null ? null : PatchPath.parse(target.path()), target.value());
        } catch (ScimException e) {
            return; // e.g. no-path add with a non-object value
        }
        try {
            ObjectNode once = ResourcePatcher.apply(user, List.of(add), ResourceSchema.USER);
            assertThat(ResourcePatcher.apply(once, List.of(add), ResourceSchema.USER)).isEqualTo(once);
        } catch (ScimException e) {
            assertThat(e.scimType()).isIn(ScimErrorType.NO_TARGET, ScimErrorType.INVALID_VALUE);
        }
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void replace_of_a_simple_attribute_reads_back_the_value(@ForAll("users") ObjectNode user,
                                                           @ForAll("simplePaths") String path,
                                                           @ForAll("strings") String value) {
        ObjectNode out = ResourcePatcher.apply(user,
                List.of(PatchOperation.replace(PatchPath.parse(path), JSON.textNode(value))), ResourceSchema.USER);
        ResolvedAttribute r = ResourceSchema.USER.resolve(path).orElseThrow();
        JsonNode container = r.extension() ? out.path(r.schemaUrn()) : out;
        JsonNode read = r.subAttribute() == null ? container.path(r.attribute().name())
                : container.path(r.attribute().name()).path(r.subAttribute().name());
        assertThat(read.textValue()).isEqualTo(value);
    }

    private static int primaryCount(JsonNode emails) {
        int n = 0;
        if (emails != null) {
            for (JsonNode e : emails) {
                if (e.path("primary").asBoolean(false)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.strings().ofMaxLength(10);
    }

    @Provide
    Arbitrary<String> simplePaths() {
        return Arbitraries.of("title", "displayName", "userName", "nickName", "externalId", "name.givenName",
                "NAME.familyName", ENTERPRISE + ":department", ENTERPRISE + ":costCenter");
    }

    @Provide
    Arbitrary<ObjectNode> users() {
        Arbitrary<ObjectNode> fixture = Arbitraries.just(ResourcePatcherTest.USER).map(ObjectNode::deepCopy);
        Arbitrary<ObjectNode> generated = Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                email().list().ofMaxSize(3),
                Arbitraries.of(true, false),
                Arbitraries.strings().alpha().ofMaxLength(4).injectNull(0.5)).as((userName, emails, active, dept) -> {
            ObjectNode u = JSON.objectNode().put("userName", userName).put("active", active);
            ArrayNode a = u.putArray("emails");
            emails.forEach(a::add);
            if (dept != null) {
                u.putObject(ENTERPRISE).put("department", dept);
            }
            return ResourceNormalizer.normalize(u, ResourceSchema.USER);
        });
        return Arbitraries.oneOf(fixture, generated);
    }

    @Provide
    Arbitrary<List<PatchOperation>> operationLists() {
        Arbitrary<PatchOperation> op = Combinators.combine(Arbitraries.of(Op.values()), targets()).as((o, t) -> {
            PatchPath path = t.path() == null ? null : PatchPath.parse(t.path());
            if (o == Op.REMOVE && path == null) {
                return PatchOperation.remove(PatchPath.parse("title"));
            }
            if (o != Op.REMOVE && path == null && !t.value().isObject()) {
                return PatchOperation.add(PatchPath.parse("title"), JSON.textNode("t"));
            }
            return new PatchOperation(o, path, o == Op.REMOVE && !t.path().equals("members") ? null : t.value());
        });
        return op.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Target> targets() {
        Arbitrary<JsonNode> str = Arbitraries.strings().alpha().ofMaxLength(6).map(JSON::textNode);
        Arbitrary<JsonNode> bool = Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, JSON.textNode("True"),
                JSON.textNode("FALSE"));
        Arbitrary<JsonNode> type = Arbitraries.of("work", "home", "other", "WORK").map(JSON::textNode);
        List<Arbitrary<Target>> choices = new ArrayList<>();
        for (String p : List.of("title", "displayName", "nickName", "name.givenName", ENTERPRISE + ":department",
                ENTERPRISE + ":manager", ENTERPRISE + ":manager.value", "emails[type eq \"work\"].value",
                "emails[type eq \"home\"].display", "phoneNumbers[type eq \"mobile\"].value",
                "addresses[type eq \"work\"].streetAddress", "emails[value co \"a\"].type")) {
            choices.add(str.map(v -> new Target(p, v)));
        }
        for (String p : List.of("active", "emails[type eq \"work\"].primary", "emails[type eq \"other\"].primary")) {
            choices.add(bool.map(v -> new Target(p, v)));
        }
        choices.add(type.map(v -> new Target("emails[primary eq true].type", v)));
        choices.add(email().map(v -> new Target("emails", v)));
        choices.add(email().list().ofMaxSize(3).map(l -> new Target("emails", arrayOf(l))));
        choices.add(email().map(v -> new Target("emails[type eq \"home\"]", v)));
        choices.add(Combinators.combine(str, str).as((g, f) -> new Target("name",
                JSON.objectNode().set("givenName", g))));
        choices.add(Combinators.combine(str, bool, email()).as((t, a, e) -> new Target(null,
                JSON.objectNode().<ObjectNode>set("title", t).<ObjectNode>set("active", a)
                        .<ObjectNode>set("name.familyName", t).<ObjectNode>set(ENTERPRISE + ":manager", t)
                        .set("emails", arrayOf(List.of(e))))));
        choices.add(str.map(v -> new Target(ENTERPRISE, JSON.objectNode().set("Department", v))));
        choices.add(Arbitraries.just(new Target("title", NullNode.getInstance())));
        choices.add(Arbitraries.just(new Target("emails[type eq \"work\"]", NullNode.getInstance())));
        return Arbitraries.oneOf(choices);
    }

    private static Arbitrary<JsonNode> email() {
        return Combinators.combine(
                Arbitraries.of("a@x.org", "b@y.org", "A@X.ORG", "c@z.org"),
                Arbitraries.of("work", "home", "other").injectNull(0.2),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.6)).as((v, t, p) -> {
            ObjectNode e = JSON.objectNode().put("value", v);
            if (t != null) {
                e.put("type", t);
            }
            if (p != null) {
                e.put("primary", p);
            }
            return (JsonNode) e;
        });
    }

    private static ArrayNode arrayOf(List<JsonNode> nodes) {
        ArrayNode a = JSON.arrayNode();
        nodes.forEach(n -> a.add(n.deepCopy()));
        return a;
    }

    @SuppressWarnings("unused")
    private static Tuple.Tuple2<String, JsonNode> pair(String k, JsonNode v) {
        return Tuple.of(k, v);
    }
}
