package dev.scimledger.gateway.console;

import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.rebuild.ProjectionRebuildQuery;
import dev.scimledger.messages.rebuild.ProjectionRebuildStatus;
import dev.scimledger.messages.rebuild.ProjectionRebuildsQuery;
import dev.scimledger.scim.ScimException;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projection rebuilds from the console: start one (admins), follow it on a page that refreshes itself while it runs
 * (a progress bar of the events replayed), and read its verdict; the recent ones of each projection.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH + "/rebuilds")
class RebuildPages {

    static final List<String> PROJECTIONS = List.of("scim-read-model", "audit-trail");

    private final Maintenance maintenance;
    private final QueryGateway queries;
    private final Tenants tenants;

    RebuildPages(Maintenance maintenance, QueryGateway queries, Tenants tenants) {
        this.maintenance = maintenance;
        this.queries = queries;
        this.tenants = tenants;
    }

    @GetMapping
    String list(Model model) {
        Map<String, List<ProjectionRebuildStatus>> rebuilds = new LinkedHashMap<>();
        for (String projection : PROJECTIONS) {
            List<ProjectionRebuildStatus> recent = queries.query(new ProjectionRebuildsQuery(projection),
                    ResponseTypes.multipleInstancesOf(ProjectionRebuildStatus.class)).join();
            rebuilds.put(projection, recent.subList(0, Math.min(10, recent.size())));
        }
        model.addAttribute("rebuilds", rebuilds);
        model.addAttribute("projections", PROJECTIONS);
        model.addAttribute("tenants", tenants.list());
        return "console/rebuilds";
    }

    /** {@code tenantId} limits the comparison to one tenant's rows (the replay is always of the whole log). */
    @PostMapping
    String start(@RequestParam String projection, @RequestParam(defaultValue = "") String tenantId,
                 Authentication signedIn, HttpServletRequest request, RedirectAttributes flash) {
        try {
            String id = maintenance.startRebuild(projection, tenantId.isBlank() ? null : tenantId,
                    ConsoleActions.actor(signedIn, request));
            return "redirect:" + ConsoleSecurity.PATH + "/rebuilds/" + projection + "/" + id;
        } catch (RuntimeException failure) {
            ScimException refused = ScimException.in(failure);
            if (refused == null) {
                throw failure;
            }
            flash.addFlashAttribute(ConsoleActions.REFUSED, refused.detail());
            return "redirect:" + ConsoleSecurity.PATH + "/rebuilds";
        }
    }

    @GetMapping("/{projection}/{id}")
    String rebuild(@PathVariable String projection, @PathVariable String id, Model model) {
        ProjectionRebuildStatus status = queries.query(new ProjectionRebuildQuery(projection, id),
                ProjectionRebuildStatus.class).join();
        model.addAttribute("rebuild", status);
        model.addAttribute("running", status.status().equals("running"));
        long total = status.eventsTotal() == null || status.eventsTotal() <= 0 ? 1 : status.eventsTotal();
        model.addAttribute("progressMax", total);
        // a completed replay has read the whole log (events appended meanwhile included): a full bar
        long applied = status.status().equals("completed") ? total : Math.min(total, status.eventsApplied());
        model.addAttribute("progressValue", applied);
        model.addAttribute("percent", Math.round(100.0 * applied / total));
        return "console/rebuild";
    }
}
