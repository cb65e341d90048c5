package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.messages.history.MembershipInterval;
import dev.scimledger.messages.history.MembershipsBetweenQuery;
import dev.scimledger.messages.history.ResourceAsOf;
import dev.scimledger.messages.history.ResourceAsOfQuery;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time travel for auditors, answered from the log: a user or group as it was at an instant (a group with its
 * members), and the groups a user was in during a period. JSON by default; {@code format=text} answers in sentences.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/history")
class HistoryController {

    private final QueryGateway queries;
    private final TenantAdministration administration;

    HistoryController(QueryGateway queries, TenantAdministration administration) {
        this.queries = queries;
        this.administration = administration;
    }

    @GetMapping("/users/{id}")
    ResponseEntity<?> user(@PathVariable String tenantId, @PathVariable String id, @RequestParam String at,
                           @RequestParam(required = false) String format) {
        return asOf(tenantId, ResourceAsOfQuery.USER, id, at, format);
    }

    @GetMapping("/groups/{id}")
    ResponseEntity<?> group(@PathVariable String tenantId, @PathVariable String id, @RequestParam String at,
                            @RequestParam(required = false) String format) {
        return asOf(tenantId, ResourceAsOfQuery.GROUP, id, at, format);
    }

    /** The groups {@code id} was a direct member of at any moment from {@code from} (inclusive) to {@code to}. */
    @GetMapping("/users/{id}/groups")
    ResponseEntity<?> memberships(@PathVariable String tenantId, @PathVariable String id, @RequestParam String from,
                                  @RequestParam String to, @RequestParam(required = false) String format) {
        administration.existing(tenantId);
        Instant start = AdminRequests.instant("from", from);
        Instant end = AdminRequests.instant("to", to);
        if (!start.isBefore(end)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "from must be before to");
        }
        List<MembershipInterval> intervals = queries.query(new MembershipsBetweenQuery(tenantId, id, start, end),
                ResponseTypes.multipleInstancesOf(MembershipInterval.class)).join();
        if ("text".equals(format)) {
            StringBuilder text = new StringBuilder();
            text.append(id).append(" was a member of ").append(intervals.size()).append(intervals.size() == 1 ? " group" : " groups")
                    .append(" between ").append(start).append(" and ").append(end).append(intervals.isEmpty() ? ".\n" : ":\n");
            for (MembershipInterval interval : intervals) {
                text.append("- ").append(interval.groupName()).append(" (").append(interval.groupId()).append("), from ")
                        .append(interval.joined()).append(interval.left() == null ? ", still a member" : " until " + interval.left())
                        .append('\n');
            }
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text.toString());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", id);
        answer.put("from", start.toString());
        answer.put("to", end.toString());
        answer.put("memberships", intervals);
        return ResponseEntity.ok(answer);
    }

    private ResponseEntity<?> asOf(String tenantId, String type, String id, String at, String format) {
        administration.existing(tenantId);
        ResourceAsOf state = queries.query(new ResourceAsOfQuery(tenantId, type, id, AdminRequests.instant("at", at)),
                ResourceAsOf.class).join();
        if (!"text".equals(format)) {
            return ResponseEntity.ok(state);
        }
        StringBuilder text = new StringBuilder();
        String name = state.attributes() == null ? id
                : state.attributes().path(type.equals(ResourceAsOfQuery.USER) ? "userName" : "displayName").asText(id);
        switch (state.state()) {
            case "absent" -> text.append(type).append(' ').append(id).append(" did not exist at ").append(state.at()).append(".\n");
            case "deleted" -> text.append(type).append(' ').append(name).append(" (").append(id).append(") had been deleted by ")
                    .append(state.at()).append(" (at ").append(state.lastModified()).append(").\n");
            case "erased" -> text.append(type).append(' ').append(id).append(" had been deleted, and its personal data ")
                    .append("erased, by ").append(state.at()).append(" (at ").append(state.lastModified()).append(").\n");
            default -> {
                text.append("At ").append(state.at()).append(", ").append(type.toLowerCase()).append(' ').append(name)
                        .append(" (").append(id).append(")");
                if (state.active() != null) {
                    text.append(" was ").append(state.active() ? "active" : "inactive");
                }
                text.append(", as last changed at ").append(state.lastModified()).append(" (version ").append(state.version())
                        .append(").\n");
                if (state.members() != null) {
                    text.append(state.members().isEmpty() ? "It had no members.\n" : "Its members were:\n");
                    state.members().forEach(m -> text.append("- ").append(m.type()).append(' ').append(m.value()).append('\n'));
                }
                text.append("Attributes: ").append(state.attributes()).append('\n');
            }
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text.toString());
    }
}
