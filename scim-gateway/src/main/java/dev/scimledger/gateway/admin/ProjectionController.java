package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.messages.rebuild.ProjectionRebuildQuery;
import dev.scimledger.messages.rebuild.ProjectionRebuildStatus;
import dev.scimledger.messages.rebuild.ProjectionRebuildsQuery;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds of a projection ({@code scim-read-model}, {@code audit-trail}) from the event log, beside the live one:
 * start one (202: it runs in the background while the service keeps serving), follow its progress, read its result
 * (whether the rebuilt projection's digest equals the live one's), list them. 409 while one is running, 404 for an
 * unknown projection.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/projections/{name}/rebuilds")
class ProjectionController {

    private final Maintenance maintenance;
    private final QueryGateway queries;

    ProjectionController(Maintenance maintenance, QueryGateway queries) {
        this.maintenance = maintenance;
        this.queries = queries;
    }

    /** {@code tenantId} limits the comparison to one tenant's rows; the replay is always of the whole log. */
    @PostMapping
    ResponseEntity<ProjectionRebuildStatus> start(@PathVariable String name,
                                                  @RequestParam(required = false) String tenantId,
                                                  HttpServletRequest request) {
        String id = maintenance.startRebuild(name, tenantId, AdminActor.of(request));
        return ResponseEntity.accepted()
                .location(URI.create(BearerAuthenticationFilter.ADMIN_PATH + "/projections/" + name + "/rebuilds/" + id))
                .body(status(queries, name, id));
    }

    @GetMapping("/{id}")
    ProjectionRebuildStatus rebuild(@PathVariable String name, @PathVariable String id) {
        return status(queries, name, id);
    }

    @GetMapping
    Map<String, Object> rebuilds(@PathVariable String name) {
        List<ProjectionRebuildStatus> rebuilds = queries.query(new ProjectionRebuildsQuery(name),
                ResponseTypes.multipleInstancesOf(ProjectionRebuildStatus.class)).join();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("projection", name);
        answer.put("totalResults", rebuilds.size());
        answer.put("rebuilds", rebuilds);
        return answer;
    }

    static ProjectionRebuildStatus status(QueryGateway queries, String projection, String id) {
        return queries.query(new ProjectionRebuildQuery(projection, id), ProjectionRebuildStatus.class).join();
    }
}
