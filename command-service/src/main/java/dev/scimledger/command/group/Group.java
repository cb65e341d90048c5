package dev.scimledger.command.group;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.command.ResourceRules;
import dev.scimledger.messages.group.GroupAttributesChangedEvent;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupDeletedEvent;
import dev.scimledger.messages.group.GroupMember;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.group.GroupMembersRemovedEvent;
import dev.scimledger.messages.group.GroupView;
import dev.scimledger.messages.group.PatchGroupCommand;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.patch.PatchOperation;
import dev.scimledger.scim.patch.ResourcePatcher;
import dev.scimledger.scim.resource.AttributeDiff;
import dev.scimledger.scim.resource.MemberIds;
import dev.scimledger.scim.schema.ExtensionRules;
import dev.scimledger.scim.schema.ResourceSchema;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A group of one tenant. Its state is small on purpose: name, attributes and version, never the member list, so
 * that deciding on a group of 100,000 members costs what it costs for 10. Which members it has now lives in
 * {@link GroupMembers} (written in the same transaction as the membership events); this aggregate decides the
 * rest: what a PATCH does, a required displayName, the tenant, the {@code If-Match} version, and that a deleted
 * group accepts nothing.
 * Snapshotted every {@value GroupConfiguration#SNAPSHOT_EVERY} events so that loading never replays a long history.
 */
@Aggregate(snapshotTriggerDefinition = GroupConfiguration.SNAPSHOT_TRIGGER)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Group {

    static final int MAX_DISPLAY_NAME_LENGTH = 256;
    /**
     * Membership changes are recorded in events of at most this many members, so that no event outgrows what
     * downstream consumers and the Kafka topic accept, whatever one request changes (a replace on a large group).
     */
    static final int MAX_MEMBERS_PER_EVENT = 1000;

    @AggregateIdentifier
    private String groupId;
    private String tenantId;
    private String displayName;
    private ObjectNode attributes;
    private long version = -1;
    private Instant created;
    private Instant lastModified;

    protected Group() {
        // for Axon and snapshots: state is rebuilt from the events
    }

    Group(String groupId, String tenantId, ObjectNode attributes, Instant at, ResourceSchema schema) {
        String name = validatedDisplayName(attributes);
        ExtensionRules.check(schema, null, attributes);
        apply(new GroupCreatedEvent(tenantId, groupId, name, attributes.deepCopy(), at));
    }

    static String validatedDisplayName(JsonNode attributes) {
        JsonNode name = attributes.get("displayName");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "displayName is required and must be a non-empty string");
        }
        if (name.asText().length() > MAX_DISPLAY_NAME_LENGTH) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE,
                    "displayName is longer than " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        ResourceRules.checkLimits("Group", attributes);
        return name.asText();
    }

    static String displayNameKey(String displayName) {
        return displayName.toLowerCase(Locale.ROOT);
    }

    void checkTenantAndVersion(String commandTenantId, Long expectedVersion) {
        // a deleted group is never loaded (Axon refuses a deleted aggregate)
        ResourceRules.checkTenantAndVersion("Group", groupId, tenantId, false, version, commandTenantId, expectedVersion);
    }

    /**
     * Decides what a PATCH does to this group: returns its attributes afterwards (members aside, to be changed with
     * {@link #changeAttributes}) and gathers what it does to the membership in {@code changes}, which reads the
     * current members from {@link GroupMembers} only as far as an operation needs them. Whether the members exist,
     * and the displayName claim, are rules over the tenant's other resources, checked by the handler after this.
     */
    ObjectNode patch(PatchGroupCommand command, MemberChanges changes) {
        checkTenantAndVersion(command.tenantId(), command.expectedVersion());
        ObjectNode patched = attributes.deepCopy();
        for (PatchOperation operation : command.operations()) {
            if (MemberChanges.isAboutMembers(operation)) {
                changes.apply(operation);
            } else if (operation.path() == null && operation.value() != null && operation.value().isObject()) {
                patched = applyWithoutPath(operation, patched, changes, command.schema());
            } else {
                patched = ResourcePatcher.apply(patched, groupId, List.of(operation), command.schema());
            }
        }
        patched.remove("members");
        return patched;
    }

    /**
     * A no-path add/replace: its {@code members} key goes to the membership, the rest to the attributes (where the
     * group's own id may be restated, as Okta does when renaming; any other id or meta is a 400 mutability).
     */
    private ObjectNode applyWithoutPath(PatchOperation operation, ObjectNode patched, MemberChanges changes,
                                        ResourceSchema schema) {
        ObjectNode rest = operation.value().deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = operation.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase("members")) {
                rest.remove(field.getKey());
                List<String> ids = MemberIds.of(field.getValue());
                if (operation.op() == PatchOperation.Op.REPLACE) {
                    changes.replaceWith(ids);
                } else {
                    changes.add(ids);
                }
            }
        }
        if (rest.isEmpty()) {
            return patched;
        }
        return ResourcePatcher.apply(patched, groupId, List.of(new PatchOperation(operation.op(), null, rest)),
                schema);
    }

    /** Decides a change of attributes (members excluded). */
    void changeAttributes(ObjectNode newAttributes, Instant at, ResourceSchema schema) {
        String newName = validatedDisplayName(newAttributes);
        ExtensionRules.check(schema, attributes, newAttributes);
        List<String> changed = AttributeDiff.changedAttributes(attributes, newAttributes);
        if (!changed.isEmpty()) {
            apply(new GroupAttributesChangedEvent(tenantId, groupId, newName, newAttributes.deepCopy(), changed, at));
        }
    }

    void addMembers(List<GroupMember> members, Instant at) {
        for (int from = 0; from < members.size(); from += MAX_MEMBERS_PER_EVENT) {
            List<GroupMember> chunk = members.subList(from, Math.min(members.size(), from + MAX_MEMBERS_PER_EVENT));
            apply(new GroupMembersAddedEvent(tenantId, groupId, List.copyOf(chunk), at));
        }
    }

    void removeMembers(List<String> memberIds, Instant at) {
        for (int from = 0; from < memberIds.size(); from += MAX_MEMBERS_PER_EVENT) {
            List<String> chunk = memberIds.subList(from, Math.min(memberIds.size(), from + MAX_MEMBERS_PER_EVENT));
            apply(new GroupMembersRemovedEvent(tenantId, groupId, List.copyOf(chunk), at));
        }
    }

    void delete(Instant at) {
        apply(new GroupDeletedEvent(tenantId, groupId, displayName, at));
    }

    String groupId() {
        return groupId;
    }

    String tenantId() {
        return tenantId;
    }

    String displayName() {
        return displayName;
    }

    ObjectNode attributes() {
        return attributes.deepCopy();
    }

    GroupView view() {
        return new GroupView(tenantId, groupId, version, attributes.deepCopy(), null, created, lastModified);
    }

    @EventSourcingHandler
    void on(GroupCreatedEvent event, @SequenceNumber long sequence) {
        groupId = event.groupId();
        tenantId = event.tenantId();
        displayName = event.displayName();
        attributes = event.attributes().deepCopy();
        created = event.at();
        lastModified = event.at();
        version = sequence;
    }

    @EventSourcingHandler
    void on(GroupAttributesChangedEvent event, @SequenceNumber long sequence) {
        displayName = event.displayName();
        attributes = event.attributes().deepCopy();
        lastModified = event.at();
        version = sequence;
    }

    /*
     * Membership events only move the version on: the handlers take the message, not the payload, so a large
     * member list is never even deserialised when the group is loaded.
     */
    @EventSourcingHandler(payloadType = GroupMembersAddedEvent.class)
    void onMembersAdded(EventMessage<?> event, @SequenceNumber long sequence) {
        lastModified = event.getTimestamp();
        version = sequence;
    }

    @EventSourcingHandler(payloadType = GroupMembersRemovedEvent.class)
    void onMembersRemoved(EventMessage<?> event, @SequenceNumber long sequence) {
        lastModified = event.getTimestamp();
        version = sequence;
    }

    @EventSourcingHandler
    void on(GroupDeletedEvent event, @SequenceNumber long sequence) {
        lastModified = event.at();
        version = sequence;
        markDeleted();
    }
}
