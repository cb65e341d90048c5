package dev.scimledger.gateway.console;

import dev.scimledger.messages.republication.RepublicationQuery;
import dev.scimledger.messages.republication.RepublicationStatus;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import dev.scimledger.gateway.admin.Maintenance;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A tenant's history published to Kafka again, from the console (admins): started with the instant to publish from,
 * then followed on a page that refreshes itself while it runs, to its end.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH + "/tenants/{tenantId}/republications")
class RepublicationPages {

    private final Maintenance maintenance;
    private final QueryGateway queries;

    RepublicationPages(Maintenance maintenance, QueryGateway queries) {
        this.maintenance = maintenance;
        this.queries = queries;
    }

    @PostMapping
    String start(@PathVariable String tenantId, @RequestParam(defaultValue = "") String from,
                 Authentication signedIn, HttpServletRequest request, RedirectAttributes flash) {
        String tenantPage = ConsoleSecurity.PATH + "/tenants/" + tenantId;
        Instant since;
        try {
            since = from.isBlank() ? null : Instant.parse(from.strip());
        } catch (DateTimeParseException notAnInstant) {
            flash.addFlashAttribute(ConsoleActions.REFUSED, "from is an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z");
            return "redirect:" + tenantPage;
        }
        try {
            RepublicationStatus started = maintenance.startRepublication(tenantId, since,
                    ConsoleActions.actor(signedIn, request));
            return "redirect:" + tenantPage + "/republications/" + started.id();
        } catch (RuntimeException failure) {
            ScimException refused = ScimException.in(failure);
            flash.addFlashAttribute(ConsoleActions.REFUSED, refused != null ? refused.detail()
                    : "the re-publication could not start: " + failure.getMessage());
            return "redirect:" + tenantPage;
        }
    }

    @GetMapping("/{id}")
    String republication(@PathVariable String tenantId, @PathVariable String id, Model model) {
        RepublicationStatus status = queries.query(new RepublicationQuery(tenantId, id), RepublicationStatus.class)
                .join();
        model.addAttribute("republication", status);
        model.addAttribute("running", status.status().equals("running"));
        return "console/republication";
    }
}
