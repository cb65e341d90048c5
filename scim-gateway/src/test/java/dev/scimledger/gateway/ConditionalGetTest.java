package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code If-None-Match} on a user's GET (RFC 7644 §3.14, RFC 9110 §13.1.2): 304 when the client is current. */
class ConditionalGetTest extends RunningService {

    @Test
    void aCurrentETagIsNotModifiedAndAStaleOneGetsTheUser() {
        String token = newTenantToken();
        String id = scim("POST", "/Users", token, entraUser(unique("etag"), "e1")).text("/id");
        String path = BASE + "/Users/" + id;

        Response current = call("GET", path, token, null, "If-None-Match", "W/\"0\"");
        assertThat(current.status()).isEqualTo(304);
        assertThat(current.header("ETag")).isEqualTo("W/\"0\"");
        assertThat(current.raw().body()).isEmpty();

        scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"v1\"}]"));
        Response stale = call("GET", path, token, null, "If-None-Match", "W/\"0\"");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(stale.text("/displayName")).isEqualTo("v1");
    }

    @Test
    void comparisonIsWeakAndListsAndStarMatch() {
        String token = newTenantToken();
        String path = BASE + "/Users/" + scim("POST", "/Users", token, entraUser(unique("weak"), "e2")).text("/id");
        assertThat(call("GET", path, token, null, "If-None-Match", "\"0\"").status()).as("strong form").isEqualTo(304);
        assertThat(call("GET", path, token, null, "If-None-Match", "W/\"7\", W/\"0\"").status()).isEqualTo(304);
        assertThat(call("GET", path, token, null, "If-None-Match", "*").status()).isEqualTo(304);
        assertThat(call("GET", path, token, null, "If-None-Match", "W/\"7\"").status()).isEqualTo(200);
        assertThat(call("GET", path, token, null, "If-None-Match", "garbage").status()).isEqualTo(200);
    }

    @Test
    void anUnknownUserIsNotFoundWhateverTheETag() {
        Response response = call("GET", BASE + "/Users/" + java.util.UUID.randomUUID(), newTenantToken(), null,
                "If-None-Match", "*");
        assertThat(response.status()).isEqualTo(404);
    }
}
