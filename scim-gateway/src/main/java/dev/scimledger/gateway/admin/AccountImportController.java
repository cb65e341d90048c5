package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.provisioning.UserProvisioning;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.JsonBodies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports accounts that exist before provisioning starts, so that the identity provider's match by userName finds
 * them and its create adopts them. The body is read as a stream, one account a line: JSON Lines (each line a SCIM
 * User) or CSV ({@code Content-Type: text/csv}, header {@code userName,email,displayName,givenName,familyName,
 * externalId,active}). Each account is its own command: a bad line is reported and the others are imported.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/accounts")
class AccountImportController {

    static final int MAX_REPORTED_FAILURES = 1000;

    private final Tenants tenants;
    private final UserProvisioning users;
    private final ObjectMapper json;

    AccountImportController(Tenants tenants, UserProvisioning users, ObjectMapper json) {
        this.tenants = tenants;
        this.users = users;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> importAccounts(@PathVariable String tenantId, HttpServletRequest request)
            throws IOException {
        Tenants.Tenant tenant = tenants.find(tenantId)
                .orElseThrow(() -> ScimException.notFound("tenant " + tenantId + " not found"));
        boolean csv = request.getContentType() != null && request.getContentType().toLowerCase(Locale.ROOT).startsWith("text/csv");
        AdminActor actor = AdminActor.of(request);
        ScimCaller admin = actor.forTenant(tenant);
        RequestOrigin origin = actor.origin();
        int imported = 0;
        int lineNumber = 0;
        List<Map<String, Object>> failed = new ArrayList<>();
        int failures = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (csv && header == null) {
                    header = CsvLine.parse(line).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
                    continue;
                }
                try {
                    users.importAccount(admin, origin, csv ? fromCsv(header, CsvLine.parse(line)) : fromJson(line));
                    imported++;
                } catch (RuntimeException rejected) {
                    failures++;
                    if (failed.size() < MAX_REPORTED_FAILURES) {
                        Map<String, Object> failure = new LinkedHashMap<>();
                        failure.put("line", lineNumber);
                        ScimException scim = ScimException.in(rejected);
                        failure.put("detail", scim != null ? scim.detail() : "could not be imported");
                        failed.add(failure);
                    }
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("imported", imported);
        answer.put("failed", failures);
        answer.put("failures", failed);
        return ResponseEntity.ok(answer);
    }

    private ObjectNode fromJson(String line) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "each line must be a JSON object (a SCIM User)");
            }
            JsonBodies.rejectNulCharacters(node);
            return (ObjectNode) node;
        } catch (JsonProcessingException malformed) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "not valid JSON: " + malformed.getOriginalMessage());
        }
    }

    private ObjectNode fromCsv(List<String> header, List<String> values) {
        if (header == null || !header.contains("username")) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX, "the CSV header must name a userName column");
        }
        ObjectNode user = json.createObjectNode();
        for (int i = 0; i < header.size() && i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isEmpty() || value.indexOf('\0') >= 0) {
                continue;
            }
            switch (header.get(i)) {
                case "username" -> user.put("userName", value);
                case "email" -> user.putArray("emails").addObject().put("type", "work").put("value", value).put("primary", true);
                case "displayname" -> user.put("displayName", value);
                case "givenname" -> ((ObjectNode) user.with("name")).put("givenName", value);
                case "familyname" -> ((ObjectNode) user.with("name")).put("familyName", value);
                case "externalid" -> user.put("externalId", value);
                case "active" -> user.put("active", value);
                default -> {
                    // other columns are not part of the import format; ignored like unknown SCIM attributes
                }
            }
        }
        return user;
    }

    /** One line of RFC 4180 CSV: fields separated by commas, optionally quoted, quotes doubled inside quotes. */
    static final class CsvLine {
        private CsvLine() {
        }

        static List<String> parse(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            return fields;
        }
    }
}
