package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.gateway.provisioninglog.ProvisioningLog;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provisioning log over the admin API: a tenant's SCIM requests, accepted and refused, newest first, filtered
 * and paged ({@code before} the last id of a page gives the next one); every tenant's at {@code /admin/provisioning-log},
 * requests refused before their token was known among them; and a tenant's requests and errors per hour.
 */
@RestController
class ProvisioningLogController {

    private final ProvisioningLog log;
    private final TenantAdministration administration;

    ProvisioningLogController(ProvisioningLog log, TenantAdministration administration) {
        this.log = log;
        this.administration = administration;
    }

    @GetMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/provisioning-log")
    Map<String, Object> tenant(@PathVariable String tenantId, @RequestParam(required = false) String outcome,
                               @RequestParam(required = false) String resourceType,
                               @RequestParam(required = false) String resourceId,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String text, @RequestParam(required = false) Long before,
                               @RequestParam(defaultValue = "50") int count) {
        administration.existing(tenantId);
        return page(ProvisioningLog.filter(tenantId, outcome, resourceType, resourceId, from, to, text, before, count));
    }

    @GetMapping(BearerAuthenticationFilter.ADMIN_PATH + "/provisioning-log")
    Map<String, Object> all(@RequestParam(required = false) String outcome,
                            @RequestParam(required = false) String resourceType,
                            @RequestParam(required = false) String resourceId,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) String text, @RequestParam(required = false) Long before,
                            @RequestParam(defaultValue = "50") int count) {
        return page(ProvisioningLog.filter(null, outcome, resourceType, resourceId, from, to, text, before, count));
    }

    /** Requests and errors per hour over the last {@code hours} (24 by default, at most 31 days' worth). */
    @GetMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/provisioning-log/hourly")
    Map<String, Object> hourly(@PathVariable String tenantId, @RequestParam(defaultValue = "24") int hours) {
        administration.existing(tenantId);
        if (hours < 1 || hours > 24 * 31) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "hours is from 1 to " + 24 * 31);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", tenantId);
        answer.put("hours", log.hourly(tenantId, hours, Instant.now()));
        return answer;
    }

    private Map<String, Object> page(ProvisioningLog.Filter filter) {
        ProvisioningLog.Page page = log.page(filter);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requests", page.requests());
        answer.put("nextBefore", page.nextBefore());
        return answer;
    }
}
