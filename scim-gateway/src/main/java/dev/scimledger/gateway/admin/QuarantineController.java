package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.messages.quarantine.QuarantineCount;
import dev.scimledger.messages.quarantine.QuarantineCountsQuery;
import dev.scimledger.messages.quarantine.QuarantineQuery;
import dev.scimledger.messages.quarantine.QuarantineRetryOutcome;
import dev.scimledger.messages.quarantine.QuarantinedEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tracking projections set aside instead of stopping on it (an event whose row, record or payload fails
 * in a way no retry mends, and the later events of its resource held behind it), and the retry once the cause is
 * fixed.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/quarantine")
class QuarantineController {

    private final Maintenance maintenance;
    private final QueryGateway queries;

    QuarantineController(Maintenance maintenance, QueryGateway queries) {
        this.maintenance = maintenance;
        this.queries = queries;
    }

    /**
     * The quarantined events, or one projection's ({@code processor}: audit-trail, kafka-publisher), the first
     * {@value QuarantineQuery#MAX_EVENTS} in the log's order; {@code totalResults} counts them all.
     */
    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String processor) {
        List<QuarantinedEvent> events = queries.query(new QuarantineQuery(processor),
                ResponseTypes.multipleInstancesOf(QuarantinedEvent.class)).join();
        List<QuarantineCount> counts = queries.query(new QuarantineCountsQuery(),
                ResponseTypes.multipleInstancesOf(QuarantineCount.class)).join();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("totalResults", counts.stream().filter(c -> processor == null || c.processor().equals(processor))
                .mapToLong(QuarantineCount::events).sum());
        answer.put("projections", counts);
        answer.put("events", events);
        return answer;
    }

    /** Applies the projection's quarantined events again; answers what was applied and what is left. */
    @PostMapping("/{processor}/retry")
    QuarantineRetryOutcome retry(@PathVariable String processor, HttpServletRequest request) {
        return maintenance.retryQuarantine(processor, AdminActor.of(request));
    }
}
