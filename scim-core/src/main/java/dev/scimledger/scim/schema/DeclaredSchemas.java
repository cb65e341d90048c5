package dev.scimledger.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A schema extension as an admin declares it, in the representation of RFC 7643 §7 that {@code /Schemas} answers
 * with ({@code id}, {@code name}, {@code description}, {@code attributes} with their characteristics), read into a
 * {@link Schema} with every rule checked, so that nothing is stored that the server could not then validate, store,
 * filter and advertise. The rules:
 * <ul>
 *   <li>{@code id} is a URN ({@code urn:} and at least two more colon-separated parts, RFC 8141's letters, digits and
 *       {@code -._~}), at most {@value #MAX_URN} characters, and not one of the core or enterprise schemas';</li>
 *   <li>attribute names follow RFC 7643 §2.1 ({@code ALPHA *(ALPHA / DIGIT / "-" / "_")}, at most
 *       {@value #MAX_NAME} characters; a sub-attribute may be {@code $ref}) and are unique in any case among their siblings; at most
 *       {@value #MAX_ATTRIBUTES} attributes, {@value #MAX_SUB_ATTRIBUTES} sub-attributes each;</li>
 *   <li>{@code type} is one of RFC 7643 §2.3's; only a complex attribute has sub-attributes, and at least one;
 *       a sub-attribute is never complex (§2.3.8);</li>
 *   <li>{@code mutability}, {@code returned}, {@code uniqueness} take the values of §7; {@code canonicalValues}
 *       are strings, for a string attribute only; {@code referenceTypes}, for a reference only;</li>
 *   <li>an unknown characteristic is refused rather than ignored, so that a misspelt one never looks applied.</li>
 * </ul>
 * Absent characteristics take RFC 7643 §2.2's defaults. A refusal is 400 {@code invalidValue} naming the place.
 */
public final class DeclaredSchemas {

    static final int MAX_URN = 200;
    static final int MAX_NAME = 64;
    static final int MAX_ATTRIBUTES = 100;
    static final int MAX_SUB_ATTRIBUTES = 20;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_CANONICAL_VALUES = 100;

    private static final Pattern URN = Pattern.compile("(?i:urn):[A-Za-z0-9][A-Za-z0-9-]{0,31}(:[A-Za-z0-9._~-]+){2,}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Set<String> SCHEMA_KEYS = Set.of("schemas", "id", "name", "description", "attributes", "meta");
    private static final Set<String> ATTRIBUTE_KEYS = Set.of("name", "type", "multiValued", "description", "required",
            "caseExact", "mutability", "returned", "uniqueness", "canonicalValues", "referenceTypes", "subAttributes");

    private DeclaredSchemas() {
    }

    /**
     * The schema a declaration describes.
     *
     * @throws ScimException 400 invalidValue naming what breaks a rule
     */
    public static Schema parse(JsonNode declaration) {
        if (declaration == null || !declaration.isObject()) {
            throw invalid("a schema is a JSON object with id, name, description and attributes");
        }
        unknownKeys(declaration, SCHEMA_KEYS, "the schema");
        String id = text(declaration, "id", "the schema", true);
        if (id.length() > MAX_URN || !URN.matcher(id).matches()) {
            throw invalid("the schema's id is a URN of at most " + MAX_URN + " characters, such as "
                    + "urn:ietf:params:scim:schemas:extension:acme:2.0:User, not " + excerpt(id));
        }
        for (ResourceSchema standard : ResourceSchema.all()) {
            for (String urn : standard.schemaUrns()) {
                if (urn.equalsIgnoreCase(id)) {
                    throw invalid("the schema " + urn + " is the service's own; an extension needs an id of its own");
                }
            }
        }
        String name = text(declaration, "name", "the schema", false);
        String description = text(declaration, "description", "the schema", false);
        JsonNode attributes = declaration.get("attributes");
        if (attributes == null || !attributes.isArray() || attributes.isEmpty()) {
            throw invalid("the schema's attributes are a non-empty array");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw invalid("a schema has at most " + MAX_ATTRIBUTES + " attributes");
        }
        return new Schema(id, name == null ? "" : name, description == null ? "" : description,
                attributes(attributes, null));
    }

    /**
     * As {@link #parse}, for a tenant's own extension, refusing the characteristics the service would advertise
     * without doing: {@code uniqueness} other than none (nothing claims a declared value the way a userName is
     * claimed), {@code writeOnly} (such a value is never stored, so it would vanish), a required attribute that is
     * readOnly (no client could ever set it), and {@code required} or {@code immutable} on a sub-attribute beyond
     * what {@link ExtensionRules} enforces (required sub-attributes are enforced, immutable ones are not).
     */
    public static Schema declarable(JsonNode declaration) {
        Schema schema = parse(declaration);
        for (AttributeDefinition attribute : schema.attributes()) {
            declarable(attribute, null);
            for (AttributeDefinition sub : attribute.subAttributes()) {
                declarable(sub, attribute.name());
                if (sub.mutability() == Mutability.IMMUTABLE) {
                    throw invalid("the sub-attribute " + label(attribute.name(), sub.name()) + " is immutable, which "
                            + "the service enforces on attributes only: make " + attribute.name() + " immutable");
                }
            }
        }
        return schema;
    }

    private static void declarable(AttributeDefinition attribute, String parent) {
        String label = label(parent, attribute.name());
        if (attribute.uniqueness() != Uniqueness.NONE) {
            throw invalid("the attribute " + label + " has uniqueness " + attribute.uniqueness().wireName()
                    + ": a declared attribute's uniqueness is none, since the service claims no declared value");
        }
        if (attribute.mutability() == Mutability.WRITE_ONLY) {
            throw invalid("the attribute " + label + " is writeOnly: the service stores no write-only value of an "
                    + "extension, so it would be lost");
        }
        if (attribute.required() && attribute.mutability() == Mutability.READ_ONLY) {
            throw invalid("the attribute " + label + " is required and readOnly: no client could ever set it");
        }
    }

    /**
     * What a new declaration of an extension changes from the one before: the names of the attributes added,
     * removed or with other characteristics, in the new declaration's order and then the removed ones. An attribute
     * kept under its name keeps its type and whether it is multi-valued (and so do its sub-attributes), so that every
     * value already stored stays valid and filterable; to change those, remove the attribute and declare another.
     *
     * @throws ScimException 400 invalidValue naming the attribute whose type or plurality changes
     */
    public static List<String> changes(Schema before, Schema after) {
        List<String> changed = new ArrayList<>();
        for (AttributeDefinition now : after.attributes()) {
            var was = before.attribute(now.name());
            if (was.isEmpty()) {
                changed.add(now.name());
                continue;
            }
            sameShape(was.get(), now, null);
            for (AttributeDefinition sub : now.subAttributes()) {
                was.get().subAttribute(sub.name()).ifPresent(old -> sameShape(old, sub, now.name()));
            }
            if (!was.get().equals(now)) {
                changed.add(now.name());
            }
        }
        for (AttributeDefinition was : before.attributes()) {
            if (after.attribute(was.name()).isEmpty()) {
                changed.add(was.name());
            }
        }
        if (changed.isEmpty() && !before.equals(after)) {
            changed.add("description");
        }
        return changed;
    }

    private static void sameShape(AttributeDefinition was, AttributeDefinition now, String parent) {
        String label = label(parent, now.name());
        if (!was.name().equals(now.name())) {
            throw invalid("the attribute " + label(parent, was.name()) + " keeps its spelling: values are stored under "
                    + "it, so " + now.name() + " would not find them");
        }
        if (was.type() != now.type() || was.multiValued() != now.multiValued()) {
            throw invalid("the attribute " + label + " is " + shape(was) + " and stays so: values stored under it "
                    + "would not read as " + shape(now) + "; remove it and declare an attribute of another name");
        }
    }

    private static String shape(AttributeDefinition attribute) {
        return (attribute.multiValued() ? "multi-valued " : "single-valued ") + attribute.type().wireName();
    }

    private static List<AttributeDefinition> attributes(JsonNode array, String parent) {
        List<AttributeDefinition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode attribute : array) {
            AttributeDefinition definition = attribute(attribute, parent);
            if (!names.add(definition.name().toLowerCase(Locale.ROOT))) {
                throw invalid("the attribute " + label(parent, definition.name()) + " is declared twice (names are "
                        + "compared in any case)");
            }
            out.add(definition);
        }
        return out;
    }

    private static AttributeDefinition attribute(JsonNode attribute, String parent) {
        String where = parent == null ? "an attribute" : "a sub-attribute of " + parent;
        if (!attribute.isObject()) {
            throw invalid(where + " is a JSON object");
        }
        String name = text(attribute, "name", where, true);
        // "$ref" is the one name outside ATTRNAME that RFC 7643 §2.1 allows: a reference sub-attribute's
        boolean ref = parent != null && name.equals("$ref");
        if (!ref && (name.length() > MAX_NAME || !NAME.matcher(name).matches())) {
            throw invalid(where + "'s name is a letter followed by letters, digits, - and _ (RFC 7643 §2.1), at "
                    + "most " + MAX_NAME + " characters, not " + excerpt(name));
        }
        String label = label(parent, name);
        unknownKeys(attribute, ATTRIBUTE_KEYS, "the attribute " + label);
        AttributeType type = choice(attribute, "type", label, AttributeType.values(), AttributeType.STRING,
                AttributeType::wireName);
        Mutability mutability = choice(attribute, "mutability", label, Mutability.values(), Mutability.READ_WRITE,
                Mutability::wireName);
        Returned returned = choice(attribute, "returned", label, Returned.values(), Returned.DEFAULT,
                Returned::wireName);
        Uniqueness uniqueness = choice(attribute, "uniqueness", label, Uniqueness.values(), Uniqueness.NONE,
                Uniqueness::wireName);
        boolean multiValued = bool(attribute, "multiValued", label);
        boolean required = bool(attribute, "required", label);
        boolean caseExact = bool(attribute, "caseExact", label);
        String description = text(attribute, "description", "the attribute " + label, false);
        List<String> canonicalValues = strings(attribute, "canonicalValues", label);
        if (!canonicalValues.isEmpty() && type != AttributeType.STRING) {
            throw invalid("the attribute " + label + " has canonicalValues, which only a string attribute takes");
        }
        if (canonicalValues.size() > MAX_CANONICAL_VALUES) {
            throw invalid("the attribute " + label + " has more than " + MAX_CANONICAL_VALUES + " canonicalValues");
        }
        List<String> referenceTypes = strings(attribute, "referenceTypes", label);
        if (!referenceTypes.isEmpty() && type != AttributeType.REFERENCE) {
            throw invalid("the attribute " + label + " has referenceTypes, which only a reference attribute takes");
        }
        JsonNode subs = attribute.get("subAttributes");
        List<AttributeDefinition> subAttributes = List.of();
        if (type == AttributeType.COMPLEX) {
            if (parent != null) {
                throw invalid("the sub-attribute " + label + " is complex: a complex attribute's sub-attributes are "
                        + "simple (RFC 7643 §2.3.8)");
            }
            if (subs == null || !subs.isArray() || subs.isEmpty()) {
                throw invalid("the complex attribute " + label + " needs a non-empty array of subAttributes");
            }
            if (subs.size() > MAX_SUB_ATTRIBUTES) {
                throw invalid("the attribute " + label + " has more than " + MAX_SUB_ATTRIBUTES + " sub-attributes");
            }
            subAttributes = attributes(subs, name);
        } else if (subs != null && !subs.isNull() && !(subs.isArray() && subs.isEmpty())) {
            throw invalid("the attribute " + label + " is " + type.wireName() + ": only a complex attribute has "
                    + "subAttributes");
        }
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability, returned,
                uniqueness, canonicalValues, referenceTypes, subAttributes);
    }

    private static String label(String parent, String name) {
        return parent == null ? name : parent + "." + name;
    }

    private static void unknownKeys(JsonNode object, Set<String> known, String where) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!known.contains(key)) {
                throw invalid(where + " has " + excerpt(key) + ", which is no characteristic of RFC 7643 §7 (they are "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode object, String key, String where, boolean required) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(where + " needs a " + key);
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw invalid(where + "'s " + key + " is a " + (required ? "non-empty " : "") + "string");
        }
        String text = value.asText();
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(c -> c == 0)) {
            throw invalid(where + "'s " + key + " is at most " + MAX_DESCRIPTION + " characters, without NUL");
        }
        return text;
    }

    private static boolean bool(JsonNode object, String key, String label) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("the attribute " + label + "'s " + key + " is true or false");
        }
        return value.booleanValue();
    }

    private static List<String> strings(JsonNode object, String key, String label) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid("the attribute " + label + "'s " + key + " is an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual() || element.asText().isEmpty() || element.asText().length() > MAX_NAME * 4) {
                throw invalid("the attribute " + label + "'s " + key + " are non-empty strings of at most "
                        + MAX_NAME * 4 + " characters");
            }
            out.add(element.asText());
        }
        return out;
    }

    private interface Wire<E> {
        String of(E value);
    }

    private static <E> E choice(JsonNode object, String key, String label, E[] values, E absent, Wire<E> wire) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return absent;
        }
        List<String> names = new ArrayList<>();
        for (E candidate : values) {
            names.add(wire.of(candidate));
            if (value.isTextual() && wire.of(candidate).equals(value.asText())) {
                return candidate;
            }
        }
        throw invalid("the attribute " + label + "'s " + key + " is one of " + String.join(", ", names) + ", not "
                + excerpt(value.toString()));
    }

    private static String excerpt(String text) {
        return text.length() <= 80 ? "\"" + text + "\"" : "\"" + text.substring(0, 80) + "…\"";
    }

    private static ScimException invalid(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }
}
