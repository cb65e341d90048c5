package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.republication.RepublicationQuery;
import dev.scimledger.messages.republication.RepublicationStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;

/**
 * Re-publication of a tenant's history to Kafka for a new consumer: every event of the tenant recorded at or after
 * {@code from} (body {@code {"from": "2026-01-01T00:00:00Z"}}; without it, the whole history), as the same CloudEvents
 * again, tagged with the re-publication's id. 202: it runs in the background; its status answers how many events are
 * published and whether it is done. 400 for a bad instant, 404 for an unknown tenant.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/republications")
class RepublicationController {

    private final Maintenance maintenance;
    private final QueryGateway queries;
    private final ObjectMapper json;

    RepublicationController(Maintenance maintenance, QueryGateway queries, ObjectMapper json) {
        this.maintenance = maintenance;
        this.queries = queries;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<RepublicationStatus> start(@PathVariable String tenantId, @RequestBody(required = false) String body,
                                              HttpServletRequest request) {
        JsonNode from = body == null || body.isBlank() ? null : AdminRequests.object(json, body).get("from");
        Instant since = from == null || from.isNull() ? null : AdminRequests.instant("from", from.asText());
        RepublicationStatus started = maintenance.startRepublication(tenantId, since, AdminActor.of(request));
        return ResponseEntity.accepted()
                .location(URI.create(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/" + tenantId
                        + "/republications/" + started.id()))
                .body(started);
    }

    @GetMapping("/{id}")
    RepublicationStatus republication(@PathVariable String tenantId, @PathVariable String id) {
        return status(queries, tenantId, id);
    }

    static RepublicationStatus status(QueryGateway queries, String tenantId, String id) {
        return queries.query(new RepublicationQuery(tenantId, id), RepublicationStatus.class).join();
    }
}
