package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.audit.AuditEvent;
import dev.scimledger.gateway.audit.AuditExportFormat;
import dev.scimledger.gateway.audit.AuditFilter;
import dev.scimledger.gateway.audit.AuditTrailReader;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's audit trail: every event of the log for it (SCIM changes and admin actions), who caused it (token or
 * admin actor), from where, what changed and when. {@code GET …/audit} answers a page at a time with a cursor to the
 * next; {@code GET …/audit/export} streams every matching event as JSON Lines or CSV. Both take the filters of
 * {@link AuditFilter}; an unknown parameter is refused rather than ignored, so a misspelt filter never widens the
 * answer. A deleted tenant's trail stays readable. Reading is done by {@link AuditTrailReader}.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/audit")
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    private static final Set<String> PAGE_PARAMETERS = with(AuditFilter.PARAMETERS, "count", "cursor");
    private static final Set<String> EXPORT_PARAMETERS = with(AuditFilter.PARAMETERS, "format");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AuditTrailReader audit;
    private final Clock clock = Clock.systemUTC();

    AuditController(AuditTrailReader audit) {
        this.audit = audit;
    }

    /**
     * {@code {"events": [...], "nextCursor": "..."}}; nextCursor is absent on the last page. No totalResults: it
     * would cost a count of every matching row on each page.
     */
    @GetMapping
    Map<String, Object> page(@PathVariable String tenantId, @RequestParam MultiValueMap<String, String> parameters) {
        AuditFilter filter = filter(tenantId, parameters, PAGE_PARAMETERS);
        int count = AuditTrailReader.count(AuditFilter.single(parameters, "count"));
        AuditTrailReader.Page page = audit.page(filter, AuditFilter.single(parameters, "cursor"), count);
        Map<String, Object> answer = new LinkedHashMap<>();
        List<ObjectNode> events = page.events().stream().map(AuditEvent::toJson).toList();
        answer.put("events", events);
        if (page.nextCursor() != null) {
            answer.put("nextCursor", page.nextCursor());
        }
        return answer;
    }

    /**
     * Every matching event, {@code format=jsonl} (the default) or {@code csv}, streamed as it is read. Should the
     * export fail after the first bytes have left, the connection is closed without the end of the chunked body,
     * so no client takes a cut export for a whole one.
     */
    @GetMapping("/export")
    void export(@PathVariable String tenantId, @RequestParam MultiValueMap<String, String> parameters,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditFilter filter = filter(tenantId, parameters, EXPORT_PARAMETERS);
        AuditExportFormat format = AuditExportFormat.named(AuditFilter.single(parameters, "format"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(format.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("audit-" + tenantId.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                        + FILE_TIME.format(clock.instant()) + "." + format.extension())
                .build().toString());
        if (HttpMethod.HEAD.matches(request.getMethod())) {
            return; // the headers alone: no reason to read the whole trail into a body nobody receives
        }
        try {
            audit.export(filter, format, response.getOutputStream());
        } catch (IOException | RuntimeException failure) {
            if (!response.isCommitted()) {
                response.reset(); // nothing sent yet: an ordinary error response
                throw failure;
            }
            throw new ExportInterrupted(failure);
        }
    }

    /** An export that failed after its first bytes were sent. */
    static final class ExportInterrupted extends RuntimeException {
        ExportInterrupted(Throwable cause) {
            super("audit export interrupted: " + cause, cause);
        }
    }

    /**
     * The client went away: nothing to answer. Anything else: rethrown past Spring's error rendering, so the servlet
     * container closes the connection at once (an error body cannot follow rows already sent). The response parameter
     * tells Spring that this handler has answered, so it renders nothing.
     */
    @ExceptionHandler(ExportInterrupted.class)
    void interrupted(ExportInterrupted interrupted, HttpServletResponse response) {
        if (interrupted.getCause() instanceof IOException) {
            log.info("audit export stopped: the client went away ({})", interrupted.getCause().toString());
            return;
        }
        throw interrupted;
    }

    private AuditFilter filter(String tenantId, MultiValueMap<String, String> parameters, Set<String> known) {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "unknown parameter " + String.join(", ", unknown)
                    + "; the parameters are " + String.join(", ", new TreeSet<>(known)));
        }
        AuditFilter filter = AuditFilter.of(tenantId, parameters);
        if (!audit.tenantExists(tenantId)) {
            throw ScimException.notFound("tenant " + tenantId + " not found");
        }
        return filter;
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
