package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear SCIM error, never a 500, and changes nothing. */
class ScimErrorsTest extends RunningService {

    @Test
    void noTokenIsUnauthorizedWithChallenge() {
        Response response = scim("GET", "/Users", null, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.text("/status")).isEqualTo("401");
    }

    @Test
    void unknownTokenIsUnauthorized() {
        assertThat(scim("GET", "/Users", "scimlt_not-a-real-token", null).status()).isEqualTo(401);
        assertThat(call("GET", "/admin/tenants/x/tokens", "scimlt_not-a-real-token", null).status()).isEqualTo(401);
    }

    @Test
    void scimTokenCannotCallAdminApiAndAdminTokenCannotCallScim() {
        String token = newTenantToken();
        assertThat(call("POST", "/admin/tenants", token, "{\"name\":\"x\"}").status()).isEqualTo(401);
        assertThat(scim("GET", "/Users", ADMIN_TOKEN, null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{not json                                   | invalidSyntax",
            "[1,2]                                       | invalidSyntax",
            "{\"userName\": 5}                           | invalidValue",
            "{\"userName\": \"x\", \"active\": \"maybe\"} | invalidValue",
            "{\"userName\": \"x\", \"emails\": \"a@b\"}   | invalidValue",
            "{\"displayName\": \"no user name\"}         | invalidValue"})
    void malformedOrMistypedUserIsBadRequest(String body, String scimType) {
        String token = newTenantToken();
        Response response = scim("POST", "/Users", token, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo(scimType);
        assertThat(scim("GET", "/Users", token, null).body().get("totalResults").asInt()).isZero();
    }

    @Test
    void valuesTheDatabaseCouldNotHoldAreRefusedUpFront() {
        String token = newTenantToken();
        assertThat(scim("POST", "/Users", token, "{\"userName\":\"nul\\u0000byte\"}").status()).isEqualTo(400);
        assertThat(scim("POST", "/Users", token, entraUser("x".repeat(600) + "@example.com", "e")).status()).isEqualTo(400);
        assertThat(scim("POST", "/Users", token, entraUser(unique("long"), "e".repeat(5000))).status()).isEqualTo(400);
        assertThat(scim("GET", "/Users?filter=" + java.net.URLEncoder.encode("userName eq \"a\u0000\"",
                java.nio.charset.StandardCharsets.UTF_8), token, null).status()).isEqualTo(400);
        assertThat(scim("GET", "/Users", token, null).body().get("totalResults").asInt()).isZero();
        // the projections are not stuck: a valid user still becomes readable
        Response created = scim("POST", "/Users", token, entraUser(unique("after"), "e"));
        assertThat(scim("GET", "/Users/" + created.text("/id"), token, null).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIsRefusedBeforeParsing() {
        String token = newTenantToken();
        String huge = entraUser(unique("big"), "e").replace("\"Test User\"", "\"" + "x".repeat(2_000_000) + "\"");
        Response response = scim("POST", "/Users", token, huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text("/status")).isEqualTo("413");
    }

    @Test
    void emptyBodyIsBadRequest() {
        assertThat(scim("POST", "/Users", newTenantToken(), "").status()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "userName eq                 | invalidFilter",
            "userName zz \"x\"           | invalidFilter",
            "(userName eq \"x\"          | invalidFilter",
            "password eq \"x\"           | invalidFilter"})
    void badFilterIsBadRequest(String filter, String scimType) {
        Response response = scim("GET", "/Users?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8),
                newTenantToken(), null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo(scimType);
    }

    @Test
    void malformedPatchIsBadRequestAndChangesNothing() {
        String token = newTenantToken();
        Response created = scim("POST", "/Users", token, entraUser(unique("badpatch"), "x"));
        String id = created.text("/id");
        assertThat(scim("PATCH", "/Users/" + id, token, "{\"Operations\":[]}").status()).isEqualTo(400);
        assertThat(scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"jump\",\"path\":\"active\"}]")).status()).isEqualTo(400);
        assertThat(scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"remove\"}]")).status()).isEqualTo(400);
        assertThat(scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":1}]")).status()).isEqualTo(400);
        assertThat(scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"perhaps\"}]")).status()).isEqualTo(400);
        assertThat(scim("GET", "/Users/" + id, token, null).body()).isEqualTo(created.body());
    }

    @Test
    void staleIfMatchIsPreconditionFailed() {
        String token = newTenantToken();
        String id = scim("POST", "/Users", token, entraUser(unique("etag"), "x")).text("/id");
        scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"v1\"}]"));
        Response stale = call("PATCH", BASE + "/Users/" + id, token,
                patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"v2\"}]"), "If-Match", "W/\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(scim("GET", "/Users/" + id, token, null).text("/displayName")).isEqualTo("v1");
    }

    @Test
    void unknownUserIsNotFound() {
        Response response = scim("GET", "/Users/" + java.util.UUID.randomUUID(), newTenantToken(), null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text("/status")).isEqualTo("404");
    }

    @Test
    void anotherTenantsUserIsNotFoundAndUnchanged() {
        String owner = newTenantToken();
        String stranger = newTenantToken();
        Response created = scim("POST", "/Users", owner, entraUser(unique("isolated"), "x"));
        String id = created.text("/id");
        assertThat(scim("GET", "/Users/" + id, stranger, null).status()).isEqualTo(404);
        assertThat(scim("PATCH", "/Users/" + id, stranger, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")).status()).isEqualTo(404);
        assertThat(scim("DELETE", "/Users/" + id, stranger, null).status()).isEqualTo(404);
        assertThat(scim("GET", "/Users", stranger, null).body().get("totalResults").asInt()).isZero();
        assertThat(scim("GET", "/Users/" + id, owner, null).body()).isEqualTo(created.body());
    }
}
