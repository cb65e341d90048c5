package dev.scimledger.gateway.audit;

import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.audit.AuditRecords;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which of a tenant's audit events to read. Every criterion is optional and they combine with AND:
 *
 * @param resourceId   the id of one user, group or tenant
 * @param resourceType {@code User}, {@code Group} or {@code Tenant}
 * @param actor        who caused the events: a SCIM token's id, or an admin actor ({@code admin-api},
 *                     {@code cli:<os user>}, {@code upgrade})
 * @param types        event types (the event's class name, e.g. {@code UserAttributesChangedEvent}); any of them
 * @param from         events that occurred at or after this instant
 * @param to           events that occurred before this instant
 */
public record AuditFilter(String tenantId, String resourceId, String resourceType, String actor, List<String> types,
                          Instant from, Instant to) {

    /** The query parameters that make a filter; {@code type} may be repeated or hold a comma-separated list. */
    public static final Set<String> PARAMETERS = Set.of("resourceId", "resourceType", "actor", "type", "from", "to");

    public static final List<String> RESOURCE_TYPES = AuditRecords.RESOURCE_TYPES;

    /** Every event type the log can hold, by lower-cased name: the classes of events in the messages module. */
    private static final SortedMap<String, String> EVENT_TYPES = eventTypes();

    /** @throws ScimException 400 for a criterion that can never be met as given */
    public AuditFilter {
        Objects.requireNonNull(tenantId, "tenantId");
        resourceId = nonEmpty("resourceId", resourceId);
        actor = nonEmpty("actor", actor);
        if (resourceType != null) {
            String given = resourceType;
            resourceType = RESOURCE_TYPES.stream().filter(t -> t.equalsIgnoreCase(given)).findFirst()
                    .orElseThrow(() -> invalid("resourceType is one of " + String.join(", ", RESOURCE_TYPES)
                            + ", not \"" + given + "\""));
        }
        types = types == null ? List.of() : canonicalTypes(types);
        if (from != null && to != null && from.isAfter(to)) {
            throw invalid("from (" + from + ") is after to (" + to + ")");
        }
    }

    /** The same criteria as the audit trail's owner takes them. */
    public AuditRecords.Criteria criteria() {
        return new AuditRecords.Criteria(tenantId, resourceId, resourceType, actor, types, from, to);
    }

    /** Events of the whole tenant. */
    public static AuditFilter all(String tenantId) {
        return new AuditFilter(tenantId, null, null, null, List.of(), null, null);
    }

    /**
     * The filter that query parameters (or command-line options of the same names) ask for; other keys are ignored
     * here. {@code type} values are comma-separated lists, and may be repeated; any other key given twice is a 400.
     *
     * @throws ScimException 400 for a value that is not one the parameter takes
     */
    public static AuditFilter of(String tenantId, Map<String, ? extends List<String>> parameters) {
        List<String> types = new ArrayList<>();
        List<String> given = parameters.get("type");
        for (String value : given == null ? List.<String>of() : given) {
            for (String type : value.split(",", -1)) {
                types.add(type.trim());
            }
        }
        if (parameters.containsKey("type") && types.isEmpty()) {
            types.add("");
        }
        return new AuditFilter(tenantId, single(parameters, "resourceId"), single(parameters, "resourceType"),
                single(parameters, "actor"), types, instant(parameters, "from"), instant(parameters, "to"));
    }

    /** The one value of {@code name}, or null; a parameter given twice is a 400. */
    public static String single(Map<String, ? extends List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalid(name + " is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    /** Everything the filter says, in one string: what a cursor is bound to. */
    String canonical() {
        return String.join("\n", tenantId, text(resourceId), text(resourceType), text(actor), String.join(",", types),
                from == null ? "" : from.toString(), to == null ? "" : to.toString());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String nonEmpty(String name, String value) {
        if (value != null && value.isEmpty()) {
            throw invalid(name + " is empty: leave it out to match every " + name);
        }
        return value;
    }

    private static List<String> canonicalTypes(List<String> given) {
        TreeSet<String> canonical = new TreeSet<>();
        for (String type : given) {
            if (type == null || type.isEmpty()) {
                throw invalid("type holds an empty name: give event types separated by commas, e.g. "
                        + "type=UserCreatedEvent,UserDeactivatedEvent");
            }
            String known = EVENT_TYPES.get(type.toLowerCase(Locale.ROOT));
            if (known == null) {
                throw invalid("\"" + type + "\" is not an event type; the types are "
                        + String.join(", ", EVENT_TYPES.values()));
            }
            canonical.add(known);
        }
        return List.copyOf(canonical);
    }

    private static Instant instant(Map<String, ? extends List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name + " is not an ISO-8601 instant such as 2026-01-31T00:00:00Z (an offset's + is sent as"
                    + " %2B in a URL): \"" + value + "\"");
        }
    }

    private static ScimException invalid(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }

    private static SortedMap<String, String> eventTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(ScimEvent.class));
        SortedMap<String, String> types = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(ScimEvent.class.getPackageName())) {
            String name = candidate.getBeanClassName();
            String simple = name.substring(name.lastIndexOf('.') + 1);
            types.put(simple.toLowerCase(Locale.ROOT), simple);
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("no event classes found beside " + ScimEvent.class.getName());
        }
        return Collections.unmodifiableSortedMap(types);
    }

    /** The event types there are, by name. */
    public static List<String> eventTypeNames() {
        return List.copyOf(EVENT_TYPES.values());
    }
}
