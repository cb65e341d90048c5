package dev.scimledger.gateway.console;

import dev.scimledger.gateway.provisioninglog.ProvisioningLog;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.scim.ScimException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's provisioning log in the console: every SCIM request, accepted or refused, newest first, filtered by
 * outcome, resource type and text, paged; above it, requests and errors per hour over the last day or week, drawn as
 * an SVG on the server (no script, readable by its text alternative).
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH)
class ProvisioningLogPages {

    static final int CHART_WIDTH = 720;
    static final int CHART_HEIGHT = 140;

    private final ProvisioningLog log;
    private final Tenants tenants;

    ProvisioningLogPages(ProvisioningLog log, Tenants tenants) {
        this.log = log;
        this.tenants = tenants;
    }

    /** One hour's bar: the requests' height, the errors' inside it, and what a pointer over it says. */
    record Bar(double x, double width, double requestsY, double requestsHeight, double errorsY, double errorsHeight,
               String label) {
    }

    @GetMapping("/tenants/{tenantId}/provisioning-log")
    String page(@PathVariable String tenantId, @RequestParam(required = false) String outcome,
                @RequestParam(required = false) String resourceType, @RequestParam(required = false) String text,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) Long before, @RequestParam(defaultValue = "day") String range,
                Model model) {
        Tenants.Tenant tenant = tenants.find(tenantId)
                .orElseThrow(() -> ScimException.notFound("no tenant " + tenantId));
        model.addAttribute("tenant", tenant);
        model.addAttribute("outcome", outcome == null ? "" : outcome);
        model.addAttribute("resourceType", resourceType == null ? "" : resourceType);
        model.addAttribute("text", text == null ? "" : text);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("range", range.equals("week") ? "week" : "day");
        try {
            ProvisioningLog.Page page = log.page(ProvisioningLog.filter(tenantId, outcome, resourceType, null, from,
                    to, text, before, 50));
            model.addAttribute("requests", page.requests());
            model.addAttribute("nextBefore", page.nextBefore());
        } catch (ScimException refused) {
            model.addAttribute(ConsoleActions.REFUSED, refused.detail());
            model.addAttribute("requests", List.of());
        }
        List<ProvisioningLog.Hour> hours = log.hourly(tenantId, range.equals("week") ? 24 * 7 : 24, Instant.now());
        long requests = hours.stream().mapToLong(ProvisioningLog.Hour::requests).sum();
        long errors = hours.stream().mapToLong(ProvisioningLog.Hour::errors).sum();
        model.addAttribute("bars", bars(hours));
        model.addAttribute("chartWidth", CHART_WIDTH);
        model.addAttribute("chartHeight", CHART_HEIGHT);
        model.addAttribute("chartSummary", requests + " requests, " + errors + " of them errors, in the last "
                + (range.equals("week") ? "7 days" : "24 hours") + "; the busiest hour had "
                + hours.stream().mapToLong(ProvisioningLog.Hour::requests).max().orElse(0) + " requests");
        return "console/provisioning-log";
    }

    static List<Bar> bars(List<ProvisioningLog.Hour> hours) {
        long max = Math.max(1, hours.stream().mapToLong(ProvisioningLog.Hour::requests).max().orElse(1));
        double width = (double) CHART_WIDTH / hours.size();
        List<Bar> bars = new ArrayList<>(hours.size());
        for (int i = 0; i < hours.size(); i++) {
            ProvisioningLog.Hour hour = hours.get(i);
            double requestsHeight = (double) CHART_HEIGHT * hour.requests() / max;
            double errorsHeight = (double) CHART_HEIGHT * hour.errors() / max;
            bars.add(new Bar(i * width, Math.max(1, width - 1), CHART_HEIGHT - requestsHeight, requestsHeight,
                    CHART_HEIGHT - errorsHeight, errorsHeight, hour.hour() + ": " + hour.requests() + " requests, "
                    + hour.errors() + " errors"));
        }
        return bars;
    }
}
