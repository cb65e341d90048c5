package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.And;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import dev.scimledger.scim.filter.Filter;
import dev.scimledger.scim.patch.PatchOperation.Op;
import dev.scimledger.scim.resource.ResourceNormalizer;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.AttributeType;
import dev.scimledger.scim.schema.Mutability;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.schema.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource in the normalised form of
 * {@link ResourceNormalizer} (enterprise extension under its URN key). A pure function: the input is never
 * mutated; the result is a fresh, normalised {@link ObjectNode} (values run through the same canonicalisation and
 * coercion as POST/PUT bodies). Operations apply in order; any failure aborts the whole request (§3.5.2).
 *
 * <p>Semantics (RFC 7644 §3.5.2.1–3) and decided leniencies:
 * <ul>
 *   <li><b>add</b> to a multi-valued attribute appends the given value(s) (a single object is wrapped), skipping
 *       values already present, where "present" means an existing value has every sub-attribute the new value
 *       gives, with equal values (case-insensitive unless caseExact) — so re-adding group member
 *       {@code {"value":"id"}} is a no-op. <b>replace</b> of a multi-valued attribute without filter replaces the
 *       whole set. add and replace on a single-valued complex attribute merge the given sub-attributes (others are
 *       left unchanged, §3.5.2.3); on a simple attribute they set it.</li>
 *   <li>Without {@code path}, the value object's members are applied one by one as if each key were a path: keys
 *       may be plain, dotted ({@code name.givenName}), URN-qualified (core or extension, e.g.
 *       {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager}), may carry a value filter
 *       ({@code emails[type eq "work"].value}), or be an extension URN with a nested object. In such value objects
 *       {@code schemas}, writeOnly attributes and unknown keys are ignored, as in POST bodies; a key naming a
 *       readOnly attribute or sub-attribute ({@code id}, {@code meta}, {@code meta.lastModified}, {@code groups})
 *       is 400 mutability, as its path would be (no mass assignment), except a key {@code id} that restates the
 *       resource's own id (Okta renames a group with {@code {"id": <the group's id>, "displayName": ...}}), which
 *       changes nothing. readOnly sub-attributes inside a value ({@code manager.displayName} in a {@code manager}
 *       object) are dropped as in POST bodies.</li>
 *   <li>With a {@code path}: an unknown attribute, a sub-attribute the attribute does not have, a value filter on a
 *       single-valued attribute or naming something other than a sub-attribute is 400 invalidPath; a readOnly
 *       target ({@code id}, {@code meta}, {@code groups}, {@code manager.displayName}) is 400 mutability;
 *       {@code schemas} and {@code password} targets are ignored (the server owns {@code schemas}; passwords are
 *       never stored). A path naming just the extension URN addresses the extension object.</li>
 *   <li>{@code add}/{@code replace} on {@code attr[filter].sub} (e.g. {@code emails[type eq "work"].value}) sets the
 *       sub-attribute on every matching value; when none matches and the filter is a conjunction of {@code eq}
 *       comparisons, a new value is created from those comparisons plus the sub-attribute (Microsoft Entra ID
 *       relies on this), otherwise 400 noTarget. {@code add} on {@code attr[filter]} merges the value object
 *       into matches or appends a new value (with the {@code eq} comparisons of the filter); {@code replace} on
 *       {@code attr[filter]} merges into matches and is 400 noTarget when nothing matches (§3.5.2.3).
 *       {@code add}/{@code replace} on a sub-attribute of a multi-valued attribute without filter
 *       ({@code emails.value}) is 400 invalidPath.</li>
 *   <li><b>remove</b> removes the attribute; with a value filter only the matching values (or their
 *       sub-attribute); {@code attr.sub} on a multi-valued attribute removes the sub-attribute from every value.
 *       Removing something absent, or a filter matching nothing, is not an error (idempotent). {@code remove} of a
 *       multi-valued attribute with a {@code value} (Entra's
 *       {@code {"op":"Remove","path":"members","value":[{"value":"id"}]}}) removes exactly the listed values
 *       (matched like add's "present"), never the whole attribute; a {@code value} on a single-valued remove is
 *       ignored.</li>
 *   <li>{@code "True"}/{@code "False"} strings are accepted for booleans anywhere; a value of the wrong type is
 *       400 invalidValue. A JSON null (or empty array) value means unassigned: {@code replace} with it removes the
 *       target, {@code add} with it is a no-op.</li>
 *   <li>Setting {@code primary} to true on one value of a multi-valued attribute sets it to false on the others
 *       (RFC 7644 §3.5.2); when one operation makes several values primary (a filter matching two values, a
 *       replaced set with two primaries), only the first of them stays primary (RFC 7643 §2.4).</li>
 *   <li>Immutable attributes are not enforced here (the aggregate compares before and after).</li>
 * </ul>
 */
public final class ResourcePatcher {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ResourcePatcher() {
    }

    /**
     * Applies the operations to a copy of {@code resource}.
     *
     * @return the patched resource, normalised, as a fresh node
     * @throws ScimException 400 (invalidPath, invalidValue, invalidSyntax, noTarget, mutability) when an operation
     *                       cannot be applied; 500 if {@code resource} or {@code schema} is null
     */
    public static ObjectNode apply(ObjectNode resource, List<PatchOperation> operations, ResourceSchema schema) {
        return apply(resource, null, operations, schema);
    }

    /**
     * As {@link #apply(ObjectNode, List, ResourceSchema)}, for the resource whose server-assigned id is {@code id}:
     * a path-less value object may then restate that id, which changes nothing; any other id there (or any id
     * when {@code id} is null) is 400 mutability.
     */
    public static ObjectNode apply(ObjectNode resource, String id, List<PatchOperation> operations,
                                   ResourceSchema schema) {
        if (resource == null || schema == null) {
            throw ScimException.internal("ResourcePatcher.apply needs a resource and a schema");
        }
        if (operations == null || operations.isEmpty()) {
            throw PatchErrors.invalidSyntax("The PATCH request has no operations");
        }
        ObjectNode doc = ResourceNormalizer.normalize(resource, schema);
        Patching patching = new Patching(doc, schema, id);
        for (PatchOperation operation : operations) {
            if (operation == null) {
                throw PatchErrors.invalidSyntax("A PATCH operation is missing");
            }
            patching.apply(operation);
        }
        return ResourceNormalizer.normalize(doc, schema);
    }

    /** A resolved target: attribute (with its schema), optional value filter, optional sub-attribute. */
    private record Target(ResolvedAttribute resolved, Filter filter, AttributeDefinition sub, String label) {

        AttributeDefinition attribute() {
            return resolved.attribute();
        }
    }

    /** The mutable working state of one {@link #apply} call. */
    private static final class Patching {

        private final ObjectNode doc;
        private final ResourceSchema schema;
        private final String id;

        Patching(ObjectNode doc, ResourceSchema schema, String id) {
            this.doc = doc;
            this.schema = schema;
            this.id = id;
        }

        void apply(PatchOperation operation) {
            PatchPath path = operation.path();
            if (path == null) {
                applyObject(operation.op(), operation.value(), null);
                return;
            }
            if (path.schemaUrn() == null && path.valueFilter() == null && path.subAttribute() == null
                    && path.attribute().equalsIgnoreCase("schemas")) {
                return;
            }
            Optional<Schema> extension = extensionItself(path);
            if (extension.isPresent()) {
                applyToExtension(operation.op(), extension.get(), operation.value());
                return;
            }
            Target target = resolve(path).orElseThrow(() -> PatchErrors.invalidPath(
                    "Unknown attribute in path '" + PatchErrors.excerpt(path.render()) + "'"));
            if (has(target, Mutability.READ_ONLY)) {
                throw PatchErrors.mutability("Attribute '" + target.label() + "' is readOnly");
            }
            if (has(target, Mutability.WRITE_ONLY)) {
                return; // password: never stored
            }
            applyTarget(operation.op(), target, operation.value());
        }

        /** A no-path add/replace: each member of the value object as its own path. */
        private void applyObject(Op op, JsonNode value, Schema scope) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (scope == null) {
                    if (key.equalsIgnoreCase("schemas")) {
                        continue;
                    }
                    Optional<Schema> extension = schema.extension(key);
                    if (extension.isPresent()) {
                        applyToExtension(op, extension.get(), field.getValue());
                        continue;
                    }
                } else {
                    key = scope.id() + ":" + key;
                }
                applyKey(op, key, field.getValue());
            }
        }

        private void applyKey(Op op, String key, JsonNode value) {
            PatchPath path;
            try {
                path = PatchPath.parse(key);
            } catch (ScimException e) {
                return; // not an attribute name of any schema: ignored like unknown attributes
            }
            Optional<Target> target = resolve(path);
            if (target.isEmpty()) {
                return;
            }
            Target t = target.get();
            if (has(t, Mutability.READ_ONLY)) {
                if (restatesOwnId(t, value)) {
                    return;
                }
                throw PatchErrors.mutability("Attribute '" + t.label() + "' is readOnly");
            }
            if (has(t, Mutability.WRITE_ONLY)) {
                return; // password: never stored
            }
            applyTarget(op, t, value);
        }

        /** The common attribute {@code id} given the resource's own id: Okta's form, not a change. */
        private boolean restatesOwnId(Target t, JsonNode value) {
            return id != null && !t.resolved().extension() && t.filter() == null && t.sub() == null
                    && t.attribute().name().equals("id") && value != null && value.isTextual()
                    && value.textValue().equals(id);
        }

        private void applyToExtension(Op op, Schema extension, JsonNode value) {
            if (op == Op.REMOVE || value == null || value.isNull()) {
                if (op != Op.ADD) {
                    doc.remove(extension.id());
                }
                return;
            }
            if (!value.isObject()) {
                throw PatchErrors.invalidValue("The extension '" + extension.id() + "' needs a JSON object");
            }
            applyObject(op, value, extension);
        }

        private Optional<Schema> extensionItself(PatchPath path) {
            if (path.schemaUrn() == null || path.valueFilter() != null || path.subAttribute() != null) {
                return Optional.empty();
            }
            return schema.extension(path.schemaUrn() + ":" + path.attribute());
        }

        /** The target a path names (the bare {@code manager} too: see {@link ResourceSchema#resolveAsEntraSends}). */
        private Optional<Target> resolve(PatchPath path) {
            Optional<ResolvedAttribute> found = schema.resolveAsEntraSends(path.schemaUrn(), path.attribute(), null);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ResolvedAttribute r = found.get();
            AttributeDefinition attr = r.attribute();
            String label = r.extension() ? r.schemaUrn() + ":" + attr.name() : attr.name();
            AttributeDefinition sub = null;
            if (path.subAttribute() != null) {
                sub = attr.subAttribute(path.subAttribute()).orElse(null);
                if (sub == null) {
                    return Optional.empty();
                }
            }
            Filter filter = path.valueFilter();
            if (filter != null) {
                if (!attr.multiValued() && attr.isComplex()) {
                    // manager[value eq "id"]: only a remove may name a single value by filter (see applyTarget)
                    ValueFilterMatcher.validate(filter, attr, label);
                    return Optional.of(new Target(new ResolvedAttribute(r.schemaUrn(), r.extension(), attr, null),
                            filter, sub, label + "[" + filter.render() + "]" + (sub == null ? "" : "." + sub.name())));
                }
                if (!attr.multiValued() || !attr.isComplex()) {
                    throw PatchErrors.invalidPath("Attribute '" + label
                            + "' is not a multi-valued complex attribute and cannot take a value filter");
                }
                ValueFilterMatcher.validate(filter, attr, label);
                label = label + "[" + filter.render() + "]";
            }
            if (sub != null) {
                label = label + "." + sub.name();
            }
            return Optional.of(new Target(new ResolvedAttribute(r.schemaUrn(), r.extension(), attr, null),
                    filter, sub, label));
        }

        private static boolean has(Target t, Mutability m) {
            return t.attribute().mutability() == m || (t.sub() != null && t.sub().mutability() == m);
        }

        private ObjectNode container(Target t, boolean create) {
            if (!t.resolved().extension()) {
                return doc;
            }
            String urn = t.resolved().schemaUrn();
            JsonNode ext = doc.get(urn);
            if (ext instanceof ObjectNode o) {
                return o;
            }
            if (!create) {
                return null;
            }
            ObjectNode o = JSON.objectNode();
            doc.set(urn, o);
            return o;
        }

        private void applyTarget(Op op, Target t, JsonNode value) {
            if (t.filter() != null && !t.attribute().multiValued()) {
                removeIfMatches(op, t);
                return;
            }
            if (t.filter() != null) {
                applyFiltered(op, t, value);
            } else if (t.sub() != null) {
                applySub(op, t, value);
            } else {
                applyWhole(op, t, value);
            }
        }

        /**
         * A value filter on a single-valued complex attribute ({@code manager[value eq "id"]}, which Entra sends to
         * remove a manager): removes the value (or its sub-attribute) when it matches, nothing otherwise. An add or a
         * replace has no values to choose among: 400 invalidPath.
         */
        private void removeIfMatches(Op op, Target t) {
            if (op != Op.REMOVE) {
                throw PatchErrors.invalidPath("Attribute '" + t.attribute().name() + "' is single-valued: a value "
                        + "filter may only name it for a remove");
            }
            ObjectNode c = container(t, false);
            JsonNode current = c == null ? null : c.get(t.attribute().name());
            if (current instanceof ObjectNode value && ValueFilterMatcher.matches(t.filter(), value, t.attribute())) {
                if (t.sub() == null) {
                    c.remove(t.attribute().name());
                } else {
                    value.remove(t.sub().name());
                    if (value.isEmpty()) {
                        c.remove(t.attribute().name());
                    }
                }
            }
        }

        /** Path {@code attr}: the whole attribute. */
        private void applyWhole(Op op, Target t, JsonNode value) {
            AttributeDefinition attr = t.attribute();
            String key = attr.name();
            if (op == Op.REMOVE) {
                ObjectNode c = container(t, false);
                if (c == null) {
                    return;
                }
                if (attr.multiValued() && value != null && !value.isNull()) {
                    removeListed(c, t, value);
                } else {
                    c.remove(key);
                }
                return;
            }
            JsonNode normalized = ResourceNormalizer.normalizeValue(value, attr, t.label());
            if (normalized == null) {
                if (op == Op.REPLACE) {
                    ObjectNode c = container(t, false);
                    if (c != null) {
                        c.remove(key);
                    }
                }
                return;
            }
            ObjectNode c = container(t, true);
            if (attr.multiValued()) {
                singlePrimary((ArrayNode) normalized, attr);
                if (op == Op.REPLACE) {
                    c.set(key, normalized);
                    return;
                }
                ArrayNode values = array(c, key);
                List<JsonNode> touched = new ArrayList<>();
                ValueIndex present = new ValueIndex(values, attr);
                for (JsonNode v : normalized) {
                    if (!present.anyCovers(v)) {
                        values.add(v);
                        present.add(v);
                        touched.add(v);
                    }
                }
                fixPrimary(values, touched, attr);
            } else if (attr.isComplex()) {
                ObjectNode existing = object(c, key);
                existing.setAll((ObjectNode) normalized);
            } else {
                c.set(key, normalized);
            }
        }

        /** Path {@code attr.sub} without filter. */
        private void applySub(Op op, Target t, JsonNode value) {
            AttributeDefinition attr = t.attribute();
            AttributeDefinition sub = t.sub();
            String key = attr.name();
            if (attr.multiValued()) {
                if (op != Op.REMOVE) {
                    throw PatchErrors.invalidPath("Path '" + t.label() + "' names a sub-attribute of the multi-valued "
                            + "attribute '" + key + "'; select values with a filter, e.g. " + key
                            + "[type eq \"work\"]." + sub.name());
                }
                ObjectNode c = container(t, false);
                if (c != null && c.get(key) instanceof ArrayNode values) {
                    for (JsonNode v : values) {
                        if (v instanceof ObjectNode o) {
                            o.remove(sub.name());
                        }
                    }
                    dropEmpty(c, key);
                }
                return;
            }
            JsonNode normalized = op == Op.REMOVE ? null
                    : ResourceNormalizer.normalizeValue(value, sub, t.label());
            if (normalized == null) {
                if (op == Op.ADD) {
                    return;
                }
                ObjectNode c = container(t, false);
                if (c != null && c.get(key) instanceof ObjectNode o) {
                    o.remove(sub.name());
                    if (o.isEmpty()) {
                        c.remove(key);
                    }
                }
                return;
            }
            object(container(t, true), key).set(sub.name(), normalized);
        }

        /** Path {@code attr[filter]} or {@code attr[filter].sub}. */
        private void applyFiltered(Op op, Target t, JsonNode value) {
            AttributeDefinition attr = t.attribute();
            AttributeDefinition sub = t.sub();
            String key = attr.name();
            ObjectNode existingContainer = container(t, false);
            List<ObjectNode> matches = new ArrayList<>();
            if (existingContainer != null && existingContainer.get(key) instanceof ArrayNode values) {
                for (JsonNode v : values) {
                    if (v instanceof ObjectNode o && ValueFilterMatcher.matches(t.filter(), o, attr)) {
                        matches.add(o);
                    }
                }
            }
            if (op == Op.REMOVE) {
                removeFromMatches(existingContainer, key, matches, sub);
                return;
            }
            JsonNode normalized = sub == null
                    ? ResourceNormalizer.normalizeSingleValue(value, attr, t.label())
                    : ResourceNormalizer.normalizeValue(value, sub, t.label());
            if (normalized == null) {
                if (op == Op.REPLACE) {
                    removeFromMatches(existingContainer, key, matches, sub);
                }
                return;
            }
            List<JsonNode> touched = new ArrayList<>();
            if (!matches.isEmpty()) {
                for (ObjectNode m : matches) {
                    if (sub == null) {
                        m.setAll((ObjectNode) normalized);
                    } else {
                        m.set(sub.name(), normalized);
                    }
                    touched.add(m);
                }
            } else {
                ObjectNode created = equalityConstraints(t.filter(), attr, t.label());
                if (created == null) {
                    if (op == Op.ADD && sub == null) {
                        created = JSON.objectNode();
                    } else {
                        throw PatchErrors.noTarget("No value of '" + attr.name() + "' matches the filter of '"
                                + t.label() + "'");
                    }
                } else if (op == Op.REPLACE && sub == null) {
                    throw PatchErrors.noTarget("No value of '" + attr.name() + "' matches the filter of '"
                            + t.label() + "'");
                }
                if (sub == null) {
                    created.setAll((ObjectNode) normalized);
                } else {
                    created.set(sub.name(), normalized);
                }
                ArrayNode values = array(container(t, true), key);
                if (containsValue(values, created, attr)) {
                    dropEmpty(container(t, true), key);
                    return; // already present: as for a plain add, no change
                }
                values.add(created);
                touched.add(created);
            }
            ObjectNode c = container(t, false);
            if (c != null && c.get(key) instanceof ArrayNode values) {
                fixPrimary(values, touched, attr);
            }
        }

        private void removeFromMatches(ObjectNode c, String key, List<ObjectNode> matches, AttributeDefinition sub) {
            if (c == null || matches.isEmpty() || !(c.get(key) instanceof ArrayNode values)) {
                return;
            }
            Set<JsonNode> matched = Collections.newSetFromMap(new IdentityHashMap<>());
            matched.addAll(matches);
            if (sub == null) {
                for (int i = values.size() - 1; i >= 0; i--) {
                    if (matched.contains(values.get(i))) {
                        values.remove(i);
                    }
                }
            } else {
                matches.forEach(m -> m.remove(sub.name()));
            }
            dropEmpty(c, key);
        }

        /** Entra's member removal: remove exactly the listed values. */
        private void removeListed(ObjectNode c, Target t, JsonNode value) {
            AttributeDefinition attr = t.attribute();
            JsonNode listed = ResourceNormalizer.normalizeValue(value, attr, t.label());
            if (listed == null || !(c.get(attr.name()) instanceof ArrayNode values)) {
                return;
            }
            ValueIndex removals = new ValueIndex(listed, attr);
            ArrayNode kept = JSON.arrayNode();
            for (JsonNode existing : values) {
                if (!removals.anyCoveredBy(existing)) {
                    kept.add(existing);
                }
            }
            values.removeAll();
            values.addAll(kept);
            dropEmpty(c, attr.name());
        }

        /**
         * The value a filter of {@code eq} comparisons joined by {@code and} describes, e.g. {@code {"type":"work"}}
         * for {@code type eq "work"}; null when the filter has another shape or contradicts itself.
         */
        private static ObjectNode equalityConstraints(Filter f, AttributeDefinition attr, String label) {
            ObjectNode out = JSON.objectNode();
            return collectEqualities(f, attr, label, out) ? out : null;
        }

        private static boolean collectEqualities(Filter f, AttributeDefinition attr, String label, ObjectNode out) {
            if (f instanceof And a) {
                return collectEqualities(a.left(), attr, label, out) && collectEqualities(a.right(), attr, label, out);
            }
            if (f instanceof Comparison c && c.op() == ComparisonOperator.EQ && !c.value().isNull()) {
                AttributeDefinition sub = ValueFilterMatcher.subAttribute(c.path(), attr, label);
                if (sub.isComplex() || sub.mutability() == Mutability.READ_ONLY) {
                    return false;
                }
                JsonNode v = ResourceNormalizer.normalizeValue(c.value(), sub, label);
                if (v == null) {
                    return false;
                }
                JsonNode previous = out.get(sub.name());
                if (previous != null && !previous.equals(v)) {
                    return false;
                }
                out.set(sub.name(), v);
                return true;
            }
            return false;
        }

        /** True when {@code existing} has every sub-attribute {@code candidate} gives, with an equal value. */
        private static boolean covers(JsonNode existing, JsonNode candidate, AttributeDefinition attr) {
            if (!attr.isComplex() || !candidate.isObject() || !existing.isObject()) {
                return ValueFilterMatcher.equal(existing, candidate, attr);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = candidate.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                AttributeDefinition sub = attr.subAttribute(f.getKey()).orElse(null);
                if (sub == null || !ValueFilterMatcher.equal(existing.get(sub.name()), f.getValue(), sub)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A multi-valued attribute's values, bucketed by the key their equality rests on (a simple value's text, a
         * complex value's {@code value} sub-attribute, folded as the attribute's caseExact compares it), so that
         * asking whether one value covers another costs a bucket, not the whole list: adding n values to m costs
         * O(n + m), where comparing each with each cost O(n·m) (16,000 values took 13 s). A value without such a
         * key (a number, a complex value without a text {@code value}) is in every lookup.
         */
        private static final class ValueIndex {

            private final AttributeDefinition attr;
            /** What the key is read from: the attribute itself when simple, its {@code value} when complex. */
            private final AttributeDefinition keyed;
            private final Map<String, List<JsonNode>> buckets = new HashMap<>();
            private final List<JsonNode> unkeyed = new ArrayList<>();

            ValueIndex(Iterable<JsonNode> values, AttributeDefinition attr) {
                this.attr = attr;
                this.keyed = attr.isComplex() ? attr.subAttribute("value").orElse(null) : attr;
                values.forEach(this::add);
            }

            void add(JsonNode value) {
                String key = key(value);
                if (key == null) {
                    unkeyed.add(value);
                } else {
                    buckets.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
                }
            }

            /** Whether a value held here covers {@code candidate} (has every sub-attribute it gives, equal). */
            boolean anyCovers(JsonNode candidate) {
                for (JsonNode held : candidates(key(candidate))) {
                    if (covers(held, candidate, attr)) {
                        return true;
                    }
                }
                return false;
            }

            /** Whether {@code existing} covers a value held here. */
            boolean anyCoveredBy(JsonNode existing) {
                // a held value with a key needs that key in existing; one without constrains nothing there
                String key = key(existing);
                for (JsonNode held : key == null ? unkeyed : concat(buckets.getOrDefault(key, List.of()), unkeyed)) {
                    if (covers(existing, held, attr)) {
                        return true;
                    }
                }
                return false;
            }

            /** The values that could cover one of this key: its bucket and the unkeyed, or all for no key. */
            private List<JsonNode> candidates(String key) {
                if (key != null) {
                    return concat(buckets.getOrDefault(key, List.of()), unkeyed);
                }
                List<JsonNode> all = new ArrayList<>(unkeyed);
                buckets.values().forEach(all::addAll);
                return all;
            }

            private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
                if (b.isEmpty()) {
                    return a;
                }
                List<JsonNode> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            }

            private String key(JsonNode value) {
                if (keyed == null || value == null) {
                    return null;
                }
                JsonNode text = attr.isComplex() ? (value.isObject() ? value.get(keyed.name()) : null) : value;
                if (text == null || !text.isTextual()) {
                    return null;
                }
                return keyed.caseExact() ? text.textValue() : text.textValue().toLowerCase(Locale.ROOT);
            }
        }

        private static boolean containsValue(ArrayNode values, JsonNode candidate, AttributeDefinition attr) {
            for (JsonNode v : values) {
                if (covers(v, candidate, attr)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * RFC 7644 §3.5.2 and RFC 7643 §2.4: a value newly set primary makes the other values non-primary; if the
         * operation set several values primary (e.g. a filter matching two values), the first of them stays primary.
         */
        private static void fixPrimary(ArrayNode values, List<JsonNode> touched, AttributeDefinition attr) {
            Optional<AttributeDefinition> primary = attr.subAttribute("primary");
            if (primary.isEmpty() || primary.get().type() != AttributeType.BOOLEAN) {
                return;
            }
            String name = primary.get().name();
            JsonNode keep = touched.stream().filter(v -> v.path(name).asBoolean(false)).findFirst().orElse(null);
            if (keep == null) {
                return;
            }
            for (JsonNode v : values) {
                if (v != keep && v instanceof ObjectNode o && o.path(name).asBoolean(false)) {
                    o.put(name, false);
                }
            }
        }

        /** Keeps {@code primary: true} on the first value of an incoming set only (RFC 7643 §2.4). */
        private static void singlePrimary(ArrayNode incoming, AttributeDefinition attr) {
            Optional<AttributeDefinition> primary = attr.subAttribute("primary");
            if (primary.isEmpty() || primary.get().type() != AttributeType.BOOLEAN) {
                return;
            }
            String name = primary.get().name();
            boolean seen = false;
            for (JsonNode v : incoming) {
                if (v instanceof ObjectNode o && o.path(name).asBoolean(false)) {
                    if (seen) {
                        o.put(name, false);
                    }
                    seen = true;
                }
            }
        }

        private static void dropEmpty(ObjectNode c, String key) {
            if (!(c.get(key) instanceof ArrayNode values)) {
                return;
            }
            for (int i = values.size() - 1; i >= 0; i--) {
                if (values.get(i).isEmpty() && values.get(i).isContainerNode()) {
                    values.remove(i);
                }
            }
            if (values.isEmpty()) {
                c.remove(key);
            }
        }

        private static ArrayNode array(ObjectNode c, String key) {
            if (c.get(key) instanceof ArrayNode a) {
                return a;
            }
            ArrayNode a = JSON.arrayNode();
            c.set(key, a);
            return a;
        }

        private static ObjectNode object(ObjectNode c, String key) {
            if (c.get(key) instanceof ObjectNode o) {
                return o;
            }
            ObjectNode o = JSON.objectNode();
            c.set(key, o);
            return o;
        }
    }
}
