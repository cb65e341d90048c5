package dev.scimledger.gateway.console;

import dev.scimledger.gateway.audit.AuditEvent;
import dev.scimledger.gateway.audit.AuditExportFormat;
import dev.scimledger.gateway.audit.AuditFilter;
import dev.scimledger.gateway.audit.AuditTrailReader;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.messages.chain.ChainVerification;
import dev.scimledger.messages.chain.VerifyChainQuery;
import dev.scimledger.messages.history.MembershipInterval;
import dev.scimledger.messages.history.MembershipsBetweenQuery;
import dev.scimledger.messages.history.ResourceAsOf;
import dev.scimledger.messages.history.ResourceAsOfQuery;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an auditor reads, admins too: a tenant's audit trail with its filters and exports (CSV, JSON Lines), a user's
 * or group's timeline (the resource as it was at an instant, its events, and for a user the groups it was in during a
 * period), and the verification of the tamper-evident chain. All of it is reading; none of it changes anything.
 */
@Controller
@RequestMapping(ConsoleSecurity.PATH)
class AuditPages {

    private final AuditTrailReader audit;
    private final Tenants tenants;
    private final QueryGateway queries;

    AuditPages(AuditTrailReader audit, Tenants tenants, QueryGateway queries) {
        this.audit = audit;
        this.tenants = tenants;
        this.queries = queries;
    }

    private Tenants.Tenant tenant(String tenantId) {
        return tenants.find(tenantId)
                .orElseThrow(() -> ScimException.notFound("no tenant " + tenantId));
    }

    /** The filter's parameters as given, blanks dropped (an empty form field means no filter). */
    private static Map<String, List<String>> given(MultiValueMap<String, String> parameters) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (String name : AuditFilter.PARAMETERS) {
            List<String> values = parameters.get(name);
            if (values != null) {
                List<String> set = values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
                if (!set.isEmpty()) {
                    given.put(name, set);
                }
            }
        }
        return given;
    }

    @GetMapping("/tenants/{tenantId}/audit")
    String trail(@PathVariable String tenantId, @RequestParam MultiValueMap<String, String> parameters, Model model) {
        model.addAttribute("tenant", tenant(tenantId));
        Map<String, List<String>> given = given(parameters);
        model.addAttribute("filter", given.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.join(",", e.getValue()))));
        model.addAttribute("resourceTypes", AuditFilter.RESOURCE_TYPES);
        try {
            AuditTrailReader.Page page = audit.page(AuditFilter.of(tenantId, given), parameters.getFirst("cursor"), 50);
            model.addAttribute("events", page.events());
            model.addAttribute("nextCursor", page.nextCursor());
        } catch (ScimException refused) {
            model.addAttribute(ConsoleActions.REFUSED, refused.detail());
            model.addAttribute("events", List.<AuditEvent>of());
        }
        return "console/audit";
    }

    @GetMapping("/tenants/{tenantId}/audit/export")
    void export(@PathVariable String tenantId, @RequestParam MultiValueMap<String, String> parameters,
                HttpServletResponse response) throws IOException {
        tenant(tenantId);
        AuditFilter filter = AuditFilter.of(tenantId, given(parameters));
        AuditExportFormat format = AuditExportFormat.named(parameters.getFirst("format"));
        response.setContentType(format.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("audit-" + tenantId.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension())
                .build().toString());
        audit.export(filter, format, response.getOutputStream());
    }

    /**
     * {@code type} User or Group, {@code id} the resource, {@code at} the instant (now when not given); for a user,
     * the groups it was in from {@code from} (30 days before {@code at}) to {@code at}.
     */
    @GetMapping("/tenants/{tenantId}/timeline")
    String timeline(@PathVariable String tenantId, @RequestParam(defaultValue = "User") String type,
                    @RequestParam(defaultValue = "") String id, @RequestParam(required = false) String at,
                    @RequestParam(required = false) String from, Model model) {
        model.addAttribute("tenant", tenant(tenantId));
        String resourceType = type.equals(ResourceAsOfQuery.GROUP) ? ResourceAsOfQuery.GROUP : ResourceAsOfQuery.USER;
        model.addAttribute("type", resourceType);
        model.addAttribute("id", id.strip());
        if (id.isBlank()) {
            return "console/timeline";
        }
        try {
            Instant when = at == null || at.isBlank() ? Instant.now() : Instant.parse(at.strip());
            Instant since = from == null || from.isBlank() ? when.minus(Duration.ofDays(30)) : Instant.parse(from.strip());
            model.addAttribute("at", when);
            model.addAttribute("from", since);
            ResourceAsOf state = queries.query(new ResourceAsOfQuery(tenantId, resourceType, id.strip(), when),
                    ResourceAsOf.class).join();
            model.addAttribute("state", state);
            model.addAttribute("attributes", state.attributes() == null ? null : state.attributes().toPrettyString());
            model.addAttribute("events", audit.page(AuditFilter.of(tenantId, Map.of("resourceId", List.of(id.strip()))),
                    null, AuditTrailReader.MAX_COUNT).events());
            if (resourceType.equals(ResourceAsOfQuery.USER) && since.isBefore(when)) {
                model.addAttribute("memberships", queries.query(new MembershipsBetweenQuery(tenantId, id.strip(), since,
                        when), ResponseTypes.multipleInstancesOf(MembershipInterval.class)).join());
            }
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            model.addAttribute(ConsoleActions.REFUSED, "at and from are ISO-8601 instants, e.g. 2026-01-31T12:00:00Z");
        } catch (ScimException refused) {
            model.addAttribute(ConsoleActions.REFUSED, refused.detail());
        }
        return "console/timeline";
    }

    /** Verifies the chain (every tenant's, or one's) when asked ({@code run}); verification only reads. */
    @GetMapping("/chain")
    String chain(@RequestParam(required = false) String tenantId, @RequestParam(defaultValue = "false") boolean run,
                 Model model) {
        model.addAttribute("tenants", tenants.list());
        model.addAttribute("tenantId", tenantId == null ? "" : tenantId);
        if (run) {
            ChainVerification verification = queries.query(new VerifyChainQuery(
                    tenantId == null || tenantId.isBlank() ? null : tenantId, List.of()), ChainVerification.class).join();
            model.addAttribute("verification", verification);
            model.addAttribute("verifiedAt", Instant.now());
        }
        return "console/chain";
    }
}
