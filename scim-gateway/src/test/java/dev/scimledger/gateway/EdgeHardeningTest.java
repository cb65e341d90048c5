package dev.scimledger.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a pentester tries first at the edge: wrong resource types, caching, error texts, log floods. */
class EdgeHardeningTest extends RunningService {

    /** Such a group was accepted, and its externalId could never be projected (PostgreSQL text holds no NUL). */
    @Test
    void anAdminCreatedGroupWithANulIsRefusedAndNothingIsWritten() {
        TenantAccess tenant = newTenant();
        String name = unique("nul-group");
        Response refused = call("POST", "/admin/tenants/" + tenant.tenantId() + "/groups", ADMIN_TOKEN,
                "{\"displayName\":\"" + name + "\",\"externalId\":\"obj\\u0000x\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/detail")).contains("NUL");
        assertThat(scim("GET", "/Groups?filter=displayName%20eq%20%22" + name + "%22", tenant.token(), null)
                .body().get("totalResults").asInt()).isZero();
        assertThat(call("POST", "/admin/tenants/" + tenant.tenantId() + "/groups", ADMIN_TOKEN,
                "{\"displayName\":\"" + name + "\",\"externalId\":\"obj-x\"}").status()).isEqualTo(201);
    }

    @Test
    void aWriteToAnIdOfAnotherResourceTypeIs404AndChangesNothing() {
        TenantAccess tenant = newTenant();
        String token = tenant.token();
        String userId = scim("POST", "/Users", token, entraUser(unique("typed"), "ext-typed")).text("/id");
        String groupId = scim("POST", "/Groups", token, "{\"displayName\":\"" + unique("g") + "\"}").text("/id");
        String rename = patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]");

        for (Response response : List.of(
                scim("PUT", "/Users/" + groupId, token, entraUser(unique("other"), "e")),
                scim("PATCH", "/Users/" + groupId, token, rename),
                scim("DELETE", "/Users/" + groupId, token, null),
                scim("PUT", "/Groups/" + userId, token, "{\"displayName\":\"x\"}"),
                scim("PATCH", "/Groups/" + userId, token, rename),
                scim("DELETE", "/Groups/" + userId, token, null),
                scim("PATCH", "/Users/" + tenant.tenantId(), token, rename),
                scim("DELETE", "/Groups/" + tenant.tenantId(), token, null))) {
            assertThat(response.status()).as(response.raw().request().method() + " " + response.raw().uri())
                    .isEqualTo(404);
            assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        }
        assertThat(scim("GET", "/Users/" + userId, token, null).text("/meta/version")).isEqualTo("W/\"0\"");
        assertThat(scim("GET", "/Groups/" + groupId, token, null).text("/meta/version")).isEqualTo("W/\"0\"");
    }

    @Test
    void anUnknownIdIsAnsweredWithoutAStackTraceInTheLog() {
        String token = newTenantToken();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        root.addAppender(seen);
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(scim("PATCH", "/Users/unknown-" + i, token,
                        patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]")).status()).isEqualTo(404);
                assertThat(scim("DELETE", "/Groups/unknown-" + i, token, null).status()).isEqualTo(404);
            }
        } finally {
            root.detachAppender(seen);
        }
        assertThat(seen.list).as("a client's 404 is not the operator's problem")
                .noneMatch(event -> event.getThrowableProxy() != null)
                .noneMatch(event -> event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    }

    @Test
    void everyAnswerForbidsCachingAndSniffing() {
        TenantAccess tenant = newTenant();
        List<Response> answers = List.of(
                scim("GET", "/Users", tenant.token(), null),
                scim("GET", "/Users", "scimlt_wrong", null),
                scim("GET", "/Users/unknown", tenant.token(), null),
                call("POST", "/admin/tenants/" + tenant.tenantId() + "/tokens", ADMIN_TOKEN, null),
                call("GET", "/admin/tenants", ADMIN_TOKEN, null));
        assertThat(answers).extracting(Response::status).containsExactly(200, 401, 404, 201, 200);
        for (Response answer : answers) {
            assertThat(answer.header("Cache-Control")).as(answer.raw().uri().toString()).isEqualTo("no-store");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void aMissingParameterIsNamedInTheClientsWordsNotJavas() {
        TenantAccess tenant = newTenant();
        String userId = scim("POST", "/Users", tenant.token(), entraUser(unique("hist"), "ext-hist")).text("/id");
        Response missing = call("GET", "/admin/tenants/" + tenant.tenantId() + "/history/users/" + userId, ADMIN_TOKEN, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("/detail")).isEqualTo("the parameter at is required").doesNotContain("String");
    }
}
