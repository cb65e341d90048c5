package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.messages.publishing.PublishedEventData;
import dev.scimledger.messages.publishing.PublishedEventQuery;
import dev.scimledger.scim.ScimException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a CloudEvent published by reference points ({@code dataref}: it was too large for a Kafka record): the event's
 * data as it would have been published now, with its id, type and subject as {@code ce-} headers (the HTTP binding's
 * binary mode). Any event of the tenant can be read here.
 */
@RestController
class PublishedEventController {

    private final QueryGateway queries;
    private final TenantAdministration administration;

    PublishedEventController(QueryGateway queries, TenantAdministration administration) {
        this.queries = queries;
        this.administration = administration;
    }

    @GetMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/events/{eventId}")
    ResponseEntity<JsonNode> event(@PathVariable String tenantId, @PathVariable String eventId) {
        administration.existing(tenantId);
        PublishedEventData event = queries.query(new PublishedEventQuery(tenantId, eventId), PublishedEventData.class)
                .join();
        if (!event.found()) {
            throw ScimException.notFound("tenant " + tenantId + " has no event " + eventId);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("ce-specversion", "1.0")
                .header("ce-id", event.eventId())
                .header("ce-type", event.type())
                .header("ce-subject", event.subject())
                .body(event.data());
    }
}
