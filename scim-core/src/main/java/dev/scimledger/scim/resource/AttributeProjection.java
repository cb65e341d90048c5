package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.schema.Returned;
import dev.scimledger.scim.schema.Schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which attributes of a rendered resource a response carries: the {@code attributes} and
 * {@code excludedAttributes} parameters of RFC 7644 §3.4.2.5 and §3.9, under the {@code returned} characteristic
 * of RFC 7643 §2.2 / §7. A pure function: {@link #apply} never changes its input.
 *
 * <ul>
 *   <li>{@code returned: never} ({@code password}) is never in the output, whatever was asked.</li>
 *   <li>{@code returned: always} ({@code id}, User {@code userName}) and {@code schemas} are always in the output;
 *       {@code excludedAttributes} cannot remove them.</li>
 *   <li>Without {@code attributes}: every {@code default} attribute, minus those in {@code excludedAttributes};
 *       {@code request} attributes only when named in {@code attributes}.</li>
 *   <li>With {@code attributes}: only the named attributes (and the {@code always} ones). Naming a sub-attribute
 *       ({@code name.givenName}, {@code emails.value}) returns the parent with just that sub-attribute, in every
 *       value of a multi-valued one; naming a schema URN returns that schema's attributes (e.g. the whole enterprise
 *       extension).</li>
 *   <li>Both given: {@code attributes} chooses, then {@code excludedAttributes} removes (RFC 7644 does not forbid
 *       the combination; this is the reading that composes).</li>
 *   <li>Names follow RFC 7644 §3.10: case-insensitive, optionally URN-qualified, at most one dotted
 *       sub-attribute. Extension attributes must be URN-qualified.</li>
 *   <li>Decision, lenient: a name that resolves to no attribute of the resource type is ignored, not an error
 *       (a client asking for an attribute this server does not have gets the resource without it). A bracketed
 *       value filter in a name ({@code emails[type eq "work"]}, which RFC 7644 does not allow here but Microsoft's
 *       test collection sends) names the attribute before the bracket; the filter itself is not applied.</li>
 *   <li>Complex values emptied by the projection, and multi-valued attributes left without values, are omitted;
 *       an extension URN is dropped from {@code schemas} when none of its attributes is left.</li>
 * </ul>
 */
public final class AttributeProjection {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceSchema schema;
    /** True when {@code attributes} was given: only named (and always-returned) attributes are kept. */
    private final boolean restricted;
    /** Keys ({@link #key}) of attributes and sub-attributes named in {@code attributes}. */
    private final Set<String> included;
    /** Keys of attributes one of whose sub-attributes is named in {@code attributes}. */
    private final Set<String> includedParents;
    /** Lower-case schema URNs named whole in {@code attributes}. */
    private final Set<String> includedSchemas;
    private final Set<String> excluded;
    private final Set<String> excludedSchemas;

    private AttributeProjection(ResourceSchema schema, boolean restricted, Set<String> included,
                                Set<String> includedParents, Set<String> includedSchemas, Set<String> excluded,
                                Set<String> excludedSchemas) {
        this.schema = schema;
        this.restricted = restricted;
        this.included = Set.copyOf(included);
        this.includedParents = Set.copyOf(includedParents);
        this.includedSchemas = Set.copyOf(includedSchemas);
        this.excluded = Set.copyOf(excluded);
        this.excludedSchemas = Set.copyOf(excludedSchemas);
    }

    /** The default set of RFC 7643 §7: everything but {@code never} and {@code request} attributes. */
    public static AttributeProjection defaults(ResourceSchema schema) {
        return of(schema, null, null);
    }

    /**
     * From the query parameters {@code attributes} and {@code excludedAttributes}: comma-separated names, each
     * possibly null or blank (meaning absent).
     */
    public static AttributeProjection parse(ResourceSchema schema, String attributes, String excludedAttributes) {
        return of(schema, attributes == null ? null : split(attributes),
                excludedAttributes == null ? null : split(excludedAttributes));
    }

