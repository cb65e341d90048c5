package dev.scimledger.scim.search;

import dev.scimledger.scim.resource.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.FilterParser;
import dev.scimledger.scim.resource.AttributeProjection;
import dev.scimledger.scim.schema.ResourceSchema;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a query (RFC 7644 §3.4.2) or of a {@code POST .search} body (§3.4.3), validated: a filter
 * that parses, a sortBy that is an attribute path, a known sortOrder, integer paging. Whether the filter's and
 * sortBy's attributes exist is for whoever knows the resource type (and its storage) to decide.
 *
 * <p>Decisions:
 * <ul>
 *   <li>A blank parameter is an absent one.</li>
 *   <li>{@code startIndex} below 1 means 1 (§3.4.2.4); {@code count} below 0 means 0 (§3.4.2.4); both beyond
 *       the int range are clamped. Anything that is not an integer is 400 invalidValue.</li>
 *   <li>{@code sortOrder} is {@code ascending} or {@code descending}, case-insensitively, else 400 invalidValue;
 *       without {@code sortBy} it has no effect (§3.4.2.3).</li>
 *   <li>A {@code SearchRequest} body must name the {@link #SEARCH_REQUEST_URN} in {@code schemas} (400
 *       invalidSyntax otherwise, as for PatchOp); its members are matched case-insensitively and unknown ones
 *       ignored; {@code attributes} may be an array of names or one comma-separated string.</li>
 *   <li>Cursor pagination (RFC 9865): a {@code cursor} parameter, even empty ({@code ?cursor}, {@code "cursor": ""},
 *       the first page), asks for it; without one, paging is by index (the default method). A {@code cursor}
 *       together with a {@code startIndex} is 400 invalidValue: the two methods exclude each other. With a cursor,
 *       {@code count} must be a positive integer (400 invalidCount otherwise, RFC 9865 §2.2); above the maximum it
 *       is cut to it, as RFC 9865 allows ("MAY return fewer results").</li>
 * </ul>
 *
 * @param filter             the filter text (already known to parse), or null
 * @param attributes         the names of {@code attributes}; empty when absent
 * @param excludedAttributes the names of {@code excludedAttributes}; empty when absent
 * @param sortBy             an attribute path, or null for the server's default order
 * @param descending         {@code sortOrder=descending}
 * @param startIndex         1-based index of the first result, at least 1
 * @param count              the page size asked for (at least 0), or null for the server's default
 * @param cursor             null for index pagination; otherwise the cursor of RFC 9865, empty for the first page
 */
