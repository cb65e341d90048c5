package dev.scimledger.gateway.console;

import dev.scimledger.messages.publishing.PublishingLag;
import dev.scimledger.messages.publishing.PublishingLagQuery;
import dev.scimledger.messages.quarantine.QuarantineCount;
import dev.scimledger.messages.quarantine.QuarantineCountsQuery;
import dev.scimledger.messages.quarantine.QuarantineQuery;
import dev.scimledger.messages.quarantine.QuarantineRetryOutcome;
import dev.scimledger.messages.quarantine.QuarantinedEvent;
import jakarta.servlet.http.HttpServletRequest;
import dev.scimledger.gateway.admin.Maintenance;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.List;

/**
 * The service's status for the people who run it: what the projections set aside (the quarantine, with the reason of
 * each event and a retry once the cause is fixed) and how far publishing to Kafka is behind the log.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH + "/status")
class StatusPages {

    private final QueryGateway queries;
    private final Maintenance maintenance;

    StatusPages(QueryGateway queries, Maintenance maintenance) {
        this.queries = queries;
        this.maintenance = maintenance;
    }

    @GetMapping
    String status(Model model) {
        List<QuarantineCount> counts = queries.query(new QuarantineCountsQuery(),
                ResponseTypes.multipleInstancesOf(QuarantineCount.class)).join();
        model.addAttribute("quarantineCounts", counts);
        model.addAttribute("quarantined", queries.query(new QuarantineQuery(null),
                ResponseTypes.multipleInstancesOf(QuarantinedEvent.class)).join());
        PublishingLag lag = queries.query(new PublishingLagQuery(), PublishingLag.class).join();
        model.addAttribute("lag", lag);
        model.addAttribute("lagSeconds", lag.oldestPendingAt() == null ? null
                : lag.oldestPendingAge(Instant.now()).toMillis() / 1000.0);
        return "console/status";
    }

    @PostMapping("/quarantine/{processor}/retry")
    String retry(@PathVariable String processor, Authentication signedIn, HttpServletRequest request,
                 RedirectAttributes flash) {
        return ConsoleActions.attempt(flash, ConsoleSecurity.PATH + "/status", () -> {
            QuarantineRetryOutcome outcome = maintenance.retryQuarantine(processor,
                    ConsoleActions.actor(signedIn, request));
            return processor + ": " + outcome.applied() + " applied, " + outcome.stillQuarantined() + " still set aside"
                    + (outcome.firstFailure() == null ? "." : "; first failure: " + outcome.firstFailure());
        });
    }
}
