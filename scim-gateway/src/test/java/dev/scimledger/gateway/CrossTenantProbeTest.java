package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand probes with tenant A's token at tenant B's ids, filters, member references, searches and bulk paths:
 * none answers with any of B's data, and B's resources get no event.
 */
class CrossTenantProbeTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aThousandProbesFindNothingOfAnotherTenant() {
        String a = newTenantToken();
        String b = newTenantToken();
        List<String> secrets = new ArrayList<>();
        List<String> bUsers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String userName = unique("b-secret-" + i);
            Response created = scim("POST", "/Users", b, entraUser(userName, "b-external-" + i));
            bUsers.add(created.text("/id"));
            secrets.add(userName);
            secrets.add(created.text("/id"));
            secrets.add("b-external-" + i);
        }
        Response group = scim("POST", "/Groups", b, "{\"displayName\":\"B Secret Group\",\"members\":[{\"value\":\""
                + bUsers.get(0) + "\"}]}");
        String bGroup = group.text("/id");
        secrets.add(bGroup);
        secrets.add("B Secret Group");
        String aUser = scim("POST", "/Users", a, entraUser(unique("a-user"), "a-ext")).text("/id");
        String aGroup = scim("POST", "/Groups", a, "{\"displayName\":\"A Group\"}").text("/id");
        long bEventsBefore = eventsOf(bUsers, bGroup);

        List<Response> responses = new ArrayList<>();
        int probes = 0;
        while (probes < 1000) {
            for (String id : bUsers) {
                responses.add(scim("GET", "/Users/" + id, a, null));
                responses.add(scim("PUT", "/Users/" + id, a, entraUser(unique("takeover"), "x")));
                responses.add(scim("PATCH", "/Users/" + id, a, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")));
                responses.add(scim("DELETE", "/Users/" + id, a, null));
                responses.add(scim("GET", "/Users?filter=" + encode("id eq \"" + id + "\""), a, null));
                responses.add(scim("GET", "/Groups?filter=" + encode("members.value eq \"" + id + "\""), a, null));
                responses.add(scim("PATCH", "/Groups/" + aGroup, a, patch(
                        "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]")));
                responses.add(scim("POST", "/Users/.search", a, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                        + "\"filter\":\"id eq \\\"" + id + "\\\"\"}"));
                responses.add(scim("POST", "/Bulk", a, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],"
                        + "\"Operations\":[{\"method\":\"DELETE\",\"path\":\"/Users/" + id + "\"}]}"));
                probes += 9;
            }
            for (int i = 0; i < secrets.size() && probes < 1000; i += 3) {
                responses.add(scim("GET", "/Users?filter=" + encode("userName eq \"" + secrets.get(i) + "\""), a, null));
                responses.add(scim("GET", "/Users?filter=" + encode("userName co \"b-secret\""), a, null));
                responses.add(scim("GET", "/Groups/" + bGroup, a, null));
                responses.add(scim("PATCH", "/Groups/" + bGroup, a, patch("[{\"op\":\"remove\",\"path\":\"members\"}]")));
                responses.add(scim("GET", "/Groups?filter=" + encode("displayName eq \"B Secret Group\""), a, null));
                responses.add(scim("POST", "/.search", a, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]}"));
                probes += 6;
            }
        }
        assertThat(responses.size()).isGreaterThanOrEqualTo(1000);
        for (Response response : responses) {
            assertThat(response.status()).isLessThan(500);
            String body = response.raw().body();
            // B's data A never sent must not appear anywhere; an error may repeat the id A asked for, an answer
            // that succeeded must not even hold B's ids or userNames
            assertThat(body).as("a probe's answer").doesNotContain("b-external-");
            boolean failedInside = body.contains("\"status\":\"4"); // a bulk answer whose operation failed
            if (response.status() < 300 && !failedInside) {
                for (String secret : secrets) {
                    assertThat(body).as("a probe's successful answer").doesNotContain(secret);
                }
            } else {
                assertThat(body).doesNotContain("B Secret Group").doesNotContain("\"userName\"");
            }
        }
        assertThat(eventsOf(bUsers, bGroup)).as("no event for B's resources").isEqualTo(bEventsBefore);
        assertThat(scim("GET", "/Groups/" + bGroup, b, null).body().get("members")).hasSize(1);
        assertThat(scim("GET", "/Users/" + aUser, a, null).status()).isEqualTo(200);
    }

    private long eventsOf(List<String> users, String group) {
        List<String> ids = new ArrayList<>(users);
        ids.add(group);
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ANY(?)",
                Long.class, (Object) ids.toArray(new String[0]));
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