    /**
     * From lists of names (as a SearchRequest body carries them, RFC 7644 §3.4.3). A null or empty list of
     * {@code attributes} means the parameter is absent. Entries may themselves be comma-separated.
     */
    public static AttributeProjection of(ResourceSchema schema, Collection<String> attributes,
                                         Collection<String> excludedAttributes) {
        if (schema == null) {
            throw new IllegalArgumentException("no resource schema");
        }
        List<String> named = names(attributes);
        Set<String> included = new HashSet<>();
        Set<String> includedParents = new HashSet<>();
        Set<String> includedSchemas = new HashSet<>();
        for (String name : named) {
            select(schema, name, included, includedParents, includedSchemas);
        }
        Set<String> excluded = new HashSet<>();
        Set<String> excludedSchemas = new HashSet<>();
        for (String name : names(excludedAttributes)) {
            select(schema, name, excluded, new HashSet<>(), excludedSchemas);
        }
        return new AttributeProjection(schema, !named.isEmpty(), included, includedParents, includedSchemas, excluded,
                excludedSchemas);
    }

    /**
     * Splits a comma-separated parameter into trimmed, non-blank names. Commas inside brackets or double quotes
     * (a value filter some clients send) do not split.
     */
    public static List<String> split(String parameter) {
        List<String> names = new ArrayList<>();
        if (parameter == null) {
            return names;
        }
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < parameter.length(); i++) {
            char c = parameter.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < parameter.length()) {
                    current.append(c).append(parameter.charAt(++i));
                    continue;
                }
                quoted = c != '"';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                add(names, current);
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        add(names, current);
        return names;
    }

    private static void add(List<String> names, StringBuilder name) {
        String trimmed = name.toString().strip();
        if (!trimmed.isEmpty()) {
            names.add(trimmed);
        }
    }

    private static List<String> names(Collection<String> given) {
        List<String> names = new ArrayList<>();
        if (given != null) {
            for (String entry : given) {
                names.addAll(split(entry));
            }
        }
        return names;
    }

    /** Records one name in the sets; a name that resolves to nothing is ignored (the lenient decision above). */
    private static void select(ResourceSchema schema, String name, Set<String> attributes, Set<String> parents,
                               Set<String> schemas) {
        String plain = withoutValueFilter(name);
        for (String urn : schema.schemaUrns()) {
            if (urn.equalsIgnoreCase(plain)) {
                schemas.add(urn.toLowerCase(Locale.ROOT));
                return;
            }
        }
        Optional<ResolvedAttribute> resolved = schema.resolve(plain);
        if (resolved.isEmpty()) {
            return;
        }
        ResolvedAttribute r = resolved.get();
        String parent = key(r.schemaUrn(), r.attribute().name(), null);
        if (r.subAttribute() == null) {
            attributes.add(parent);
        } else {
            attributes.add(key(r.schemaUrn(), r.attribute().name(), r.subAttribute().name()));
            parents.add(parent);
        }
    }

    /** {@code emails[type eq "work"].value} names {@code emails.value}: drops every bracketed part. */
    private static String withoutValueFilter(String name) {
        int open = name.indexOf('[');
        if (open < 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (depth > 0 && quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (depth > 0 && c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    private static String key(String schemaUrn, String attribute, String subAttribute) {
        String k = schemaUrn + "|" + attribute + (subAttribute == null ? "" : "|" + subAttribute);
        return k.toLowerCase(Locale.ROOT);
    }

    /** True when this projection is the default set (no {@code attributes}, no {@code excludedAttributes}). */
    public boolean isDefault() {
        return !restricted && excluded.isEmpty() && excludedSchemas.isEmpty();
    }

    /**
     * Whether a response under this projection can carry any part of an attribute, so that whoever reads the
     * resource knows whether to read that attribute at all (a group's members, a user's groups). {@code attribute}
     * is resolved as in {@code attributes} (a sub-attribute name asks about its parent); an attribute the resource
     * type does not define is never carried.
     */
    public boolean includes(String attribute) {
        Optional<ResolvedAttribute> resolved = schema.resolve(withoutValueFilter(attribute));
        if (resolved.isEmpty()) {
            return false;
        }
        AttributeDefinition definition = resolved.get().attribute();
        String urn = resolved.get().schemaUrn().toLowerCase(Locale.ROOT);
        String key = key(resolved.get().schemaUrn(), definition.name(), null);
        if (definition.returned() == Returned.NEVER) {
            return false;
        }
        if (definition.returned() == Returned.ALWAYS) {
            return true;
        }
        if (excluded.contains(key) || excludedSchemas.contains(urn)) {
            return false;
        }
        if (restricted) {
            return included.contains(key) || includedParents.contains(key) || includedSchemas.contains(urn);
        }
        return definition.returned() != Returned.REQUEST;
    }

    /**
     * The resource with only the attributes this projection returns. {@code resource} is a rendered resource
     * (with {@code schemas}, {@code id}, {@code meta}, extension objects under their URN); it is not changed.
     */
    public ObjectNode apply(ObjectNode resource) {
        ObjectNode out = JSON.objectNode();
        if (resource == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = resource.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if ("schemas".equalsIgnoreCase(name)) {
                out.set(name, value.deepCopy());
                continue;
            }
            Optional<Schema> extension = schema.extension(name);
            if (extension.isPresent() && value.isObject()) {
                ObjectNode projected = extension(extension.get(), value);
                if (!projected.isEmpty()) {
                    out.set(name, projected);
                }
                continue;
            }
            // an attribute the resource type does not define (any more: its tenant removed it from a declared
            // extension) is not shown, so a resource never carries what /Schemas does not advertise; the log and the
            // resource's history keep it
            Optional<ResolvedAttribute> resolved = schema.resolve(null, name, null);
            JsonNode projected = resolved.isEmpty() ? null
                    : attribute(resolved.get().schemaUrn(), resolved.get().attribute(), value);
            if (projected != null) {
                out.set(name, projected);
            }
        }
        dropAbsentExtensions(out);
        return out;
    }

    private ObjectNode extension(Schema extension, JsonNode object) {
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> attribute = extension.attribute(field.getKey());
            JsonNode projected = attribute.isEmpty() ? null // not defined: not shown, as above
                    : attribute(extension.id(), attribute.get(), field.getValue());
            if (projected != null) {
                out.set(field.getKey(), projected);
            }
        }
        return out;
    }

    private JsonNode attribute(String schemaUrn, AttributeDefinition attribute, JsonNode value) {
        Returned returned = attribute.returned();
        if (returned == Returned.NEVER) {
            return null;
        }
        String urn = schemaUrn.toLowerCase(Locale.ROOT);
        String key = key(schemaUrn, attribute.name(), null);
        boolean always = returned == Returned.ALWAYS;
        if (!always && (excluded.contains(key) || excludedSchemas.contains(urn))) {
            return null;
        }
        boolean named = included.contains(key) || includedSchemas.contains(urn);
        boolean whole = always || (restricted ? named : returned != Returned.REQUEST);
        boolean partial = restricted && includedParents.contains(key);
        if (!whole && !partial) {
            return null;
        }
        if (!attribute.isComplex()) {
            return value.deepCopy();
        }
        if (value.isArray()) {
            ArrayNode values = JSON.arrayNode();
            for (JsonNode element : value) {
                JsonNode projected = element.isObject() ? subAttributes(key, attribute, element, whole)
                        : whole ? element.deepCopy() : null;
                if (projected != null) {
                    values.add(projected);
                }
            }
            return values.isEmpty() ? null : values;
        }
        if (value.isObject()) {
            return subAttributes(key, attribute, value, whole);
        }
        return whole ? value.deepCopy() : null;
    }

    private ObjectNode subAttributes(String parentKey, AttributeDefinition attribute, JsonNode object, boolean whole) {
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> sub = attribute.subAttribute(field.getKey());
            if (keepSub(parentKey, sub.orElse(null), field.getKey(), whole)) {
                out.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return out.isEmpty() ? null : out;
    }

    private boolean keepSub(String parentKey, AttributeDefinition sub, String name, boolean whole) {
        String key = parentKey + "|" + name.toLowerCase(Locale.ROOT);
        if (sub == null) {
            return whole && !excluded.contains(key);
        }
        return switch (sub.returned()) {
            case NEVER -> false;
            case ALWAYS -> true;
            case DEFAULT -> !excluded.contains(key) && (whole || included.contains(key));
            case REQUEST -> !excluded.contains(key) && included.contains(key);
        };
    }

    /**
     * RFC 7643 §3: {@code schemas} names the schemas of the attributes present; an emptied extension leaves it, and
     * so does a URN that is no schema of the resource type (an extension its tenant removed).
     */
    private void dropAbsentExtensions(ObjectNode out) {
        JsonNode schemas = out.get("schemas");
        if (schemas == null || !schemas.isArray()) {
            return;
        }
        ArrayNode kept = JSON.arrayNode();
        for (JsonNode urn : schemas) {
            boolean absentExtension = urn.isTextual() && (schema.schema(urn.asText()).isEmpty()
                    || schema.extension(urn.asText()).isPresent() && !hasField(out, urn.asText()));
            if (!absentExtension) {
                kept.add(urn);
            }
        }
        if (kept.size() != schemas.size()) {
            out.set("schemas", kept);
        }
    }

    private static boolean hasField(ObjectNode node, String name) {
        return JsonFields.get(node, name) != null;
    }
}
