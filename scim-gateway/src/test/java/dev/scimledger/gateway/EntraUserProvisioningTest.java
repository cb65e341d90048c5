package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The sequences Microsoft Entra ID's provisioning service runs against a SCIM endpoint, as it sends them. */
class EntraUserProvisioningTest extends RunningService {

    @Test
    void testConnectionFiltersOnRandomValueAndGetsEmptyList() {
        String token = newTenantToken();
        Response response = scim("GET", "/Users?filter=userName+eq+%22" + UUID.randomUUID() + "%22", token, null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/scim+json");
        assertThat(response.body().get("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(response.body().get("totalResults").asInt()).isZero();
        assertThat(response.body().get("Resources")).isEmpty();
    }

    @Test
    void matchByUserNameThenCreateThenFindByEitherKey() {
        String token = newTenantToken();
        String userName = unique("jdoe");
        String objectId = UUID.randomUUID().toString();
        assertThat(scim("GET", "/Users?filter=userName+eq+%22" + userName + "%22", token, null)
                .body().get("totalResults").asInt()).isZero();

        Response created = scim("POST", "/Users", token, entraUser(userName, objectId));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(created.header("Location")).endsWith(BASE + "/Users/" + id);
        assertThat(created.header("ETag")).isEqualTo("W/\"0\"");
        assertThat(created.text("/meta/resourceType")).isEqualTo("User");
        assertThat(created.text("/meta/version")).isEqualTo("W/\"0\"");
        assertThat(created.text("/meta/location")).isEqualTo(created.header("Location"));
        assertThat(created.text("/meta/created")).isNotBlank();
        assertThat(created.text("/userName")).isEqualTo(userName);
        assertThat(created.text("/externalId")).isEqualTo(objectId);
        assertThat(created.text("/name/givenName")).isEqualTo("Test");
        assertThat(created.text("/emails/0/value")).isEqualTo(userName);
        assertThat(created.body().get("active").asBoolean()).isTrue();
        assertThat(created.text("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department"))
                .isEqualTo("Engineering");

        Response byUserName = scim("GET", "/Users?filter=userName+eq+%22" + userName.toUpperCase() + "%22", token, null);
        assertThat(byUserName.body().get("totalResults").asInt()).as("userName matching is case-insensitive").isEqualTo(1);
        assertThat(byUserName.text("/Resources/0/id")).isEqualTo(id);
        Response byExternalId = scim("GET", "/Users?filter=externalId%20eq%20%22" + objectId + "%22", token, null);
        assertThat(byExternalId.text("/Resources/0/id")).isEqualTo(id);

        Response read = scim("GET", "/Users/" + id, token, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());
        assertThat(read.header("ETag")).isEqualTo("W/\"0\"");
    }

    @Test
    void patchesInEveryFormEntraSends() {
        String token = newTenantToken();
        String userName = unique("patch");
        String id = scim("POST", "/Users", token, entraUser(userName, "obj-1")).text("/id");

        Response replaced = scim("PATCH", "/Users/" + id, token, patch("""
                [{"op":"Replace","path":"displayName","value":"Renamed User"},
                 {"op":"Replace","path":"name.familyName","value":"Renamed"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"42"},
                 {"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+1 555 0100"}]"""));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.text("/displayName")).isEqualTo("Renamed User");
        assertThat(replaced.text("/name/familyName")).isEqualTo("Renamed");
        assertThat(replaced.text("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber")).isEqualTo("42");
        assertThat(replaced.text("/phoneNumbers/0/type")).isEqualTo("mobile");
        assertThat(replaced.text("/phoneNumbers/0/value")).isEqualTo("+1 555 0100");

        Response noPath = scim("PATCH", "/Users/" + id, token, patch("""
                [{"op":"replace","value":{"name.givenName":"Jane",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Finance",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"mgr-1"}}]"""));
        assertThat(noPath.status()).isEqualTo(200);
        assertThat(noPath.text("/name/givenName")).isEqualTo("Jane");
        assertThat(noPath.text("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department")).isEqualTo("Finance");
        assertThat(noPath.text("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value")).isEqualTo("mgr-1");

        Response sameEmail = scim("PATCH", "/Users/" + id, token, patch(
                "[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"" + userName + "\"}]"));
        assertThat(sameEmail.status()).isEqualTo(200);

        Response disabled = scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().get("active").asBoolean()).isFalse();
        JsonNode read = scim("GET", "/Users/" + id, token, null).body();
        assertThat(read.get("active").asBoolean()).isFalse();
        assertThat(read.get("displayName").asText()).isEqualTo("Renamed User");

        Response enabled = scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"True\"}]"));
        assertThat(enabled.body().get("active").asBoolean()).isTrue();
    }

    @Test
    void userNameAndWorkEmailCannotChange() {
        String token = newTenantToken();
        String userName = unique("immutable");
        Response created = scim("POST", "/Users", token, entraUser(userName, "obj-2"));
        String id = created.text("/id");

        Response rename = scim("PATCH", "/Users/" + id, token,
                patch("[{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"someone.else@example.com\"}]"));
        assertThat(rename.status()).isEqualTo(400);
        assertThat(rename.text("/scimType")).isEqualTo("mutability");
        assertThat(rename.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(rename.text("/status")).isEqualTo("400");

        Response newEmail = scim("PATCH", "/Users/" + id, token, patch(
                "[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"new@example.com\"}]"));
        assertThat(newEmail.status()).isEqualTo(400);
        assertThat(newEmail.text("/scimType")).isEqualTo("mutability");

        Response put = scim("PUT", "/Users/" + id, token, entraUser("other@example.com", "obj-2"));
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.text("/scimType")).isEqualTo("mutability");

        assertThat(scim("GET", "/Users/" + id, token, null).body()).isEqualTo(created.body());
    }

    @Test
    void putReplacesAttributesAndKeepsTheUser() {
        String token = newTenantToken();
        String userName = unique("put");
        String id = scim("POST", "/Users", token, entraUser(userName, "obj-3")).text("/id");
        String body = entraUser(userName, "obj-3-changed").replace("\"Test User\",\"emails\"", "\"Changed\",\"emails\"");
        Response put = scim("PUT", "/Users/" + id, token, body);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text("/externalId")).isEqualTo("obj-3-changed");
        assertThat(put.header("ETag")).isEqualTo("W/\"1\"");
        assertThat(scim("GET", "/Users/" + id, token, null).text("/externalId")).isEqualTo("obj-3-changed");
    }

    @Test
    void deleteThenNotFound() {
        String token = newTenantToken();
        String userName = unique("delete");
        String id = scim("POST", "/Users", token, entraUser(userName, "obj-4")).text("/id");
        Response deleted = scim("DELETE", "/Users/" + id, token, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(scim("GET", "/Users/" + id, token, null).status()).isEqualTo(404);
        assertThat(scim("DELETE", "/Users/" + id, token, null).status()).isEqualTo(404);
        assertThat(scim("PATCH", "/Users/" + id, token, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"))
                .status()).isEqualTo(404);
        assertThat(scim("GET", "/Users?filter=userName+eq+%22" + userName + "%22", token, null)
                .body().get("totalResults").asInt()).isZero();
        assertThat(scim("POST", "/Users", token, entraUser(userName, "obj-4b")).status())
                .as("a deleted user's userName can be provisioned again").isEqualTo(201);
    }

    @Test
    void duplicateUserNameInAnyCaseIsAConflict() {
        String token = newTenantToken();
        String userName = unique("dup");
        assertThat(scim("POST", "/Users", token, entraUser(userName, "a")).status()).isEqualTo(201);
        Response again = scim("POST", "/Users", token, entraUser(userName.toUpperCase(), "b"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("/scimType")).isEqualTo("uniqueness");
        assertThat(scim("POST", "/Users", newTenantToken(), entraUser(userName, "c")).status())
                .as("another tenant may use the same userName").isEqualTo(201);
    }

    @Test
    void endpointNamesMatchInAnyCase() {
        String token = newTenantToken();
        assertThat(call("GET", "/api/service/scim/users", token, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/service/scim/GROUPS", token, null).status()).isEqualTo(200);
    }

    @Test
    void serviceProviderConfigSaysWhatIsSupported() {
        Response config = scim("GET", "/ServiceProviderConfig", newTenantToken(), null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().at("/patch/supported").asBoolean()).isTrue();
        assertThat(config.body().at("/filter/supported").asBoolean()).isTrue();
        assertThat(config.body().at("/bulk/supported").asBoolean()).isTrue();
        assertThat(config.body().at("/authenticationSchemes/0/type").asText()).isEqualTo("oauthbearertoken");
    }
}
