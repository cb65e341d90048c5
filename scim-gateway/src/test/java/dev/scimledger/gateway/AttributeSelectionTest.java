package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.4.2.5, §3.9) on every response carrying users. */
class AttributeSelectionTest extends SearchTestSupport {

    private static List<String> fields(JsonNode resource) {
        List<String> names = new ArrayList<>();
        resource.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void listReturnsOnlyTheNamedAttributesPlusThoseAlwaysReturned() {
        String token = newTenantToken();
        create(token, entraUser(unique("attrs"), "obj-1"));
        Response response = list(token, "attributes", "userName,emails");
        JsonNode user = response.body().at("/Resources/0");
        assertThat(fields(user)).containsExactlyInAnyOrder("schemas", "id", "userName", "emails");
        assertThat(user.get("schemas")).as("no enterprise attributes left, so no enterprise URN").hasSize(1);
    }

    @Test
    void excludedAttributesRemoveFromTheDefaultSetButNeverIdOrUserName() {
        String token = newTenantToken();
        String id = create(token, entraUser(unique("excluded"), "obj-2")).get("id").asText();
        JsonNode user = scim("GET", "/Users/" + id + query("excludedAttributes",
                "emails, meta,id,userName," + ENTERPRISE), token, null).body();
        assertThat(fields(user)).contains("id", "userName", "name", "displayName", "active", "externalId")
                .doesNotContain("emails", "meta", ENTERPRISE);
        assertThat(user.get("schemas")).hasSize(1);
    }

    @Test
    void subAttributesAndUrnQualifiedNamesSelectPartsOfValues() {
        String token = newTenantToken();
        String id = create(token, entraUser(unique("parts"), "obj-3")).get("id").asText();
        JsonNode user = scim("GET", "/Users/" + id + query("attributes",
                "NAME.givenName,emails.value,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,"
                        + "meta.version"), token, null).body();
        assertThat(user.get("name").toString()).isEqualTo("{\"givenName\":\"Test\"}");
        assertThat(fields(user.get("emails").get(0))).containsExactly("value");
        assertThat(user.get(ENTERPRISE).toString()).isEqualTo("{\"department\":\"Engineering\"}");
        assertThat(fields(user.get("meta"))).containsExactly("version");
        JsonNode without = scim("GET", "/Users/" + id + query("excludedAttributes", "name.formatted,emails.primary"),
                token, null).body();
        assertThat(fields(without.get("name"))).containsExactlyInAnyOrder("givenName", "familyName");
        assertThat(without.at("/emails/0").has("primary")).isFalse();
    }

    @Test
    void writesAnswerWithTheSelectedAttributes() {
        String token = newTenantToken();
        String userName = unique("writes");
        Response created = scim("POST", "/Users" + query("attributes", "displayName"), token,
                entraUser(userName, "obj-4"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(fields(created.body())).containsExactlyInAnyOrder("schemas", "id", "userName", "displayName");
        assertThat(created.header("ETag")).isEqualTo("W/\"0\"");
        assertThat(created.header("Location")).endsWith("/Users/" + created.text("/id"));
        String id = created.text("/id");

        Response replaced = scim("PUT", "/Users/" + id + query("excludedAttributes", "emails,name"), token,
                entraUser(userName, "obj-4b"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(fields(replaced.body())).contains("externalId", "meta").doesNotContain("emails", "name");
        assertThat(replaced.text("/externalId")).isEqualTo("obj-4b");

        Response patched = scim("PATCH", "/Users/" + id + query("attributes", "name.familyName,active"), token,
                patch("[{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"Patched\"}]"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(fields(patched.body())).containsExactlyInAnyOrder("schemas", "id", "userName", "name", "active");
        assertThat(patched.text("/name/familyName")).isEqualTo("Patched");

        // the selection shapes the answer only: the stored user is whole
        JsonNode read = scim("GET", "/Users/" + id, token, null).body();
        assertThat(read.get("emails")).isNotNull();
        assertThat(read.at("/name/givenName").asText()).isEqualTo("Test");
    }

    @Test
    void passwordIsNeverReturnedEvenWhenAskedFor() {
        String token = newTenantToken();
        String body = entraUser(unique("pw"), "obj-5").replace("\"active\":true", "\"active\":true,\"password\":\"S3cret!\"");
        Response created = scim("POST", "/Users" + query("attributes", "password,userName"), token, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().has("password")).isFalse();
        assertThat(list(token, "attributes", "password").body().at("/Resources/0").has("password")).isFalse();
    }

    @Test
    void unknownNamesAreIgnoredAndAValueFilterNamesItsAttribute() {
        String token = newTenantToken();
        create(token, entraUser(unique("lenient"), "obj-6"));
        JsonNode unknown = list(token, "attributes", "nope,name.nope,displayName").body().at("/Resources/0");
        assertThat(fields(unknown)).containsExactlyInAnyOrder("schemas", "id", "userName", "displayName");
        JsonNode onlyUnknown = list(token, "attributes", "nope").body().at("/Resources/0");
        assertThat(fields(onlyUnknown)).containsExactlyInAnyOrder("schemas", "id", "userName");
        // what Microsoft's test collection sends
        JsonNode filtered = list(token, "attributes", "emails[type eq \"work\"]").body().at("/Resources/0");
        assertThat(fields(filtered)).containsExactlyInAnyOrder("schemas", "id", "userName", "emails");
        assertThat(list(token, "excludedAttributes", "nope").body().at("/Resources/0").has("emails")).isTrue();
    }
}
