package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimledger.gateway.provisioninglog.ProvisioningLogWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attribute that no schema of the resource type defines is never lost in silence: a tenant that ignores them (the
 * default) writes without it and says so in the answer's {@code Scim-Ignored-Attributes} header and in the
 * provisioning log; a tenant set to reject refuses it (400 naming it, nothing written). Every answer that carries a
 * resource has its {@code Location}.
 */
class UnknownAttributePolicyTest extends RunningService {

    private static final String HEADER = "Scim-Ignored-Attributes";

    @Autowired
    ProvisioningLogWriter log;

    private static String userWith(String userName, String extra) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"Jo\",\"middle\":\"Q\"}," + extra + "}";
    }

    private void unknownAttributes(TenantAccess tenant, String policy) {
        Response changed = call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN,
                "{\"unknownAttributes\":\"" + policy + "\"}");
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        assertThat(changed.text("/unknownAttributes")).isEqualTo(policy);
    }

    @Test
    void aTenantSetToRejectRefusesAnAttributeNoSchemaDefinesAndWritesNothing() {
        TenantAccess tenant = newTenant();
        assertThat(call("GET", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, null).text("/unknownAttributes"))
                .as("the default").isEqualTo("ignore");
        unknownAttributes(tenant, "reject");
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN,
                "{\"unknownAttributes\":\"sometimes\"}").status()).isEqualTo(400);
        String userName = unique("refused");
        Response refused = scim("POST", "/Users", tenant.token(), userWith(userName,
                "\"urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge\":\"7\""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/scimType")).isEqualTo("invalidSyntax");
        assertThat(refused.text("/detail")).contains("name.middle",
                "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge").contains("nothing was written");
        assertThat(scim("GET", "/Users?filter=userName%20eq%20%22" + userName + "%22", tenant.token(), null)
                .body().get("totalResults").asInt()).isZero();

        String id = scim("POST", "/Users", tenant.token(), entraUser(unique("known"), "k")).text("/id");
        Response patched = scim("PATCH", "/Users/" + id, tenant.token(),
                patch("[{\"op\":\"replace\",\"value\":{\"displayName\":\"Changed\",\"shoeSize\":\"44\"}}]"));
        assertThat(patched.status()).isEqualTo(400);
        assertThat(patched.text("/scimType")).isEqualTo("invalidPath");
        assertThat(patched.text("/detail")).contains("shoeSize");
        assertThat(scim("GET", "/Users/" + id, tenant.token(), null).text("/displayName")).isEqualTo("Test User");
    }

    @Test
    void aTenantThatIgnoresThemSaysWhatItLeftOut() {
        TenantAccess tenant = newTenant(); // ignores them: the default
        Response created = scim("POST", "/Users", tenant.token(), userWith(unique("ignored"),
                "\"favouriteColour\":\"teal\",\"f\u00e4rg\":\"bl\u00e5\""));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue(HEADER)).hasValue("name.middle, favouriteColour, f%C3%A4rg");
        assertThat(created.body().has("favouriteColour")).isFalse();
        assertThat(created.body().at("/name/givenName").asText()).isEqualTo("Jo");
        String id = created.text("/id");

        Response plain = scim("PATCH", "/Users/" + id, tenant.token(),
                patch("[{\"op\":\"replace\",\"value\":{\"displayName\":\"Known only\"}}]"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.raw().headers().firstValue(HEADER)).as("nothing left out").isEmpty();

        String groupId = scim("POST", "/Groups", tenant.token(), "{\"displayName\":\"" + unique("g") + "\"}")
                .text("/id");
        Response groupPatch = scim("PATCH", "/Groups/" + groupId, tenant.token(),
                patch("[{\"op\":\"add\",\"value\":{\"owner\":\"x\"}}]"));
        assertThat(groupPatch.status()).isEqualTo(204);
        assertThat(groupPatch.raw().headers().firstValue(HEADER)).hasValue("owner");

        Response bulk = scim("POST", "/Bulk", tenant.token(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                  {"method":"PATCH","path":"/Users/%s","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations":[{"op":"add","value":{"title":"T","hatSize":"7"}}]}},
                  {"method":"PATCH","path":"/Users/no-such-user","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations":[{"op":"add","value":{"gloveSize":"8"}}]}}]}""".formatted(id));
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.body().at("/Operations/1/status").asText()).isEqualTo("404");
        assertThat(bulk.raw().headers().firstValue(HEADER)).as("a failed operation left nothing out").hasValue("hatSize");

        log.flush();
        JsonNode requests = call("GET", "/admin/tenants/" + tenant.tenantId() + "/provisioning-log", ADMIN_TOKEN, null)
                .body().get("requests");
        assertThat(requests.findValuesAsText("ignoredAttributes")).containsExactly("hatSize", "owner",
                "name.middle, favouriteColour, f%C3%A4rg");
    }

    @Test
    void everyAnswerThatCarriesAResourceHasItsLocation() {
        TenantAccess tenant = newTenant();
        Response created = scim("POST", "/Users", tenant.token(), entraUser(unique("located"), "l"));
        String location = created.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/Users/" + created.text("/id")).isEqualTo(created.text("/meta/location"));
        String id = created.text("/id");
        assertThat(scim("GET", "/Users/" + id, tenant.token(), null).raw().headers().firstValue("Location"))
                .hasValue(location);
        assertThat(scim("PATCH", "/Users/" + id, tenant.token(),
                patch("[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"T\"}]")).raw().headers()
                .firstValue("Location")).hasValue(location);
        assertThat(scim("PUT", "/Users/" + id, tenant.token(), entraUser(created.text("/userName"), "l")).raw()
                .headers().firstValue("Location")).hasValue(location);
        String groupId = scim("POST", "/Groups", tenant.token(), "{\"displayName\":\"" + unique("lg") + "\"}")
                .text("/id");
        assertThat(scim("GET", "/Groups/" + groupId, tenant.token(), null).raw().headers().firstValue("Location")
                .orElseThrow()).endsWith("/Groups/" + groupId);
    }
}
