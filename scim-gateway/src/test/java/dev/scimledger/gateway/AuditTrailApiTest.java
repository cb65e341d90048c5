package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.scimledger.gateway.audit.AuditExportFormat;
import dev.scimledger.gateway.audit.AuditFilter;
import dev.scimledger.gateway.audit.AuditTrailReader;
import dev.scimledger.scim.ScimException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail's admin API: {@code GET /admin/tenants/{id}/audit} (filters, keyset pages) and
 * {@code GET /admin/tenants/{id}/audit/export} (JSON Lines and CSV, streamed), driven by real SCIM writes and admin
 * actions of one tenant beside another tenant whose events must never appear; then a volume test on 200,000 rows
 * written straight into the trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailApiTest extends RunningService {

    private static final String AGENT = "Mozilla/5.0 (X11, \"quoted\") ProvisioningAgent/2.1";
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditTrailReader reader;

    private String tenant;
    private String tokenId;
    private String tokenName;
    private String rotatedTokenId;
    private String user1;
    private String user2;
    private String group;
    private String otherTenant;
    private String otherUser;
    /** Every event id of the tenant's aggregates in the log. */
    private List<String> tenantEventIds;
    private List<String> otherEventIds;

    @BeforeAll
    void provisionAndAdminister() {
        TenantAccess access = newTenant();
        tenant = access.tenantId();
        String token = access.token();
        JsonNode issued = call("GET", "/admin/tenants/" + tenant + "/tokens", ADMIN_TOKEN, null).body().at("/tokens/0");
        tokenId = issued.path("id").asText();
        tokenName = issued.path("name").asText();

        // SCIM: create (with an agent whose name holds a comma and quotes), change, deactivate; a second user; a
        // group created with a member, then one more member
        Response created = call("POST", BASE + "/Users", token, entraUser(unique("audit"), "ext-1"), "User-Agent", AGENT);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        user1 = created.text("/id");
        assertThat(scim("PATCH", "/Users/" + user1, token,
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed\"}]")).status()).isEqualTo(200);
        assertThat(scim("PATCH", "/Users/" + user1, token,
                patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]")).status()).isEqualTo(200);
        user2 = scim("POST", "/Users", token, entraUser(unique("audit"), "ext-2")).text("/id");
        Response createdGroup = scim("POST", "/Groups", token, "{\"displayName\":\"Audited " + UUID.randomUUID()
                + "\",\"members\":[{\"value\":\"" + user1 + "\"}]}");
        assertThat(createdGroup.status()).as(createdGroup.raw().body()).isEqualTo(201);
        group = createdGroup.text("/id");
        assertThat(scim("PATCH", "/Groups/" + group, token,
                patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user2 + "\"}]}]")).status())
                .isEqualTo(204);

        // an admin action, then a SCIM change under the rotated token
        Response rotated = call("POST", "/admin/tenants/" + tenant + "/tokens/" + tokenId + "/rotate", ADMIN_TOKEN,
                "{\"overlapHours\":1,\"name\":\"Entra production\"}");
        assertThat(rotated.status()).as(rotated.raw().body()).isEqualTo(201);
        rotatedTokenId = rotated.text("/id");
        assertThat(scim("PATCH", "/Users/" + user2, rotated.text("/token"),
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Second\"}]")).status()).isEqualTo(200);

        TenantAccess other = newTenant();
        otherTenant = other.tenantId();
        otherUser = scim("POST", "/Users", other.token(), entraUser(unique("other"), "ext-other")).text("/id");

        tenantEventIds = eventIdsOf(tenant, user1, user2, group);
        otherEventIds = eventIdsOf(otherTenant, otherUser);
        assertThat(tenantEventIds).hasSize(11);
        awaitAudited(tenantEventIds);
        awaitAudited(otherEventIds);
    }

    @Test
    void theWholeTrailInOrderWithWhoFromWhereWhatAndWhen() {
        List<JsonNode> all = all("");
        assertThat(types(all)).containsExactly("TenantCreatedEvent", "TokenIssuedEvent", "UserCreatedEvent",
                "UserAttributesChangedEvent", "UserDeactivatedEvent", "UserCreatedEvent", "GroupCreatedEvent",
                "GroupMembersAddedEvent", "GroupMembersAddedEvent", "TokenRotatedEvent", "UserAttributesChangedEvent");
        assertThat(all).extracting(e -> e.path("eventId").asText()).containsExactlyInAnyOrderElementsOf(tenantEventIds);
        assertThat(all).extracting(e -> e.path("tenantId").asText()).containsOnly(tenant);
        assertThat(all).as("by time, then sequence number, then event id").isSortedAccordingTo(Comparator
                .comparing((JsonNode e) -> Instant.parse(e.path("occurredAt").asText()))
                .thenComparing(e -> e.path("sequenceNumber").asLong())
                .thenComparing(e -> e.path("eventId").asText()));

        JsonNode first = all.get(2);
        assertThat(first.path("resourceType").asText()).isEqualTo("User");
        assertThat(first.path("resourceId").asText()).isEqualTo(user1);
        assertThat(first.path("sequenceNumber").asLong()).isZero();
        assertThat(first.at("/actor/id").asText()).isEqualTo(tokenId);
        assertThat(first.at("/actor/name").asText()).isEqualTo(tokenName);
        assertThat(first.path("userAgent").asText()).isEqualTo(AGENT);
        assertThat(first.path("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(first.path("requestId").asText()).isNotBlank();
        assertThat(first.path("changedAttributes").toString()).contains("\"userName\"", "\"active\"");
        assertThat(Instant.parse(first.path("recordedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(first.path("occurredAt").asText()));
        assertThat(all.get(3).path("changedAttributes").toString()).isEqualTo("[\"displayName\"]");
        assertThat(all.get(4).path("changedAttributes").toString()).isEqualTo("[\"active\"]");
        assertThat(all.get(7).path("changedAttributes").toString()).isEqualTo("[\"members\"]");
        assertThat(all.get(0).path("actor").toString()).isEqualTo("{\"id\":\"admin-api\",\"name\":\"admin-api\"}");
        assertThat(all).allSatisfy(e -> assertThat(e.fieldNames()).toIterable().containsExactly("eventId",
                "occurredAt", "recordedAt", "tenantId", "resourceType", "resourceId", "sequenceNumber", "type", "actor",
                "requestId", "clientAddress", "userAgent", "changedAttributes"));
    }

    @Test
    void eachFilterReturnsExactlyItsEvents() {
        assertThat(types(all("&resourceId=" + user1)))
                .containsExactly("UserCreatedEvent", "UserAttributesChangedEvent", "UserDeactivatedEvent");
        assertThat(all("&resourceId=" + user1)).extracting(e -> e.path("sequenceNumber").asLong()).containsExactly(0L, 1L, 2L);

        List<JsonNode> groups = all("&resourceType=Group");
        assertThat(types(groups)).containsExactly("GroupCreatedEvent", "GroupMembersAddedEvent", "GroupMembersAddedEvent");
        assertThat(groups).extracting(e -> e.path("resourceId").asText()).containsOnly(group);
        assertThat(types(all("&resourceType=tenant"))).as("the type's name in any case")
                .containsExactly("TenantCreatedEvent", "TokenIssuedEvent", "TokenRotatedEvent");
        assertThat(all("&resourceType=User")).extracting(e -> e.path("resourceId").asText())
                .containsExactly(user1, user1, user1, user2, user2);

        List<JsonNode> byToken = all("&actor=" + tokenId);
        assertThat(types(byToken)).containsExactly("UserCreatedEvent", "UserAttributesChangedEvent",
                "UserDeactivatedEvent", "UserCreatedEvent", "GroupCreatedEvent", "GroupMembersAddedEvent",
                "GroupMembersAddedEvent");
        assertThat(byToken).extracting(e -> e.at("/actor/name").asText()).containsOnly(tokenName);
        List<JsonNode> byAdmin = all("&actor=admin-api");
        assertThat(types(byAdmin)).containsExactly("TenantCreatedEvent", "TokenIssuedEvent", "TokenRotatedEvent");
        assertThat(byAdmin).extracting(e -> e.at("/actor/name").asText()).containsOnly("admin-api");
        List<JsonNode> byRotated = all("&actor=" + rotatedTokenId);
        assertThat(types(byRotated)).containsExactly("UserAttributesChangedEvent");
        assertThat(byRotated.get(0).path("resourceId").asText()).isEqualTo(user2);
        assertThat(byRotated.get(0).at("/actor/name").asText()).as("the token's name").isEqualTo("Entra production");
        assertThat(all("&actor=cli:nobody")).isEmpty();

        assertThat(all("&type=UserAttributesChangedEvent")).extracting(e -> e.path("resourceId").asText())
                .containsExactly(user1, user2);
        List<String> twoTypes = types(all("&type=UserCreatedEvent,GroupMembersAddedEvent"));
        assertThat(twoTypes).containsExactly("UserCreatedEvent", "UserCreatedEvent", "GroupMembersAddedEvent",
                "GroupMembersAddedEvent");
        assertThat(types(all("&type=GroupMembersAddedEvent&type=usercreatedevent"))).as("repeated, in any case")
                .isEqualTo(twoTypes);

        List<JsonNode> everything = all("");
        String changed = everything.get(3).path("occurredAt").asText();   // user 1's change
        String secondCreated = everything.get(5).path("occurredAt").asText(); // user 2's creation
        assertThat(types(all("&from=" + changed + "&to=" + secondCreated))).as("from inclusive, to exclusive")
                .containsExactly("UserAttributesChangedEvent", "UserDeactivatedEvent");
        assertThat(all("&from=" + changed + "&to=" + changed)).isEmpty();
        assertThat(all("&from=" + everything.get(10).path("occurredAt").asText())).hasSize(1);
        assertThat(all("&to=" + everything.get(1).path("occurredAt").asText())).hasSize(1);
        assertThat(all("&from=" + encode(Instant.parse(changed).atOffset(java.time.ZoneOffset.ofHours(2)).toString())
                + "&to=" + secondCreated)).as("an offset other than Z").hasSize(2);

        assertThat(types(all("&resourceType=User&actor=" + tokenId + "&type=UserCreatedEvent&from=" + changed)))
                .as("criteria combine").containsExactly("UserCreatedEvent");
    }

    @Test
    void anotherTenantsEventsNeverAppear() {
        assertThat(all("&resourceId=" + otherUser)).isEmpty();
        assertThat(all("")).extracting(e -> e.path("eventId").asText()).doesNotContainAnyElementsOf(otherEventIds);
        List<JsonNode> other = all(otherTenant, "");
        assertThat(other).extracting(e -> e.path("eventId").asText()).containsExactlyInAnyOrderElementsOf(otherEventIds);
        assertThat(all(otherTenant, "&resourceId=" + user1)).isEmpty();
        assertThat(all(otherTenant, "&actor=" + tokenId)).isEmpty();
        assertThat(export(otherTenant, "format=csv").body()).doesNotContain(tenant).doesNotContain(user1);
    }

    @Test
    void pagingWithTheCursorVisitsEveryEventOnceInOrder() {
        List<JsonNode> all = all("");
        for (int count : new int[]{1, 2, 3, 4, 10, 11, 1000}) {
            List<JsonNode> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Response page = audit(tenant, "count=" + count + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
                assertThat(page.body().path("events").size()).isBetween(1, count);
                page.body().path("events").forEach(walked::add);
                cursor = page.body().path("nextCursor").isTextual() ? page.text("/nextCursor") : null;
                assertThat(page.body().has("totalResults")).isFalse();
                pages++;
            } while (cursor != null);
            assertThat(walked).as("count " + count).isEqualTo(all);
            assertThat(pages).isEqualTo((all.size() + count - 1) / count);
        }
        Response defaultPage = audit(tenant, "");
        assertThat(defaultPage.body().path("events")).hasSize(all.size());
        assertThat(defaultPage.body().has("nextCursor")).as("absent on the last page").isFalse();

        // a filtered walk pages through the filtered list
        Response users = audit(tenant, "resourceType=User&count=2");
        List<JsonNode> walked = new ArrayList<>();
        users.body().path("events").forEach(walked::add);
        Response next = audit(tenant, "resourceType=User&count=2&cursor=" + users.text("/nextCursor"));
        next.body().path("events").forEach(walked::add);
        next = audit(tenant, "resourceType=User&count=2&cursor=" + next.text("/nextCursor"));
        next.body().path("events").forEach(walked::add);
        assertThat(next.body().has("nextCursor")).isFalse();
        assertThat(walked).isEqualTo(all("&resourceType=User"));
    }

    @Test
    void aCursorIsGoodOnlyForItsOwnQuery() {
        String cursor = audit(tenant, "resourceType=User&count=2").text("/nextCursor");
        assertThat(audit(tenant, "resourceType=User&count=3&cursor=" + cursor).status()).as("count may change")
                .isEqualTo(200);
        assertInvalidCursor(audit(tenant, "resourceType=Group&count=2&cursor=" + cursor));
        assertInvalidCursor(audit(tenant, "count=2&cursor=" + cursor));
        assertInvalidCursor(audit(otherTenant, "resourceType=User&count=2&cursor=" + cursor));
        String body = cursor.substring(0, cursor.indexOf('.'));
        String tampered = (body.charAt(3) == 'A' ? body.substring(0, 3) + "B" : body.substring(0, 3) + "A")
                + body.substring(4) + cursor.substring(cursor.indexOf('.'));
        assertInvalidCursor(audit(tenant, "resourceType=User&count=2&cursor=" + tampered));
        assertInvalidCursor(audit(tenant, "resourceType=User&count=2&cursor=not-a-cursor"));
        assertInvalidCursor(audit(tenant, "resourceType=User&count=2&cursor=" + encode("a.b.c")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=yesterday", "to=2026-13-01T00:00:00Z", "from=2026-01-01",
            "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "count=0", "count=1001", "count=-1", "count=ten",
            "count=5&count=6", "resourceType=Team", "type=NoSuchEvent", "type=", "type=UserCreatedEvent,,",
            "resourceId=", "actor=", "actorId=admin-api", "sortBy=occurredAt"})
    void badParametersAre400s(String query) {
        Response response = audit(tenant, query);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        assertThat(response.text("/schemas/0")).isEqualTo(ERROR_SCHEMA);
        assertThat(response.text("/status")).isEqualTo("400");
        assertThat(response.text("/scimType")).isEqualTo("invalidValue");
        assertThat(response.text("/detail")).isNotBlank();
        // the export takes the same filters (and no count)
        HttpResponse<String> export = export(tenant, query);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(400);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        assertThat(export.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void exportRefusesWhatOnlyPagesTakeAndUnknownFormats() {
        for (String query : new String[]{"format=xml", "format=csv&count=10", "cursor=abc", "format=csv&format=jsonl"}) {
            HttpResponse<String> response = export(tenant, query);
            assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
            assertThat(response.body()).contains(ERROR_SCHEMA);
        }
    }

    @Test
    void anUnknownTenantIs404() {
        String unknown = UUID.randomUUID().toString();
        Response page = audit(unknown, "");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.text("/schemas/0")).isEqualTo(ERROR_SCHEMA);
        assertThat(export(unknown, "format=csv").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeletedTenantsTrailStaysReadable() {
        TenantAccess gone = newTenant();
        String user = scim("POST", "/Users", gone.token(), entraUser(unique("gone"), "ext-gone")).text("/id");
        assertThat(call("POST", "/admin/tenants/" + gone.tenantId() + "/suspend", ADMIN_TOKEN, null).status()).isEqualTo(200);
        assertThat(call("DELETE", "/admin/tenants/" + gone.tenantId(), ADMIN_TOKEN, null).status()).isEqualTo(204);
        assertThat(call("GET", "/admin/tenants/" + gone.tenantId(), ADMIN_TOKEN, null).status()).isEqualTo(404);
        awaitAudited(eventIdsOf(gone.tenantId(), user));
        assertThat(types(all(gone.tenantId(), ""))).containsExactly("TenantCreatedEvent", "TokenIssuedEvent",
                "UserCreatedEvent", "TenantSuspendedEvent", "TenantDeletedEvent");
    }

    @Test
    void jsonLinesExportHoldsTheSameEventsAsThePages() throws IOException {
        HttpResponse<String> export = export(tenant, "");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/x-ndjson");
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"audit-" + tenant + "-").endsWith(".jsonl\"");
        assertThat(export.body()).endsWith("}\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isEqualTo(all(""));

        HttpResponse<String> filtered = export(tenant, "format=jsonl&resourceType=User&type=UserCreatedEvent,UserDeactivatedEvent");
        List<JsonNode> filteredLines = new ArrayList<>();
        for (String line : filtered.body().split("\n")) {
            filteredLines.add(JSON.readTree(line));
        }
        assertThat(filteredLines).isEqualTo(all("&resourceType=User&type=UserCreatedEvent,UserDeactivatedEvent"));
        assertThat(export(tenant, "from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z").body()).as("nothing matches")
                .isEmpty();
    }

    @Test
    void csvExportHoldsTheSameEventsEscapedPerRfc4180() {
        HttpResponse<String> export = export(tenant, "format=CSV");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).endsWith(".csv\"");
        String body = export.body();
        assertThat(body).startsWith("eventId,occurredAt,recordedAt,tenantId,resourceType,resourceId,sequenceNumber,"
                + "type,actorId,actorName,requestId,clientAddress,userAgent,changedAttributes\r\n");
        assertThat(body).as("the agent quoted, its quotes doubled")
                .contains(",\"Mozilla/5.0 (X11, \"\"quoted\"\") ProvisioningAgent/2.1\",");
        assertThat(body.replace("\r\n", "")).as("every record ends with CRLF").doesNotContain("\n");

        List<List<String>> records = parseCsv(body);
        List<String> header = records.get(0);
        List<JsonNode> events = all("");
        assertThat(records).hasSize(events.size() + 1);
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            List<String> record = records.get(i + 1);
            assertThat(record).hasSize(header.size());
            List<String> expected = List.of(event.path("eventId").asText(), event.path("occurredAt").asText(),
                    event.path("recordedAt").asText(), event.path("tenantId").asText(),
                    event.path("resourceType").asText(), event.path("resourceId").asText(),
                    event.path("sequenceNumber").asText(), event.path("type").asText(), event.at("/actor/id").asText(),
                    event.at("/actor/name").asText(), event.path("requestId").asText(""),
                    event.path("clientAddress").asText(""), event.path("userAgent").asText(""),
                    names(event.path("changedAttributes")));
            assertThat(record).as("record " + i).isEqualTo(expected);
        }
        assertThat(records.get(3).get(header.indexOf("userAgent"))).isEqualTo(AGENT);
        assertThat(records.get(3).get(header.indexOf("changedAttributes"))).contains(";").contains("userName");

        List<List<String>> tenantRecords = parseCsv(export(tenant, "format=csv&resourceType=Tenant").body());
        assertThat(tenantRecords.subList(1, tenantRecords.size()))
                .extracting(r -> r.get(header.indexOf("type")))
                .containsExactly("TenantCreatedEvent", "TokenIssuedEvent", "TokenRotatedEvent");

        Response head = call("HEAD", "/admin/tenants/" + tenant + "/audit/export?format=csv", ADMIN_TOKEN, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).startsWith("text/csv");
        assertThat(head.raw().body()).isEmpty();
    }

    /** What the command line would do: the same reader, an export written to any OutputStream. */
    @Test
    void theReaderExportsToAnyStreamOutsideHttp() throws IOException {
        AuditFilter filter = AuditFilter.of(tenant, Map.of("resourceType", List.of("User"),
                "type", List.of("UserCreatedEvent,UserAttributesChangedEvent")));
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        assertThat(reader.export(filter, AuditExportFormat.CSV, csv)).isEqualTo(4);
        assertThat(csv.toString(StandardCharsets.UTF_8))
                .isEqualTo(export(tenant, "format=csv&resourceType=User&type=UserCreatedEvent,UserAttributesChangedEvent").body());
        assertThat(reader.page(filter, null, 3).events()).hasSize(3);
        assertThat(reader.tenantExists(tenant)).isTrue();
        assertThat(reader.tenantExists(UUID.randomUUID().toString())).isFalse();
        assertThatThrownBy(() -> AuditFilter.of(tenant, Map.of("from", List.of("soon"))))
                .isInstanceOf(ScimException.class).hasMessageContaining("ISO-8601");
    }

    /**
     * 200,000 rows of one tenant, written straight into the trail, stream out through the CSV export and are counted
     * from an InputStream, never held whole; then an export the database cuts short ends in an error, not in a
     * body that looks complete.
     */
    @Test
    void twoHundredThousandRowsStreamOutAndACutExportNeverLooksComplete() throws Exception {
        TenantAccess volume = newTenant();
        String volumeTokenId = call("GET", "/admin/tenants/" + volume.tenantId() + "/tokens", ADMIN_TOKEN, null)
                .body().at("/tokens/0/id").asText();
        int rows = 200_000;
        insertSyntheticRows(jdbc, volume.tenantId(), volumeTokenId, rows);
        try {
            HttpResponse<InputStream> response = HTTP.send(exportRequest(volume.tenantId(),
                    "format=csv&actor=" + volumeTokenId), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            long lines = 0;
            String firstRecord = null;
            String lastRecord = null;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (lines == 1) {
                        firstRecord = line;
                    }
                    lastRecord = line;
                    lines++;
                }
            }
            assertThat(lines).as("the header and one line per row").isEqualTo(rows + 1);
            assertThat(firstRecord).startsWith(syntheticEventId(volume.tenantId(), 1) + ",");
            assertThat(lastRecord).startsWith(syntheticEventId(volume.tenantId(), rows) + ",")
                    .contains(",\"Synthetic/1.0 (load, \"\"bench\"\")\",");

            // the database ends the export's session after the first lines: the client must see an error
            HttpResponse<InputStream> cut = HTTP.send(exportRequest(volume.tenantId(), "format=jsonl"),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(cut.statusCode()).isEqualTo(200);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(cut.body(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < 10; i++) {
                    assertThat(reader.readLine()).isNotNull();
                }
                assertThat(jdbc.queryForObject("""
                        SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query LIKE '%FROM audit_event a%'
                          AND query NOT LIKE '%pg_stat_activity%'""", Long.class)).isEqualTo(1);
                assertThatThrownBy(() -> {
                    long read = 10;
                    while (reader.readLine() != null) {
                        read++;
                    }
                    throw new AssertionError("the cut export ended like a complete one after " + read + " lines");
                }).isInstanceOf(IOException.class);
            }
        } finally {
            jdbc.update("DELETE FROM audit_event WHERE tenant_id = ?", volume.tenantId());
        }
    }

    /** {@code rows} User events of {@code tenantId} by {@code tokenId}, a millisecond apart, written in one statement. */
    static void insertSyntheticRows(JdbcTemplate jdbc, String tenantId, String tokenId, int rows) {
        jdbc.update("""
                INSERT INTO audit_event (event_id, tenant_id, resource_type, resource_id, sequence_number, event_type,
                                         token_id, request_id, client_address, user_agent, changed_attributes,
                                         occurred_at)
                SELECT md5(? || ':' || i)::uuid::text, ?, 'User', md5(? || ':user:' || (i % 5000))::uuid::text, i / 5000,
                       (ARRAY['UserCreatedEvent', 'UserAttributesChangedEvent', 'UserDeactivatedEvent'])[i % 3 + 1],
                       ?, 'req-' || i, '10.0.' || (i % 250) || '.' || (i % 200), 'Synthetic/1.0 (load, "bench")',
                       '["displayName", "emails"]'::jsonb, timestamptz '2025-01-01T00:00:00Z' + i * interval '1 millisecond'
                FROM generate_series(1, ?) AS i""", tenantId, tenantId, tenantId, tokenId, rows);
    }

    static String syntheticEventId(String tenantId, int i) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5")
                    .digest((tenantId + ":" + i).getBytes(StandardCharsets.UTF_8));
            String hex = java.util.HexFormat.of().formatHex(digest);
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- helpers ---

    private Response audit(String tenantId, String query) {
        return call("GET", "/admin/tenants/" + tenantId + "/audit" + (query.isEmpty() ? "" : "?" + query), ADMIN_TOKEN, null);
    }

    /** Every event of the tenant matching {@code filters} ("&name=value..."), in one page. */
    private List<JsonNode> all(String filters) {
        return all(tenant, filters);
    }

    private List<JsonNode> all(String tenantId, String filters) {
        Response page = audit(tenantId, "count=1000" + filters);
        assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
        assertThat(page.body().has("nextCursor")).isFalse();
        List<JsonNode> events = new ArrayList<>();
        page.body().path("events").forEach(events::add);
        return events;
    }

    private HttpRequest exportRequest(String tenantId, String query) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/tenants/" + tenantId
                        + "/audit/export" + (query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofMinutes(2)).GET().build();
    }

    private HttpResponse<String> export(String tenantId, String query) {
        try {
            return HTTP.send(exportRequest(tenantId, query), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static String names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return String.join(";", names);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertInvalidCursor(Response response) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo("invalidCursor");
    }

    private List<String> eventIdsOf(String... aggregates) {
        return jdbc.queryForList("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ANY(?)",
                String.class, (Object) aggregates);
    }

    /** The trail is written by its own processor, a moment after the log: wait for these events. */
    private void awaitAudited(List<String> eventIds) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event_id = ANY(?)", Integer.class,
                (Object) eventIds.toArray(new String[0])) < eventIds.size()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the audit trail did not record " + eventIds + " within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** RFC 4180: fields separated by commas, records by CRLF; a quoted field may hold both, and "" for a quote. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field.length()).as("a quote only opens a field").isZero();
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(quoted).as("no field left open").isFalse();
        assertThat(record).as("the last record ends with CRLF").isEmpty();
        assertThat(field.length()).isZero();
        return records;
    }
}
