package dev.scimledger.gateway;

import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.gateway.tenant.TokenDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed authentications used to cost a database query each, without end: an address that guesses well-formed
 * tokens is answered 429 once it has presented the limit's worth of unknown ones in a minute, without asking the
 * database, while a token this node accepted before goes on working from the same address. Malformed tokens never
 * reached the database and are not counted.
 */
class UnknownTokenProbeTest extends RunningService {

    @Autowired
    Tenants tenants;

    @AfterEach
    void forgetTheProbes() {
        tenants.forgetProbes(); // the other tests send from this address too
    }

    @Test
    void anAddressThatProbesUnknownTokensIsThrottledAndAWorkingTokenIsNot() {
        tenants.forgetProbes();
        String working = newTenantToken();
        assertThat(scim("GET", "/Users?count=1", working, null).status()).isEqualTo(200);
        for (int i = 0; i < 2 * UNKNOWN_TOKENS_PER_MINUTE; i++) {
            assertThat(scim("GET", "/Users", "scimlt_not-even-well-formed-" + i, null).status()).isEqualTo(401);
        }
        for (int i = 0; i < UNKNOWN_TOKENS_PER_MINUTE; i++) {
            assertThat(scim("GET", "/Users", TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX), null).status())
                    .as("unknown token " + i).isEqualTo(401);
        }
        Response throttled = scim("GET", "/Users", TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX), null);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(throttled.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(throttled.text("/detail")).contains("too many unknown tokens from this address");

        assertThat(scim("GET", "/Users?count=1", working, null).status()).as("a token accepted before").isEqualTo(200);
    }
}
