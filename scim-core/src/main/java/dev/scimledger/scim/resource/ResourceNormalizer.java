package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.Mutability;
import dev.scimledger.scim.schema.ResolvedAttribute;
import dev.scimledger.scim.schema.ResourceSchema;
import dev.scimledger.scim.schema.Schema;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a client's resource representation (POST/PUT body, RFC 7644 §3.3, §3.5.1) into the <em>normalised
 * form</em> this library stores and patches:
 * <ul>
 *   <li>the body must be a JSON object, otherwise 400 {@code invalidSyntax};</li>
 *   <li>attribute names are matched case-insensitively (RFC 7643 §2.1) and written in the schema's spelling, at
 *       every level, including sub-attributes and the extension object ({@code UserName}, {@code EMAILS},
 *       {@code name.GivenName});</li>
 *   <li>core attributes qualified with the core schema URN
 *       ({@code urn:ietf:params:scim:schemas:core:2.0:User:userName}) are folded into plain names; extension
 *       attributes, given either inside the extension object or URN-qualified at top level, end up in an object
 *       under the extension URN ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User});</li>
 *   <li>values are checked against the attribute type (RFC 7643 §2.3): a wrong JSON type is 400
 *       {@code invalidValue} naming the attribute. Leniencies: the strings {@code "True"}/{@code "False"} (any
 *       case) become JSON booleans for boolean attributes (Microsoft Entra ID sends them); a single object given
 *       for a multi-valued complex attribute is wrapped into an array; a plain string given for a single-valued
 *       complex attribute that has a {@code value} sub-attribute becomes {@code {"value": ...}} (Entra sends the
 *       enterprise {@code manager} that way), and an empty one means unassigned (how Microsoft's validator clears
 *       the manager); a single-valued attribute given a one-element array takes that
 *       element, and {@code [{"value": x}]} for a simple attribute means {@code x} (legacy Entra PATCH form, e.g.
 *       {@code "nickName": [{"value": "Babs"}]}); an empty array is unassigned. Numbers are not accepted for
 *       strings nor strings for numbers;</li>
 *   <li>{@code schemas} and readOnly attributes ({@code id}, {@code meta}, {@code groups}, {@code
 *       manager.displayName}) are dropped: the server computes them on output (RFC 7644 §3.5.1 says readOnly
 *       input SHALL be ignored); writeOnly attributes ({@code password}) are dropped too, never stored;</li>
 *   <li>attributes (and sub-attributes) that are in no schema of the resource type are left out; the caller names
 *       them first with {@link UnknownAttributes} and refuses the request or says what it left out, as the tenant
 *       chooses, so that nothing is lost in silence;</li>
 *   <li>JSON null means unassigned (RFC 7643 §2.5): such attributes are omitted, as are empty arrays, empty
 *       complex values and an empty extension object;</li>
 *   <li>the same attribute given twice with different values (e.g. {@code userName} and {@code USERNAME}) is 400
 *       {@code invalidSyntax}.</li>
 * </ul>
 * The output is a fresh {@link ObjectNode} sharing no mutable node with the input; normalising is idempotent.
 */
