package dev.scimledger.projection.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.history.MembershipInterval;
import dev.scimledger.messages.history.MembershipsBetweenQuery;
import dev.scimledger.messages.history.ResourceAsOf;
import dev.scimledger.messages.history.ResourceAsOfQuery;
import dev.scimledger.projection.PayloadBytes;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time travel, answered from the log itself rather than from a projection: a resource's events are read in sequence
 * and folded up to the instant asked about (the events' own request time, {@code at}). An auditor's question is thus
 * answered by the same record the chain seals.
 */
@Component
class LogHistory {

    private static final String GROUP_MEMBERS_ADDED = "dev.scimledger.messages.group.GroupMembersAddedEvent";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventStorageEngine storage;

    LogHistory(JdbcTemplate jdbc, ObjectMapper json, EventStorageEngine storage) {
        this.jdbc = jdbc;
        this.json = json;
        this.storage = storage;
    }

    /** One event of a resource: its simple type, sequence number and payload. */
    private record Event(String type, long sequence, JsonNode payload) {
        Instant at() {
            return Instant.parse(payload.path("at").asText());
        }
    }

    /**
     * The resource's events as the event store reads them, so a person's personal data is decrypted while the person
     * has a key, and reads as erased afterwards. Straight from storage: no snapshot stands in for early events.
     */
    private List<Event> events(String aggregateId) {
        List<Event> events = new ArrayList<>();
        storage.readEvents(aggregateId, 0).asStream().forEach(message -> events.add(new Event(
                message.getPayloadType().getSimpleName(), message.getSequenceNumber(),
                json.valueToTree(message.getPayload()))));
        return events;
    }

    @QueryHandler
    ResourceAsOf handle(ResourceAsOfQuery query) {
        List<Event> events = events(query.id());
        String state = "absent";
        ObjectNode attributes = null;
        Boolean active = null;
        Map<String, ResourceAsOf.Member> members = new LinkedHashMap<>();
        long version = -1;
        Instant lastModified = null;
        boolean user = ResourceAsOfQuery.USER.equals(query.resourceType());
        for (Event event : events) {
            if (!query.tenantId().equals(event.payload().path("tenantId").asText())
                    || !event.type().startsWith(user ? "User" : "Group")) {
                break; // another tenant's or another type's resource: nothing of it is shown
            }
            if (event.at().isAfter(query.at())) {
                break;
            }
            JsonNode payload = event.payload();
            switch (event.type()) {
                case "UserCreatedEvent", "UserImportedEvent" -> {
                    state = "present";
                    attributes = (ObjectNode) payload.get("attributes").deepCopy();
                    active = payload.path("active").asBoolean(true);
                }
                case "UserAttributesChangedEvent", "GroupAttributesChangedEvent" ->
                        attributes = (ObjectNode) payload.get("attributes").deepCopy();
                case "UserDeactivatedEvent" -> active = false;
                case "UserReactivatedEvent" -> active = true;
                case "GroupCreatedEvent" -> {
                    state = "present";
                    attributes = (ObjectNode) payload.get("attributes").deepCopy();
                }
                case "GroupMembersAddedEvent" -> payload.path("members").forEach(m -> members.putIfAbsent(
                        m.path("value").asText(), new ResourceAsOf.Member(m.path("value").asText(), m.path("type").asText())));
                case "GroupMembersRemovedEvent" -> payload.path("memberIds").forEach(m -> members.remove(m.asText()));
                case "UserDeletedEvent", "GroupDeletedEvent" -> {
                    state = "deleted";
                    members.clear();
                }
                case "UserErasedEvent" -> state = "erased";
                default -> {
                    // adoption and the like: no change of state, only of version
                }
            }
            version = event.sequence();
            lastModified = event.at();
        }
        return new ResourceAsOf(query.tenantId(), query.resourceType(), query.id(), query.at(), state,
                "absent".equals(state) ? null : attributes, user && !"absent".equals(state) ? active : null,
                user || "absent".equals(state) ? null : List.copyOf(members.values()), version, lastModified);
    }

    /**
     * Finds the groups whose membership events ever named the member (one pass over the log's membership additions,
     * by the member's id and the tenant's in the payload's bytes: {@link PayloadBytes}), then folds each such group's
     * events, if the group is the tenant's, into the member's stretches of membership.
     */
    @QueryHandler
    List<MembershipInterval> handle(MembershipsBetweenQuery query) {
        List<String> groups = jdbc.queryForList("""
                SELECT DISTINCT aggregate_identifier FROM event_log
                WHERE payload_type = ? AND position(? IN payload) > 0 AND position(? IN payload) > 0""",
                String.class, GROUP_MEMBERS_ADDED, PayloadBytes.member(json, "value", query.memberId()),
                PayloadBytes.member(json, "tenantId", query.tenantId()));
        List<MembershipInterval> intervals = new ArrayList<>();
        for (String groupId : groups) {
            List<Event> events = events(groupId);
            if (events.isEmpty() || !query.tenantId().equals(events.get(0).payload().path("tenantId").asText())) {
                continue; // the bytes matched elsewhere than in this tenant's membership
            }
            String name = null;
            Instant joined = null;
            String nameWhenJoined = null;
            for (Event event : events) {
                JsonNode payload = event.payload();
                switch (event.type()) {
                    case "GroupCreatedEvent", "GroupAttributesChangedEvent" -> name = payload.path("displayName").asText();
                    case "GroupMembersAddedEvent" -> {
                        if (joined == null && names(payload.path("members"), "value").contains(query.memberId())) {
                            joined = event.at();
                            nameWhenJoined = name;
                        }
                    }
                    case "GroupMembersRemovedEvent" -> {
                        if (joined != null && names(payload.path("memberIds"), null).contains(query.memberId())) {
                            intervals.add(new MembershipInterval(groupId, nameWhenJoined, query.memberId(), joined, event.at()));
                            joined = null;
                        }
                    }
                    case "GroupDeletedEvent" -> {
                        if (joined != null) {
                            intervals.add(new MembershipInterval(groupId, nameWhenJoined, query.memberId(), joined, event.at()));
                            joined = null;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (joined != null) {
                intervals.add(new MembershipInterval(groupId, nameWhenJoined, query.memberId(), joined, null));
            }
        }
        return intervals.stream()
                .filter(i -> i.joined().isBefore(query.to()) && (i.left() == null || i.left().isAfter(query.from())))
                .sorted(java.util.Comparator.comparing(MembershipInterval::joined).thenComparing(MembershipInterval::groupId))
                .toList();
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(field == null ? node.asText() : node.path(field).asText()));
        return values;
    }

}
