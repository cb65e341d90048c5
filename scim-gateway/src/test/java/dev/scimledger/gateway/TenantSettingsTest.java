package dev.scimledger.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which attributes are immutable once provisioned is a tenant setting: the email rule may be relaxed, never userName's. */
class TenantSettingsTest extends RunningService {

    private static final String NEW_EMAIL = "[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"moved@example.com\"}]";

    @Test
    void anAdminMayRelaxTheWorkEmailRuleButNeverTheUserNameRule() {
        TenantAccess tenant = newTenant();
        Response settings = call("GET", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, null);
        assertThat(settings.body().get("workEmailImmutable").asBoolean()).isTrue();
        assertThat(settings.body().get("userNameImmutable").asBoolean()).isTrue();

        String id = scim("POST", "/Users", tenant.token(), entraUser(unique("mover"), "x")).text("/id");
        assertThat(scim("PATCH", "/Users/" + id, tenant.token(), patch(NEW_EMAIL)).text("/scimType")).isEqualTo("mutability");

        Response relaxed = call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"workEmailImmutable\":false}");
        assertThat(relaxed.body().get("workEmailImmutable").asBoolean()).isFalse();
        Response moved = scim("PATCH", "/Users/" + id, tenant.token(), patch(NEW_EMAIL));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.text("/emails/0/value")).isEqualTo("moved@example.com");
        assertThat(scim("PATCH", "/Users/" + id, tenant.token(), patch(
                "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"renamed@example.com\"}]")).text("/scimType"))
                .as("userName stays immutable").isEqualTo("mutability");

        Response refused = call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN, "{\"userNameImmutable\":false}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/detail")).contains("userName");
    }
}