public final class ResourceNormalizer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ResourceNormalizer() {
    }

    /**
     * Normalises a POST/PUT body (or a stored resource) as described in the class documentation.
     *
     * @throws ScimException 400 invalidSyntax if the body is not a JSON object or repeats an attribute, 400
     *                       invalidValue if a value has the wrong type
     */
    public static ObjectNode normalize(JsonNode body, ResourceSchema schema) {
        if (schema == null) {
            throw ScimException.internal("No resource schema given");
        }
        if (body == null || !body.isObject()) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "The resource must be a JSON object");
        }
        ObjectNode out = JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if ("schemas".equalsIgnoreCase(key)) {
                continue;
            }
            Optional<Schema> extension = schema.extension(key);
            if (extension.isPresent()) {
                if (value == null || value.isNull()) {
                    continue;
                }
                if (!value.isObject()) {
                    throw invalidValue("The extension '" + extension.get().id() + "' must be a JSON object");
                }
                Iterator<Map.Entry<String, JsonNode>> extFields = value.fields();
                while (extFields.hasNext()) {
                    Map.Entry<String, JsonNode> e = extFields.next();
                    schema.resolve(extension.get().id(), e.getKey(), null)
                            .ifPresent(r -> put(out, r, e.getValue()));
                }
                continue;
            }
            schema.resolve(key).ifPresent(r -> put(out, r, value));
        }
        return out;
    }

    /**
     * Normalises one attribute value as {@link #normalize} does for the attribute {@code attribute}: checks and
     * coerces its type, canonicalises sub-attribute names, drops unknown, readOnly and writeOnly sub-attributes,
     * wraps a single object for a multi-valued complex attribute. Used by the PATCH implementation.
     *
     * @param label the attribute path to name in error details, e.g. {@code emails} or {@code name.givenName}
     * @return the normalised value (a fresh node), or null when the value is unassigned (null, empty array,
     *         empty complex value)
     * @throws ScimException 400 invalidValue if the value has the wrong type
     */
    public static JsonNode normalizeValue(JsonNode value, AttributeDefinition attribute, String label) {
        if (attribute == null) {
            throw ScimException.internal("No attribute definition given");
        }
        String name = label == null ? attribute.name() : label;
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!attribute.multiValued()) {
            return single(value, attribute, name);
        }
        if (value.isArray()) {
            ArrayNode out = JSON.arrayNode();
            for (JsonNode element : value) {
                JsonNode n = single(element, attribute, name);
                if (n != null) {
                    out.add(n);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (attribute.isComplex() && value.isObject()) {
            JsonNode n = single(value, attribute, name);
            return n == null ? null : JSON.arrayNode().add(n);
        }
        throw invalidValue("Attribute '" + name + "' is multi-valued and needs a JSON array, not " + kind(value));
    }

    /**
     * Normalises a single value (or one element of a multi-valued attribute) of the attribute; see
     * {@link #normalizeValue}. Returns null when unassigned.
     */
    public static JsonNode normalizeSingleValue(JsonNode value, AttributeDefinition attribute, String label) {
        if (attribute == null) {
            throw ScimException.internal("No attribute definition given");
        }
        return single(value, attribute, label == null ? attribute.name() : label);
    }

    private static JsonNode single(JsonNode value, AttributeDefinition attribute, String name) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray() && !attribute.multiValued()) {
            value = unwrapLegacyArray(value, attribute, name);
            if (value == null) {
                return null;
            }
        }
        switch (attribute.type()) {
            case COMPLEX -> {
                if (value.isObject()) {
                    return complex(value, attribute, name);
                }
                if (value.isTextual() && !attribute.multiValued() && attribute.subAttribute("value").isPresent()) {
                    if (value.textValue().isBlank()) {
                        return null; // "manager": "" names no one: Entra (and Microsoft's validator) clear it so
                    }
                    return JSON.objectNode().put(attribute.subAttribute("value").get().name(), value.textValue());
                }
                throw invalidValue("Attribute '" + name + "' is complex and needs a JSON object, not " + kind(value));
            }
            case BOOLEAN -> {
                JsonNode coerced = Booleans.coerced(value);
                if (coerced.isBoolean()) {
                    return coerced;
                }
                throw invalidValue("Attribute '" + name + "' needs a boolean, not " + kind(value));
            }
            case INTEGER -> {
                if (value.isIntegralNumber()) {
                    return value;
                }
                if (value.isNumber()) {
                    try {
                        BigDecimal d = value.decimalValue();
                        if (d.signum() == 0 || (d.precision() - d.scale() <= 40 && d.stripTrailingZeros().scale() <= 0)) {
                            return JSON.numberNode(d.toBigIntegerExact());
                        }
                    } catch (ArithmeticException | NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw invalidValue("Attribute '" + name + "' needs an integer, not " + kind(value));
            }
            case DECIMAL -> {
                if (value.isNumber()) {
                    return value;
                }
                throw invalidValue("Attribute '" + name + "' needs a number, not " + kind(value));
            }
            case DATE_TIME -> {
                if (value.isTextual()) {
                    try {
                        DateTimeFormatter.ISO_DATE_TIME.parse(value.textValue());
                        return value;
                    } catch (DateTimeParseException e) {
                        throw invalidValue("Attribute '" + name + "' needs an xsd:dateTime string, e.g. "
                                + "2008-01-23T04:56:22Z");
                    }
                }
                throw invalidValue("Attribute '" + name + "' needs a dateTime string, not " + kind(value));
            }
            default -> {
                if (value.isTextual()) {
                    return value;
                }
                throw invalidValue("Attribute '" + name + "' needs a string, not " + kind(value));
            }
        }
    }

    /**
     * Entra ID before the {@code aadOptscim062020} flag sends single values wrapped, e.g.
     * {@code "nickName": [{"value": "Babs"}]}: an empty array is unassigned, a one-element array stands for its
     * element, and for a simple attribute an object holding only {@code value} stands for that value.
     */
    private static JsonNode unwrapLegacyArray(JsonNode array, AttributeDefinition attribute, String name) {
        if (array.isEmpty()) {
            return null;
        }
        if (array.size() != 1) {
            throw invalidValue("Attribute '" + name + "' is single-valued and cannot take an array of "
                    + array.size() + " values");
        }
        JsonNode element = array.get(0);
        if (!attribute.isComplex() && element.isObject() && element.size() == 1) {
            Map.Entry<String, JsonNode> only = element.fields().next();
            if (only.getKey().equalsIgnoreCase("value")) {
                return only.getValue();
            }
        }
        if (element.isArray()) {
            throw invalidValue("Attribute '" + name + "' is single-valued and cannot take nested arrays");
        }
        return element;
    }

    private static JsonNode complex(JsonNode value, AttributeDefinition attribute, String name) {
        ObjectNode out = JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<AttributeDefinition> sub = attribute.subAttribute(field.getKey());
            if (sub.isEmpty() || !writable(sub.get())) {
                continue;
            }
            JsonNode n = normalizeValue(field.getValue(), sub.get(), name + "." + sub.get().name());
            if (n != null) {
                merge(out, sub.get().name(), n, name + "." + sub.get().name());
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static void put(ObjectNode out, ResolvedAttribute r, JsonNode value) {
        AttributeDefinition attr = r.attribute();
        if (!writable(attr) || (r.subAttribute() != null && !writable(r.subAttribute()))) {
            return;
        }
        ObjectNode container = out;
        String label = attr.name();
        if (r.extension()) {
            label = r.schemaUrn() + ":" + attr.name();
            JsonNode ext = out.get(r.schemaUrn());
            container = ext instanceof ObjectNode o ? o : JSON.objectNode();
        }
        JsonNode n;
        if (r.subAttribute() == null) {
            n = normalizeValue(value, attr, label);
        } else {
            if (attr.multiValued()) {
                throw invalidValue("Attribute '" + label + "." + r.subAttribute().name()
                        + "' is a sub-attribute of a multi-valued attribute; give the values as an array");
            }
            JsonNode subValue = normalizeValue(value, r.subAttribute(), label + "." + r.subAttribute().name());
            n = subValue == null ? null : JSON.objectNode().set(r.subAttribute().name(), subValue);
        }
        if (n == null) {
            return;
        }
        merge(container, attr.name(), n, label);
        if (r.extension() && !out.has(r.schemaUrn())) {
            out.set(r.schemaUrn(), container);
        }
    }

    /** Puts key=value, merging complex objects; conflicting values for the same name are 400 invalidSyntax. */
    private static void merge(ObjectNode target, String key, JsonNode value, String label) {
        JsonNode existing = target.get(key);
        if (existing == null) {
            target.set(key, value);
            return;
        }
        if (existing.equals(value)) {
            return;
        }
        if (existing instanceof ObjectNode e && value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                merge(e, f.getKey(), f.getValue(), label + "." + f.getKey());
            }
            return;
        }
        throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX,
                "Attribute '" + label + "' is given more than once with different values");
    }

    private static boolean writable(AttributeDefinition a) {
        return a.mutability() != Mutability.READ_ONLY && a.mutability() != Mutability.WRITE_ONLY;
    }

    private static ScimException invalidValue(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
