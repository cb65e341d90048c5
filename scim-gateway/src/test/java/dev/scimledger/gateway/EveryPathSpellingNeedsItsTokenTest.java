package dev.scimledger.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever spelling of a path routing accepts (any case, percent-encoded letters, {@code ;parameters}), the request
 * needs the credential of the API it reaches. Sent over a raw socket: an HTTP client would normalise the path.
 */
class EveryPathSpellingNeedsItsTokenTest extends RunningService {

    private String rawRequest(String method, String target, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ADMIN/tenants", "/Admin/tenants", "/%61dmin/tenants", "/admin;x=1/tenants",
            "/%41DMIN/tenants"})
    void theAdminApiNeedsTheAdminTokenHoweverItIsSpelled(String target) throws IOException {
        String response = rawRequest("POST", target, "{\"name\":\"sneaky\"}");
        assertThat(response).as(response).startsWith("HTTP/1.1 401");
    }

    /** Some spellings do not reach the actuator at all (404); none may reach it without the token. */
    @ParameterizedTest
    @ValueSource(strings = {"/admin/actuator/prometheus", "/ADMIN/actuator/prometheus", "/%61dmin/actuator/prometheus",
            "/admin;x=1/actuator/prometheus", "/admin/actuator;x=1/prometheus", "//admin/actuator/prometheus",
            "/admin//actuator/prometheus", "/admin/./actuator/prometheus", "/x/../admin/actuator/prometheus",
            "/admin/actuator/prometheus;x=1", "/admin/actuator/metrics/scim.kafka.publishing.pending"})
    void theActuatorNeedsTheAdminTokenHoweverItIsSpelled(String target) throws IOException {
        String response = rawRequest("GET", target, "");
        assertThat(response).as(response).doesNotStartWith("HTTP/1.1 2").doesNotContain("scim_kafka", "measurements");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/API/SERVICE/SCIM/Users", "/api/service/Scim/Users", "/api/service/%73cim/Users",
            "/api/service/scim;x=1/Users", "/API/service/scim/ServiceProviderConfig"})
    void scimNeedsATenantTokenHoweverItIsSpelled(String target) throws IOException {
        String response = rawRequest("GET", target, "");
        assertThat(response).as(response).startsWith("HTTP/1.1 401");
    }

    /**
     * Routing ignores case; the console's security filter is registered for {@code /console/*} as the container
     * matches it. Every other spelling used to reach the console's pages with no sign-in at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/CONSOLE/tenants", "/Console/accounts", "/%43onsole/tenants", "/console;x=1/tenants",
            "/%63onsole/tenants", "/CONSOLE/status", "/cOnsole/tenants/x/audit", "/console/tenants", "/console"})
    void theConsoleNeedsASignInHoweverItIsSpelled(String target) throws IOException {
        String response = rawRequest("GET", target, "");
        assertThat(response).as(response).doesNotStartWith("HTTP/1.1 200").doesNotContain("Signed in as");
        String post = rawRequest("POST", target.replace("/tenants/x/audit", "/tenants"), "name=sneaky");
        assertThat(post).as(post).doesNotStartWith("HTTP/1.1 2").doesNotStartWith("HTTP/1.1 5");
    }
}
