package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /Schemas}, {@code /ResourceTypes} and {@code /ServiceProviderConfig} (RFC 7644 §4, RFC 7643 §5–7). */
class DiscoveryEndpointsTest extends RunningService {

    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private static JsonNode attribute(JsonNode schema, String name) {
        for (JsonNode attribute : schema.get("attributes")) {
            if (attribute.get("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name + " in " + schema.get("id"));
    }

    @Test
    void schemasListsEverySchemaAsAListResponse() {
        Response response = scim("GET", "/Schemas", newTenantToken(), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/scim+json");
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(response.body().get("totalResults").asInt()).isEqualTo(3);
        assertThat(response.body().get("itemsPerPage").asInt()).isEqualTo(3);
        List<String> ids = new ArrayList<>();
        response.body().get("Resources").forEach(schema -> ids.add(schema.get("id").asText()));
        assertThat(ids).containsExactly(USER, ENTERPRISE, GROUP);
        JsonNode user = response.body().at("/Resources/0");
        assertThat(user.get("name").asText()).isEqualTo("User");
        assertThat(user.get("description").asText()).isEqualTo("User Account");
        assertThat(user.at("/meta/resourceType").asText()).isEqualTo("Schema");
        assertThat(user.at("/meta/location").asText()).endsWith(BASE + "/Schemas/" + USER);
        assertThat(attribute(user, "userName").get("returned").asText()).isEqualTo("always");
        assertThat(attribute(user, "userName").get("uniqueness").asText()).isEqualTo("server");
        assertThat(attribute(user, "password").get("returned").asText()).isEqualTo("never");
        assertThat(attribute(user, "emails").get("multiValued").asBoolean()).isTrue();
        assertThat(attribute(user, "emails").get("subAttributes")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {USER, ENTERPRISE, GROUP, "urn:ietf:params:scim:schemas:core:2.0:user"})
    void eachSchemaIsReadableByItsUrn(String urn) {
        Response response = scim("GET", "/Schemas/" + urn, newTenantToken(), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("/id")).isEqualToIgnoringCase(urn);
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Schema");
        assertThat(response.text("/meta/location")).endsWith("/Schemas/" + response.text("/id"));
    }

    @Test
    void resourceTypesListUsersFirstThenGroups() {
        Response response = scim("GET", "/ResourceTypes", newTenantToken(), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("totalResults").asInt()).isEqualTo(2);
        JsonNode user = response.body().at("/Resources/0");
        assertThat(user.get("endpoint").asText()).isEqualTo("/Users");
        assertThat(user.get("schema").asText()).isEqualTo(USER);
        assertThat(user.at("/schemaExtensions/0/schema").asText()).isEqualTo(ENTERPRISE);
        assertThat(user.at("/schemaExtensions/0/required").asBoolean(true)).isFalse();
        assertThat(user.at("/meta/resourceType").asText()).isEqualTo("ResourceType");
        assertThat(user.at("/meta/location").asText()).endsWith(BASE + "/ResourceTypes/User");
        assertThat(response.text("/Resources/1/endpoint")).isEqualTo("/Groups");
    }

    @ParameterizedTest
    @CsvSource({"User, /Users", "Group, /Groups"})
    void eachResourceTypeIsReadableByName(String name, String endpoint) {
        Response response = scim("GET", "/ResourceTypes/" + name, newTenantToken(), null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text("/id")).isEqualTo(name);
        assertThat(response.text("/endpoint")).isEqualTo(endpoint);
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Schemas/urn:nope", "/ResourceTypes/Nope"})
    void unknownSchemasAndResourceTypesAreNotFound(String path) {
        Response response = scim("GET", path, newTenantToken(), null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /Schemas", "PUT, /Schemas", "PATCH, /Schemas", "DELETE, /Schemas",
            "PUT, /Schemas/" + USER, "DELETE, /Schemas/" + USER,
            "POST, /ResourceTypes", "PUT, /ResourceTypes", "PATCH, /ResourceTypes", "DELETE, /ResourceTypes",
            "PATCH, /ResourceTypes/User", "DELETE, /ResourceTypes/Group",
            "POST, /ServiceProviderConfig", "PUT, /ServiceProviderConfig", "PATCH, /ServiceProviderConfig",
            "DELETE, /ServiceProviderConfig"})
    void discoveryEndpointsAreReadOnly(String method, String path) {
        Response response = scim(method, path, newTenantToken(), method.equals("DELETE") ? null : "{}");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Content-Type")).startsWith("application/scim+json");
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.text("/status")).isEqualTo("405");
        assertThat(response.header("Allow")).contains("GET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Schemas", "/ResourceTypes", "/ServiceProviderConfig"})
    void aFilterOnADiscoveryEndpointIsForbidden(String path) {
        Response response = scim("GET", path + "?filter=id+pr", newTenantToken(), null);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text("/status")).isEqualTo("403");
    }

    @Test
    void serviceProviderConfigTellsTheTruth() {
        Response config = scim("GET", "/ServiceProviderConfig", newTenantToken(), null);
        assertThat(config.status()).isEqualTo(200);
        JsonNode body = config.body();
        assertThat(body.at("/patch/supported").asBoolean()).isTrue();
        assertThat(body.at("/filter/supported").asBoolean()).isTrue();
        assertThat(body.at("/filter/maxResults").asInt()).isEqualTo(1000);
        assertThat(body.at("/sort/supported").asBoolean()).isTrue();
        assertThat(body.at("/etag/supported").asBoolean()).isTrue();
        assertThat(body.at("/bulk/supported").asBoolean()).isTrue();
        assertThat(body.at("/bulk/maxOperations").asInt()).isEqualTo(1000);
        assertThat(body.at("/bulk/maxPayloadSize").asLong()).isEqualTo(1024 * 1024);
        assertThat(body.at("/changePassword/supported").asBoolean()).isFalse();
        assertThat(body.at("/meta/resourceType").asText()).isEqualTo("ServiceProviderConfig");
        assertThat(body.at("/meta/location").asText()).endsWith(BASE + "/ServiceProviderConfig");
    }
}
