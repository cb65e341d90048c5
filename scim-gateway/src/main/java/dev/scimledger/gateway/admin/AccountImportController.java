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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports accounts that exist before provisioning starts, so that the identity provider's match by userName finds
 * them and its create adopts them. The body is read as a stream, one account a record: JSON Lines (each line a SCIM
 * User) or RFC 4180 CSV ({@code Content-Type: text/csv}, header {@code userName,email,displayName,givenName,
 * familyName,externalId,active}, quoted fields with commas and newlines, an Excel byte order mark). Each account is
 * its own command: a bad record is reported with the line it starts on, and the others are imported.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/tenants/{tenantId}/accounts")
class AccountImportController {

    static final int MAX_REPORTED_FAILURES = 1000;
    private static final String BOM = "\uFEFF";

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
        Import outcome = new Import();
        try (Reader body = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8)) {
            if (csv) {
                importCsv(body, admin, origin, outcome);
            } else {
                importJsonLines(body, admin, origin, outcome);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("imported", outcome.imported);
        answer.put("failed", outcome.failures);
        answer.put("failures", outcome.failed);
        return ResponseEntity.ok(answer);
    }

    /** What an import did so far: the accounts imported, and the lines refused (the first {@value #MAX_REPORTED_FAILURES}). */
    private static final class Import {
        int imported;
        int failures;
        final List<Map<String, Object>> failed = new ArrayList<>();

        void refused(long line, RuntimeException rejected) {
            failures++;
            if (failed.size() < MAX_REPORTED_FAILURES) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("line", line);
                ScimException scim = ScimException.in(rejected);
                failure.put("detail", scim != null ? scim.detail() : "could not be imported");
                failed.add(failure);
            }
        }
    }

    private void importJsonLines(Reader body, ScimCaller admin, RequestOrigin origin, Import outcome)
            throws IOException {
        BufferedReader lines = new BufferedReader(body);
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith(BOM)) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                users.importAccount(admin, origin, fromJson(line));
                outcome.imported++;
            } catch (RuntimeException rejected) {
                outcome.refused(lineNumber, rejected);
            }
        }
    }

    /**
     * RFC 4180 CSV through Commons CSV: quoted fields may hold commas, doubled quotes and newlines; a UTF-8 byte
     * order mark (Excel writes one) is not part of the first column's name; header names are matched in any case.
     * A failure names the line its record starts on.
     */
    private void importCsv(Reader body, ScimCaller admin, RequestOrigin origin, Import outcome) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
        try (CSVParser parser = CSVParser.parse(body, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = null;
            while (true) {
                long startLine = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException malformed) {
                    // an unterminated quote: nothing after it can be read as records
                    outcome.refused(startLine, ScimException.invalid(ScimErrorType.INVALID_SYNTAX,
                            "not valid CSV from here on: " + malformed.getMessage()));
                    break;
                }
                List<String> values = record.toList();
                if (values.size() == 1 && values.get(0).isBlank()) {
                    continue;
                }
                if (header == null) {
                    header = values.stream().map(h -> h.replace(BOM, "").trim().toLowerCase(Locale.ROOT)).toList();
                    continue;
                }
                try {
                    users.importAccount(admin, origin, fromCsv(header, values));
                    outcome.imported++;
                } catch (RuntimeException rejected) {
                    outcome.refused(startLine, rejected);
                }
            }
        }
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
}
