package dev.scimledger.command.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.filter.Comparison;
import dev.scimledger.scim.filter.ComparisonOperator;
import dev.scimledger.scim.filter.Filter;
import dev.scimledger.scim.filter.Or;
import dev.scimledger.scim.patch.PatchOperation;
import dev.scimledger.scim.patch.ValueFilterMatcher;
import dev.scimledger.scim.resource.MemberIds;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.ResourceSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The member operations of one request, applied in order to the group's membership as {@link GroupMembers} holds
 * it, without reading the whole member list unless an operation is about the whole list (replace, remove all,
 * or a value filter other than {@code value eq}). The outcome is the exact set of members to add and to remove:
 * adding a present member or removing an absent one changes nothing.
 */
final class MemberChanges {

    /** Members one request may name (more is a 413 tooMany): bounds the work and the locks of one command. */
    static final int MAX_MEMBERS_PER_REQUEST = 10_000;

    private static final AttributeDefinition MEMBERS = ResourceSchema.GROUP.attribute("members")
            .orElseThrow(() -> new IllegalStateException("the Group schema has members"));

    private final String groupId;
    private final GroupMembers table;
    /** The decided membership of each id an operation touched; insertion order is the order of the request. */
    private final Map<String, Boolean> decided = new LinkedHashMap<>();
    /** The whole membership before this request, once an operation needed it. */
    private List<GroupMember> baseline;
    private final Map<String, String> baselineTypes = new java.util.HashMap<>();
    private boolean replaced;

    MemberChanges(String groupId, GroupMembers table) {
        this.groupId = groupId;
        this.table = table;
    }

    static boolean isAboutMembers(PatchOperation operation) {
        return operation.path() != null && "members".equalsIgnoreCase(operation.path().attribute())
                && (operation.path().schemaUrn() == null
                || operation.path().schemaUrn().equalsIgnoreCase(ResourceSchema.GROUP.coreSchema().id()));
    }

    /** Applies a PATCH operation whose path is {@code members} (with or without value filter). */
    void apply(PatchOperation operation) {
        if (operation.path().subAttribute() != null) {
            // a member's value, $ref, type and display are the server's to keep (immutable, RFC 7643 §4.2): a
            // path that names one is a change of mutability; one naming no sub-attribute is a bad path
            throw ScimException.invalid(MEMBERS.subAttribute(operation.path().subAttribute()).isPresent()
                            ? ScimErrorType.MUTABILITY : ScimErrorType.INVALID_PATH,
                    "members are changed whole: '" + operation.path().render() + "' cannot be set");
        }
        Filter filter = operation.path().valueFilter();
        switch (operation.op()) {
            case ADD -> {
                if (filter != null) {
                    throw ScimException.invalid(ScimErrorType.INVALID_PATH, "add to members takes no value filter");
                }
                add(MemberIds.of(operation.value()));
            }
            case REPLACE -> {
                if (filter != null) {
                    throw ScimException.invalid(ScimErrorType.INVALID_PATH,
                            "replace on members takes no value filter; remove and add instead");
                }
                replaceWith(MemberIds.of(operation.value()));
            }
            case REMOVE -> {
                if (filter != null) {
                    remove(matching(filter));
                } else if (operation.value() != null && !operation.value().isNull()) {
                    // Entra's form: remove exactly the listed members, never the whole list
                    remove(MemberIds.of(operation.value()));
                } else {
                    replaceWith(List.of());
                }
            }
        }
    }

    void add(Collection<String> ids) {
        count(ids);
        ids.forEach(id -> decided.put(id, true));
    }

    void remove(Collection<String> ids) {
        count(ids);
        ids.forEach(id -> decided.put(id, false));
    }

    private int named;

    private void count(Collection<String> ids) {
        named += ids.size();
        if (named > MAX_MEMBERS_PER_REQUEST) {
            throw ScimException.tooMany("a request may name at most " + MAX_MEMBERS_PER_REQUEST + " members; split it");
        }
    }

    void replaceWith(Collection<String> ids) {
        count(ids);
        loadBaseline();
        replaced = true;
        decided.clear();
        baseline.forEach(member -> decided.put(member.value(), false));
        ids.forEach(id -> decided.put(id, true));
    }

    /** The members to add (in request order, without their types yet) and to remove. */
    Outcome outcome() {
        Set<String> before;
        if (replaced) {
            before = new HashSet<>();
            baseline.forEach(member -> before.add(member.value()));
        } else {
            before = table.membersAmong(groupId, decided.keySet());
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        decided.forEach((id, member) -> {
            if (member && !before.contains(id)) {
                added.add(id);
            } else if (!member && before.contains(id)) {
                removed.add(id);
            }
        });
        return new Outcome(added, removed);
    }

    record Outcome(List<String> added, List<String> removed) {
    }

    private Set<String> matching(Filter filter) {
        Optional<Set<String>> exact = exactValues(filter);
        if (exact.isPresent()) {
            return exact.get();
        }
        loadBaseline();
        Set<String> result = new LinkedHashSet<>();
        for (String id : currentMembers()) {
            ObjectNode element = JsonNodeFactory.instance.objectNode().put("value", id).put("type", typeOf(id));
            if (ValueFilterMatcher.matches(filter, element, MEMBERS)) {
                result.add(id);
            }
        }
        return result;
    }

    /** {@code value eq "a"} or {@code value eq "a" or value eq "b"}: the ids, without reading the member list. */
    private static Optional<Set<String>> exactValues(Filter filter) {
        if (filter instanceof Comparison c && c.op() == ComparisonOperator.EQ && c.path().subAttribute() == null
                && "value".equalsIgnoreCase(c.path().name()) && c.value().isTextual()) {
            return Optional.of(new LinkedHashSet<>(List.of(c.value().asText())));
        }
        if (filter instanceof Or or) {
            Optional<Set<String>> left = exactValues(or.left());
            Optional<Set<String>> right = exactValues(or.right());
            if (left.isPresent() && right.isPresent()) {
                left.get().addAll(right.get());
                return left;
            }
        }
        return Optional.empty();
    }

    /** The membership as decided so far, for filters that need the whole list. */
    private List<String> currentMembers() {
        Set<String> current = new LinkedHashSet<>();
        if (!replaced) {
            baseline.forEach(member -> current.add(member.value()));
        }
        decided.forEach((id, member) -> {
            if (member) {
                current.add(id);
            } else {
                current.remove(id);
            }
        });
        return new ArrayList<>(current);
    }

    private String typeOf(String id) {
        return baselineTypes.getOrDefault(id, GroupMember.USER);
    }

    private void loadBaseline() {
        if (baseline == null) {
            baseline = table.all(groupId);
            baseline.forEach(member -> baselineTypes.put(member.value(), member.type()));
        }
    }
}
