package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers for the query tests: query strings and the userNames a list answered with. */
abstract class SearchTestSupport extends RunningService {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** {@code ?name=value&...}, each part URL-encoded. */
    static String query(String... nameValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            b.append(b.isEmpty() ? "?" : "&").append(nameValues[i]).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    Response list(String token, String... nameValues) {
        return scim("GET", "/Users" + query(nameValues), token, null);
    }

    /** The userNames of a ListResponse, in order. */
    static List<String> userNames(Response response) {
        if (response.status() != 200) {
            throw new AssertionError("expected 200, got " + response.status() + " " + response.body());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode user : response.body().get("Resources")) {
            names.add(user.get("userName").asText());
        }
        return names;
    }

    /** Creates a user from a JSON body; returns its representation. */
    JsonNode create(String token, String body) {
        Response created = scim("POST", "/Users", token, body);
        if (created.status() != 201) {
            throw new IllegalStateException("user not created: " + created.status() + " " + created.body());
        }
        return created.body();
    }
}
