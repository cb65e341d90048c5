package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.tenant.TokenDigest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authentication matrix: every SCIM and admin route, with every method it supports, × every credential that
 * must not open it: none; malformed ({@code Bearer abc}, a {@code scimlt_} token with a wrong checksum, a bare
 * {@code Bearer }); wrong scheme ({@code Basic}, {@code Token <valid token>}, the valid token without a scheme);
 * unknown (well-formed, valid checksum, never issued); expired; revoked; another tenant's; the admin token at SCIM;
 * a SCIM token at admin; a suspended tenant's. The target of every request is a real resource of tenant B (a user
 * and a group with recognisable secret values, B's tenant, B's token); write requests carry bodies that would
 * change them.
 *
 * <p>Each cell expects 401 with {@code WWW-Authenticate: Bearer}, or 403 for a suspended tenant's token at SCIM, with
 * a SCIM error body, no {@code Location} or {@code ETag}, and none of B's secrets (ids, userName, externalId,
 * displayNames, tenant name, token ids, token strings) - not even those the request itself carried.
 *
 * <p>The one exception is decided here: <b>another tenant's token at SCIM routes</b> is a valid credential, so the
 * gateway authenticates it as tenant A, and the point of the cell is that A cannot reach B. Such a cell expects:
 * <ul>
 *   <li>routes naming one of B's ids ({@code /Users/{id}}, {@code /Groups/{id}}, every method): 404, as if the id
 *       did not exist;</li>
 *   <li>list and search routes (filters naming B's userName, displayName, externalId, id): 200 without any of B's
 *       resources;</li>
 *   <li>{@code POST /Users} with B's userName: 201 in A's own tenant under a new id - uniqueness is per tenant,
 *       so a 409 would tell A that B has that userName;</li>
 *   <li>{@code POST /Groups} with B's user as a member: 400 invalidValue - A cannot reference B's user;</li>
 *   <li>{@code POST /Bulk} of operations on B's ids: 200 with every operation 404;</li>
 *   <li>discovery routes: 200, with A's own schemas (B's declared extensions are never A's).</li>
 * </ul>
 * Since A's answers may repeat what A itself sent (an error naming the id in the path, a created user's userName),
 * these cells check that the body holds none of B's secrets <em>that the request did not carry</em>. Another
 * tenant's token at admin routes is an ordinary SCIM-on-admin cell: 401.
 *
 * <p>After the matrix: no event was written for B's user, B's group or B's tenant aggregate (all refused writes),
 * B's data and settings are as they were, and no tenant was created by a refused request.
 */
class AuthMatrixTest extends RunningService {

    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    @Autowired
    JdbcTemplate jdbc;

    private enum Api { SCIM, ADMIN }

    private enum Expect { UNAUTHORIZED, FORBIDDEN, OTHER_TENANT }

    /** {@code template} names the route in the test's display name; {@code otherTenant} checks A's answer there. */
    private record Route(Api api, String method, String template, String path, String body,
                         Consumer<Response> otherTenant) {
    }

    /** {@code authorization} is the Authorization header, or null for none. */
    private record Credential(String name, Api api, String authorization, Expect expect) {
    }