public record SearchRequest(String filter, List<String> attributes, List<String> excludedAttributes, String sortBy,
                            boolean descending, int startIndex, Integer count, String cursor) {

    /** The SearchRequest message schema URN, RFC 7644 §3.4.3. */
    public static final String SEARCH_REQUEST_URN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    public SearchRequest {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        excludedAttributes = excludedAttributes == null ? List.of() : List.copyOf(excludedAttributes);
        startIndex = Math.max(1, startIndex);
        count = count == null ? null : Math.max(0, count);
        cursor = cursor == null ? null : cursor.strip();
    }

    /** Paged by index. */
    public SearchRequest(String filter, List<String> attributes, List<String> excludedAttributes, String sortBy,
                         boolean descending, int startIndex, Integer count) {
        this(filter, attributes, excludedAttributes, sortBy, descending, startIndex, count, null);
    }

    /** True when the client asked for cursor pagination (RFC 9865), with {@code cursor} empty for the first page. */
    public boolean cursorPaging() {
        return cursor != null;
    }

    /** From the query parameters of a GET (each possibly null). */
    public static SearchRequest fromQuery(String filter, String attributes, String excludedAttributes, String sortBy,
                                          String sortOrder, String startIndex, String count) {
        return fromQuery(filter, attributes, excludedAttributes, sortBy, sortOrder, startIndex, count, null);
    }

    /** From the query parameters of a GET, {@code cursor} among them (null when absent, possibly empty). */
    public static SearchRequest fromQuery(String filter, String attributes, String excludedAttributes, String sortBy,
                                          String sortOrder, String startIndex, String count, String cursor) {
        boolean indexGiven = startIndex != null && !startIndex.isBlank();
        Integer size = count == null || count.isBlank() ? null : integer("count", count);
        checkPaging(indexGiven, size, cursor);
        return new SearchRequest(filter(filter), AttributeProjection.split(attributes),
                AttributeProjection.split(excludedAttributes), sortBy(sortBy), descending(sortOrder),
                indexGiven ? integer("startIndex", startIndex) : 1, size, cursor);
    }

    /** From a {@code POST .search} body (RFC 7644 §3.4.3). */
    public static SearchRequest fromBody(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalidSyntax("The search request body must be a JSON object");
        }
        JsonNode schemas = member(body, "schemas");
        if (schemas == null || !schemas.isArray() || !contains(schemas, SEARCH_REQUEST_URN)) {
            throw invalidSyntax("The search request must have \"schemas\": [\"" + SEARCH_REQUEST_URN + "\"]");
        }
        JsonNode startIndex = member(body, "startIndex");
        JsonNode count = member(body, "count");
        String cursor = text(body, "cursor");
        Integer size = absent(count) ? null : integer("count", count);
        checkPaging(!absent(startIndex), size, cursor);
        return new SearchRequest(filter(text(body, "filter")), names(body, "attributes"),
                names(body, "excludedAttributes"), sortBy(text(body, "sortBy")),
                descending(text(body, "sortOrder")),
                absent(startIndex) ? 1 : integer("startIndex", startIndex), size, cursor);
    }

    /** The two pagination methods exclude each other; a cursor-paginated page holds at least one resource. */
    private static void checkPaging(boolean startIndexGiven, Integer count, String cursor) {
        if (cursor == null) {
            return;
        }
        if (startIndexGiven) {
            throw invalidValue("startIndex and cursor cannot be used together: startIndex pages by index, cursor "
                    + "by cursor (RFC 9865)");
        }
        if (count != null && count < 1) {
            throw ScimException.invalid(ScimErrorType.INVALID_COUNT,
                    "with cursor pagination, count must be a positive integer");
        }
    }

    /** The attribute selection of this request for a resource type. */
    public AttributeProjection projection(ResourceSchema schema) {
        return AttributeProjection.of(schema, attributes, excludedAttributes);
    }

    /** The page size settled: the default when none was asked for, never above the maximum. */
    public int pageSize(int defaultSize, int maxSize) {
        return Math.min(count == null ? defaultSize : count, maxSize);
    }

    private static String filter(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        if (filter.indexOf('\0') >= 0) {
            throw ScimException.invalid(ScimErrorType.INVALID_FILTER, "a filter may not contain the NUL character");
        }
        FilterParser.parse(filter); // a malformed filter is a 400 before any query exists
        return filter;
    }

    private static String sortBy(String sortBy) {
        if (sortBy == null || sortBy.isBlank()) {
            return null;
        }
        String path = sortBy.strip();
        try {
            FilterParser.parseAttributePath(path);
        } catch (ScimException e) {
            throw invalidValue("sortBy must be an attribute path such as name.familyName: " + e.detail());
        }
        return path;
    }

    private static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank()) {
            return false;
        }
        return switch (sortOrder.strip().toLowerCase(Locale.ROOT)) {
            case "ascending" -> false;
            case "descending" -> true;
            default -> throw invalidValue("sortOrder must be ascending or descending");
        };
    }

    private static int integer(String name, String text) {
        String digits = text.strip();
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalidValue(name + " must be an integer");
        }
        digits = digits.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10) { // beyond the int range whatever the digits: no need to parse a huge number
            return negative ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        return clamp(negative ? -Long.parseLong(digits) : Long.parseLong(digits));
    }

    private static int integer(String name, JsonNode value) {
        if (value.isIntegralNumber()) {
            BigInteger big = value.bigIntegerValue();
            return big.bitLength() > 62 ? (big.signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                    : clamp(big.longValue());
        }
        if (value.isNumber()) {
            double d = value.doubleValue(); // 2.0 is an integer; 2.5, NaN and infinities are not
            if (!Double.isFinite(d) || d != Math.rint(d)) {
                throw invalidValue(name + " must be an integer");
            }
            return clamp((long) Math.max(Math.min(d, Long.MAX_VALUE), Long.MIN_VALUE));
        }
        if (value.isTextual()) {
            return integer(name, value.textValue());
        }
        throw invalidValue(name + " must be an integer");
    }

    private static int clamp(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = member(body, name);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidValue(name + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> names(JsonNode body, String name) {
        JsonNode value = member(body, name);
        List<String> names = new ArrayList<>();
        if (absent(value)) {
            return names;
        }
        if (value.isTextual()) {
            return AttributeProjection.split(value.textValue());
        }
        if (!value.isArray()) {
            throw invalidValue(name + " must be an array of attribute names");
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw invalidValue(name + " must be an array of attribute names");
            }
            names.addAll(AttributeProjection.split(element.textValue()));
        }
        return names;
    }

    private static boolean contains(JsonNode schemas, String urn) {
        for (JsonNode s : schemas) {
            if (s.isTextual() && s.textValue().strip().equalsIgnoreCase(urn)) {
                return true;
            }
        }
        return false;
    }

    /** The member with the given name, matched case-insensitively (RFC 7643 §2.1); null if absent. */
    private static JsonNode member(JsonNode object, String name) {
        return JsonFields.single(object, name,
                () -> invalidSyntax("The search request has \"" + name + "\" more than once"));
    }

    private static ScimException invalidValue(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }

    private static ScimException invalidSyntax(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_SYNTAX, detail);
    }
}
