package dev.scimledger.gateway;

import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.gateway.tenant.TokenDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed authentications used to cost a database query each, without end: an address that guesses well-formed
 * tokens is answered 429 once it has presented the limit's worth of unknown ones in a minute, without asking the
 * database, while a token this node accepted before goes on working from the same address. Malformed tokens never
 * reached the database and are not counted. Made-up tokens that share a prefix are throttled however many addresses
 * send them.
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

    @Test
    void madeUpTokensSharingAPrefixAreThrottledFromEveryAddress() throws IOException {
        tenants.forgetProbes();
        String prefix = Tenants.SCIM_TOKEN_PREFIX + "Guess1ng";
        for (int i = 0; i < UNKNOWN_TOKENS_PER_MINUTE; i++) {
            assertThat(fromAddress(i, withPrefix(prefix, i))).as("guess " + i).startsWith("HTTP/1.1 401");
        }
        String throttled = fromAddress(UNKNOWN_TOKENS_PER_MINUTE, withPrefix(prefix, UNKNOWN_TOKENS_PER_MINUTE));
        assertThat(throttled).startsWith("HTTP/1.1 429").contains("Retry-After")
                .contains("too many unknown tokens from this token prefix");
        assertThat(fromAddress(UNKNOWN_TOKENS_PER_MINUTE + 1, TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX)))
                .as("another prefix from a fresh address is looked up").startsWith("HTTP/1.1 401");
    }

    /** A well-formed token (right length, right checksum) whose secret starts with {@code prefix}'s last part. */
    private static String withPrefix(String prefix, int n) {
        String secret = prefix.substring(Tenants.SCIM_TOKEN_PREFIX.length());
        String tail = String.format("%035d", n); // 43 characters of secret in all
        String body = prefix + tail.substring(0, 43 - secret.length());
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] checksum = new char[6];
        for (int i = 5; i >= 0; i--) {
            checksum[i] = base62.charAt((int) (value % 62));
            value /= 62;
        }
        String token = body + new String(checksum);
        assertThat(TokenDigest.wellFormed(token, Tenants.SCIM_TOKEN_PREFIX)).as(token).isTrue();
        return token;
    }

    /** The answer to a GET /Users sent from the {@code n}th of 127.0.1.1, 127.0.1.2 … (all of 127/8 is loopback). */
    private String fromAddress(int n, String token) throws IOException {
        try (Socket socket = new Socket()) {
            String address = "127.0." + (1 + n / 250) + "." + (1 + n % 250);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            String request = "GET /api/service/scim/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