    // tenant B: the target
    private String bTenant;
    private String bTenantName;
    private String bToken;
    private String bTokenId;
    private String bUser;
    private String bUserName;
    private String bExternalId;
    private String bDisplayName;
    private String bGroup;
    private String bGroupName;
    private String bGroupExternalId;
    private final List<String> secrets = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> everyRouteRefusesEveryWrongCredential() {
        String tag = UUID.randomUUID().toString().substring(0, 8);

        // B: a user, a group holding it, a working token, an expired one and a revoked one
        bTenantName = "b-secret-tenant-" + tag;
        Response tenant = call("POST", "/admin/tenants", ADMIN_TOKEN, "{\"name\":\"" + bTenantName + "\"}");
        assertThat(tenant.status()).isEqualTo(201);
        bTenant = tenant.text("/id");
        Response issued = issue(bTenant);
        bToken = issued.text("/token");
        bTokenId = issued.text("/id");
        Response expiredIssued = issue(bTenant);
        String bExpired = expiredIssued.text("/token");
        assertThat(jdbc.update("UPDATE scim_token SET expires_at = now() - interval '1 minute' WHERE id = ?",
                expiredIssued.text("/id"))).isEqualTo(1);
        Response revokedIssued = issue(bTenant);
        String bRevoked = revokedIssued.text("/token");
        assertThat(call("DELETE", "/admin/tenants/" + bTenant + "/tokens/" + revokedIssued.text("/id"), ADMIN_TOKEN, null)
                .status()).isEqualTo(204);

        bUserName = "b-secret-user-" + tag + "@example.com";
        bExternalId = "b-secret-ext-" + tag;
        bDisplayName = "B Secret Person " + tag;
        Response user = scim("POST", "/Users", bToken, entraUser(bUserName, bExternalId).replace("Test User", bDisplayName));
        assertThat(user.status()).isEqualTo(201);
        bUser = user.text("/id");
        bGroupName = "B Secret Group " + tag;
        bGroupExternalId = "b-secret-group-ext-" + tag;
        Response group = scim("POST", "/Groups", bToken, "{\"displayName\":\"" + bGroupName + "\",\"externalId\":\""
                + bGroupExternalId + "\",\"members\":[{\"value\":\"" + bUser + "\"}]}");
        assertThat(group.status()).isEqualTo(201);
        bGroup = group.text("/id");
        // B's own schema extension: its URN is B's, never shown in A's discovery answers
        String bExtension = "urn:ietf:params:scim:schemas:extension:bsecret" + tag + ":2.0:User";
        assertThat(call("PUT", "/admin/tenants/" + bTenant + "/schema-extensions/" + bExtension, ADMIN_TOKEN,
                "{\"resourceType\":\"User\",\"schema\":{\"attributes\":[{\"name\":\"badge\"}]}}",
                "Content-Type", "application/json").status()).isEqualTo(201);
        assertThat(scim("GET", "/Schemas", bToken, null).raw().body()).contains(bExtension);

        // A: another tenant with a working token; C: a suspended tenant with a token that worked before
        TenantAccess a = newTenant();
        TenantAccess c = newTenant();
        assertThat(scim("GET", "/Users", c.token(), null).status()).isEqualTo(200);
        assertThat(call("POST", "/admin/tenants/" + c.tenantId() + "/suspend", ADMIN_TOKEN, "{\"reason\":\"matrix\"}")
                .status()).isEqualTo(200);

        // the setup is what we think it is
        assertThat(scim("GET", "/Users/" + bUser, bToken, null).text("/userName")).isEqualTo(bUserName);
        assertThat(scim("GET", "/Users", bExpired, null).status()).isEqualTo(401);
        assertThat(scim("GET", "/Users", bRevoked, null).status()).isEqualTo(401);

        secrets.addAll(List.of(bTenant, bTenantName, bToken, bTokenId, bExpired, expiredIssued.text("/id"), bRevoked,
                revokedIssued.text("/id"), bUser, bUserName, bExternalId, bDisplayName, bGroup, bGroupName,
                bGroupExternalId, bExtension, a.token(), c.token(), ADMIN_TOKEN));

        long bEventsBefore = eventsOfB();
        String bTokensBefore = call("GET", "/admin/tenants/" + bTenant + "/tokens", ADMIN_TOKEN, null).text("/totalResults");
        String bSettingsBefore = call("GET", "/admin/tenants/" + bTenant, ADMIN_TOKEN, null).body().toString();

        String wrongChecksum = bToken.substring(0, bToken.length() - 1) + (bToken.endsWith("A") ? "B" : "A");
        assertThat(TokenDigest.wellFormed(wrongChecksum, "scimlt_")).isFalse();
        String unknownScim = TokenDigest.newToken("scimlt_");
        assertThat(TokenDigest.wellFormed(unknownScim, "scimlt_")).isTrue();
        String unknownAdmin = TokenDigest.newToken("scimla_");

        List<Credential> credentials = new ArrayList<>();
        for (Api api : Api.values()) {
            String valid = api == Api.SCIM ? bToken : ADMIN_TOKEN;
            credentials.add(new Credential("no token", api, null, Expect.UNAUTHORIZED));
            credentials.add(new Credential("malformed: Bearer abc", api, "Bearer abc", Expect.UNAUTHORIZED));
            credentials.add(new Credential("malformed: wrong checksum", api, "Bearer " + wrongChecksum, Expect.UNAUTHORIZED));
            credentials.add(new Credential("malformed: Bearer without token", api, "Bearer ", Expect.UNAUTHORIZED));
            credentials.add(new Credential("wrong scheme: Basic", api, "Basic " + Base64.getEncoder().encodeToString(
                    ((api == Api.SCIM ? "scim:" : "admin:") + valid).getBytes(StandardCharsets.UTF_8)), Expect.UNAUTHORIZED));
            credentials.add(new Credential("wrong scheme: Token <valid token>", api, "Token " + valid, Expect.UNAUTHORIZED));
            credentials.add(new Credential("wrong scheme: valid token without scheme", api, valid, Expect.UNAUTHORIZED));
            credentials.add(new Credential("unknown token", api, "Bearer " + (api == Api.SCIM ? unknownScim : unknownAdmin),
                    Expect.UNAUTHORIZED));
            credentials.add(new Credential("expired token", api, "Bearer " + bExpired, Expect.UNAUTHORIZED));
            credentials.add(new Credential("revoked token", api, "Bearer " + bRevoked, Expect.UNAUTHORIZED));
            credentials.add(new Credential("other tenant's token", api, "Bearer " + a.token(),
                    api == Api.SCIM ? Expect.OTHER_TENANT : Expect.UNAUTHORIZED));
            if (api == Api.SCIM) {
                credentials.add(new Credential("admin token on SCIM", api, "Bearer " + ADMIN_TOKEN, Expect.UNAUTHORIZED));
            } else {
                credentials.add(new Credential("SCIM token on admin", api, "Bearer " + bToken, Expect.UNAUTHORIZED));
            }
            credentials.add(new Credential("suspended tenant's token", api, "Bearer " + c.token(),
                    api == Api.SCIM ? Expect.FORBIDDEN : Expect.UNAUTHORIZED));
        }

        List<DynamicTest> cells = new ArrayList<>();
        for (Route route : routes(tag)) {
            for (Credential credential : credentials) {
                if (credential.api() != route.api()) {
                    continue;
                }
                cells.add(DynamicTest.dynamicTest(route.method() + " " + route.template() + " × " + credential.name(),
                        () -> cell(route, credential)));
            }
        }
        assertThat(cells).hasSize(21 * 13 + 44 * 13);

        cells.add(DynamicTest.dynamicTest("afterwards: no event for B's resources, B unchanged", () -> {
            assertThat(eventsOfB()).as("events of B's user, group and tenant").isEqualTo(bEventsBefore);
            Response bUserNow = scim("GET", "/Users/" + bUser, bToken, null);
            assertThat(bUserNow.status()).isEqualTo(200);
            assertThat(bUserNow.text("/userName")).isEqualTo(bUserName);
            assertThat(bUserNow.text("/displayName")).isEqualTo(bDisplayName);
            assertThat(bUserNow.body().get("active").asBoolean()).isTrue();
            Response bGroupNow = scim("GET", "/Groups/" + bGroup, bToken, null);
            assertThat(bGroupNow.text("/displayName")).isEqualTo(bGroupName);
            assertThat(bGroupNow.body().get("members")).hasSize(1);
            assertThat(scim("GET", "/Users", bToken, null).text("/totalResults")).isEqualTo("1");
            assertThat(scim("GET", "/Groups", bToken, null).text("/totalResults")).isEqualTo("1");
            assertThat(call("GET", "/admin/tenants/" + bTenant + "/tokens", ADMIN_TOKEN, null).text("/totalResults"))
                    .isEqualTo(bTokensBefore);
            assertThat(call("GET", "/admin/tenants/" + bTenant, ADMIN_TOKEN, null).body().toString())
                    .as("B's name, status, settings and token counts").isEqualTo(bSettingsBefore);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tenant WHERE name LIKE ?", Long.class,
                    "matrix-%" + tag + "%")).as("tenants created or renamed by refused requests").isZero();
        }));
        return cells.stream();
    }

    private void cell(Route route, Credential credential) {
        List<String> headers = new ArrayList<>();
        if (credential.authorization() != null) {
            headers.add("Authorization");
            headers.add(credential.authorization());
        }
        Response response = call(route.method(), route.path(), null, route.body(), headers.toArray(new String[0]));
        String body = response.raw().body();
        switch (credential.expect()) {
            case UNAUTHORIZED, FORBIDDEN -> {
                int status = credential.expect() == Expect.UNAUTHORIZED ? 401 : 403;
                assertThat(response.status()).as(body).isEqualTo(status);
                if (status == 401) {
                    assertThat(response.header("WWW-Authenticate")).as("the challenge").isNotNull().startsWith("Bearer");
                }
                assertThat(response.text("/schemas/0")).as(body).isEqualTo(ERROR_SCHEMA);
                assertThat(response.text("/status")).isEqualTo(String.valueOf(status));
                assertThat(response.header("Location")).isNull();
                assertThat(response.header("ETag")).isNull();
                assertThat(body).doesNotContain("\"Resources\"", "\"userName\"", "\"members\"", "\"token\"",
                        "\"tenants\"", "\"tokens\"");
                for (String secret : secrets) {
                    assertThat(body).as("a refusal holds none of B's secrets").doesNotContainIgnoringCase(secret);
                }
            }
            case OTHER_TENANT -> {
                assertThat(response.status()).as(body).isLessThan(500);
                String sent = route.path() + "\n" + (route.body() == null ? "" : route.body());
                for (String secret : secrets) {
                    if (!sent.contains(secret) && !sent.contains(encode(secret))) {
                        assertThat(body).as("A's answer holds none of B's secrets it did not send")
                                .doesNotContainIgnoringCase(secret);
                    }
                }
                route.otherTenant().accept(response);
            }
        }
    }

    private List<Route> routes(String tag) {
        String users = BASE + "/Users";
        String groups = BASE + "/Groups";
        String userPut = entraUser("matrix-hijack-" + tag + "@example.com", "matrix-hijack-" + tag);
        String userPatch = patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false},"
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"matrix hijacked " + tag + "\"}]");
        String groupPut = "{\"displayName\":\"matrix hijacked " + tag + "\",\"members\":[]}";
        String groupPatch = patch("[{\"op\":\"remove\",\"path\":\"members\"}]");
        Consumer<Response> notFound = r -> {
            assertThat(r.status()).as(r.raw().body()).isEqualTo(404);
            assertThat(r.text("/schemas/0")).isEqualTo(ERROR_SCHEMA);
        };
        Consumer<Response> nothingOfB = r -> {
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            for (JsonNode resource : r.body().path("Resources")) {
                assertThat(resource.path("id").asText()).isNotIn(bUser, bGroup);
            }
        };
        Consumer<Response> discovery = r -> assertThat(r.status()).as(r.raw().body()).isEqualTo(200);

        List<Route> routes = new ArrayList<>();
        // SCIM: 21 route-methods
        routes.add(scimRoute("GET", "/Users", users + "?filter=" + encode("userName eq \"" + bUserName + "\""), null, nothingOfB));
        routes.add(scimRoute("POST", "/Users", users,
                entraUser(bUserName, "matrix-create-" + tag).replace("Test User", "matrix create " + tag), r -> {
                    assertThat(r.status()).as("a create lands in the caller's tenant: " + r.raw().body()).isEqualTo(201);
                    assertThat(r.text("/id")).isNotEqualTo(bUser);
                }));
        routes.add(scimRoute("GET", "/Users/{id}", users + "/" + bUser, null, notFound));
        routes.add(scimRoute("PUT", "/Users/{id}", users + "/" + bUser, userPut, notFound));
        routes.add(scimRoute("PATCH", "/Users/{id}", users + "/" + bUser, userPatch, notFound));
        routes.add(scimRoute("DELETE", "/Users/{id}", users + "/" + bUser, null, notFound));
        routes.add(scimRoute("POST", "/Users/.search", users + "/.search", search("externalId eq \\\"" + bExternalId + "\\\""),
                nothingOfB));
        routes.add(scimRoute("GET", "/Groups", groups + "?filter=" + encode("displayName eq \"" + bGroupName + "\""), null,
                nothingOfB));
        routes.add(scimRoute("POST", "/Groups", groups, "{\"displayName\":\"matrix group " + tag
                + "\",\"members\":[{\"value\":\"" + bUser + "\"}]}", r -> {
                    assertThat(r.status()).as("B's user is no member A can name: " + r.raw().body()).isEqualTo(400);
                    assertThat(r.text("/scimType")).isEqualTo("invalidValue");
                }));
        routes.add(scimRoute("GET", "/Groups/{id}", groups + "/" + bGroup, null, notFound));
        routes.add(scimRoute("PUT", "/Groups/{id}", groups + "/" + bGroup, groupPut, notFound));
        routes.add(scimRoute("PATCH", "/Groups/{id}", groups + "/" + bGroup, groupPatch, notFound));
        routes.add(scimRoute("DELETE", "/Groups/{id}", groups + "/" + bGroup, null, notFound));
        routes.add(scimRoute("POST", "/Groups/.search", groups + "/.search", search("id eq \\\"" + bGroup + "\\\""), nothingOfB));
        routes.add(scimRoute("POST", "/.search", BASE + "/.search", search("externalId eq \\\"" + bGroupExternalId + "\\\""),
                nothingOfB));
        routes.add(scimRoute("POST", "/Bulk", BASE + "/Bulk", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
                + "\"Operations\":["
                + "{\"method\":\"PATCH\",\"path\":\"/Users/" + bUser + "\",\"data\":" + userPatch + "},"
                + "{\"method\":\"PUT\",\"path\":\"/Groups/" + bGroup + "\",\"data\":" + groupPut + "},"
                + "{\"method\":\"DELETE\",\"path\":\"/Users/" + bUser + "\"}]}", r -> {
                    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
                    assertThat(r.body().path("Operations")).hasSize(3);
                    for (JsonNode operation : r.body().path("Operations")) {
                        assertThat(operation.path("status").asText()).as(operation.toString()).isEqualTo("404");
                    }
                }));
        routes.add(scimRoute("GET", "/ServiceProviderConfig", BASE + "/ServiceProviderConfig", null, discovery));
        routes.add(scimRoute("GET", "/Schemas", BASE + "/Schemas", null, discovery));
        routes.add(scimRoute("GET", "/Schemas/{id}", BASE + "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", null,
                discovery));
        routes.add(scimRoute("GET", "/ResourceTypes", BASE + "/ResourceTypes", null, discovery));
        routes.add(scimRoute("GET", "/ResourceTypes/{id}", BASE + "/ResourceTypes/User", null, discovery));

        // admin: 44 route-methods, those that name a target aimed at B (the chain routes at B's chain, history, audit
        // and erasure at B's user, rebuilds at B's rows, re-publications at B's history)
        String b = "/admin/tenants/" + bTenant;
        routes.add(adminRoute("POST", "/admin/tenants", "/admin/tenants", "{\"name\":\"matrix-created-" + tag + "\"}"));
        routes.add(adminRoute("GET", "/admin/tenants", "/admin/tenants", null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}", b, null));
        routes.add(adminRoute("PATCH", "/admin/tenants/{id}", b,
                "{\"name\":\"matrix-renamed-" + tag + "\",\"rateLimitPerSecond\":1,\"groupPolicy\":\"existing\"}"));
        routes.add(adminRoute("DELETE", "/admin/tenants/{id}", b, null));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/suspend", b + "/suspend", "{\"reason\":\"matrix " + tag + "\"}"));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/resume", b + "/resume", null));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/groups", b + "/groups", "{\"displayName\":\"matrix admin group " + tag + "\"}"));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/accounts", b + "/accounts",
                "{\"userName\":\"matrix-import-" + tag + "@example.com\"}\n"));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/tokens", b + "/tokens", null));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/tokens", b + "/tokens", "{\"name\":\"matrix " + tag + "\"}"));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/tokens/{tokenId}", b + "/tokens/" + bTokenId, null));
        routes.add(adminRoute("DELETE", "/admin/tenants/{id}/tokens/{tokenId}", b + "/tokens/" + bTokenId, null));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/tokens/{tokenId}/rotate", b + "/tokens/" + bTokenId + "/rotate",
                "{\"overlapHours\":0}"));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/users/{userId}/erasure", b + "/users/" + bUser + "/erasure", null));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/erasure", b + "/erasure", null));
        String extension = b + "/schema-extensions/urn:ietf:params:scim:schemas:extension:matrix:2.0:User";
        routes.add(adminRoute("GET", "/admin/tenants/{id}/schema-extensions", b + "/schema-extensions", null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/schema-extensions/{urn}", extension, null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/schema-extensions/{urn}/json-schema", extension + "/json-schema",
                null));
        routes.add(adminRoute("PUT", "/admin/tenants/{id}/schema-extensions/{urn}", extension,
                "{\"resourceType\":\"User\",\"schema\":{\"attributes\":[{\"name\":\"matrix\"}]}}"));
        routes.add(adminRoute("DELETE", "/admin/tenants/{id}/schema-extensions/{urn}", extension, null));
        routes.add(adminRoute("POST", "/admin/chain/verify", "/admin/chain/verify?tenantId=" + bTenant, null));
        routes.add(adminRoute("GET", "/admin/chain/checkpoints", "/admin/chain/checkpoints?tenantId=" + bTenant, null));
        routes.add(adminRoute("POST", "/admin/chain/checkpoints", "/admin/chain/checkpoints", null));
        routes.add(adminRoute("GET", "/admin/chain/public-key", "/admin/chain/public-key", null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/audit", b + "/audit?resourceId=" + bUser, null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/audit/export", b + "/audit/export?format=csv", null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/history/users/{userId}", b + "/history/users/" + bUser
                + "?at=2030-01-01T00:00:00Z", null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/history/groups/{groupId}", b + "/history/groups/" + bGroup
                + "?at=2030-01-01T00:00:00Z", null));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/history/users/{userId}/groups", b + "/history/users/" + bUser
                + "/groups?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", null));
        routes.add(adminRoute("POST", "/admin/projections/{name}/rebuilds", "/admin/projections/scim-read-model/rebuilds"
                + "?tenantId=" + bTenant, null));
        routes.add(adminRoute("GET", "/admin/projections/{name}/rebuilds", "/admin/projections/scim-read-model/rebuilds", null));
        routes.add(adminRoute("GET", "/admin/projections/{name}/rebuilds/{id}", "/admin/projections/scim-read-model/rebuilds/"
                + UUID.randomUUID(), null));
        routes.add(adminRoute("POST", "/admin/tenants/{id}/republications", b + "/republications",
                "{\"from\":\"2020-01-01T00:00:00Z\"}"));
        routes.add(adminRoute("GET", "/admin/tenants/{id}/republications/{republicationId}", b + "/republications/"
                + UUID.randomUUID(), null));
        // the publishing lag and the actuator endpoints, which tell the shape and pace of every tenant's traffic
        routes.add(adminRoute("GET", "/admin/kafka/lag", "/admin/kafka/lag", null));
        routes.add(adminRoute("GET", "/admin/openapi", "/admin/openapi", null));
        routes.add(adminRoute("GET", "/admin/openapi.yaml", "/admin/openapi.yaml", null));
        routes.add(adminRoute("GET", "/admin/quarantine", "/admin/quarantine", null));
        routes.add(adminRoute("POST", "/admin/quarantine/{processor}/retry", "/admin/quarantine/audit-trail/retry", null));
        routes.add(adminRoute("GET", "/admin/actuator/health", "/admin/actuator/health", null));
        routes.add(adminRoute("GET", "/admin/actuator/metrics", "/admin/actuator/metrics", null));
        routes.add(adminRoute("GET", "/admin/actuator/metrics/{name}", "/admin/actuator/metrics/scim.kafka.publishing.pending",
                null));
        routes.add(adminRoute("GET", "/admin/actuator/prometheus", "/admin/actuator/prometheus", null));
        return routes;
    }

    private static Route scimRoute(String method, String template, String path, String body, Consumer<Response> otherTenant) {
        return new Route(Api.SCIM, method, template, path, body, otherTenant);
    }

    private static Route adminRoute(String method, String template, String path, String body) {
        return new Route(Api.ADMIN, method, template, path, body, r -> {
            throw new AssertionError("another tenant's token at an admin route is a plain 401 cell");
        });
    }

    private static String search(String escapedFilter) {
        return "{\"schemas\":[\"" + SEARCH_SCHEMA + "\"],\"filter\":\"" + escapedFilter + "\"}";
    }

    private Response issue(String tenantId) {
        Response issued = call("POST", "/admin/tenants/" + tenantId + "/tokens", ADMIN_TOKEN, null);
        assertThat(issued.status()).isEqualTo(201);
        return issued;
    }

    /** Events of B's user, group and tenant aggregates (B's tokens are events of its tenant). */
    private long eventsOfB() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ANY(?)",
                Long.class, (Object) new String[]{bUser, bGroup, bTenant});
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
