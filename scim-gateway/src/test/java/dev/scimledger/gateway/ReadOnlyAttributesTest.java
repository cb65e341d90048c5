package dev.scimledger.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No mass assignment of what the server owns (RFC 7643 §2.2, §3.1, §4.1.2; RFC 7644 §3.5.1, §3.5.2): a client's
 * {@code id}, {@code meta}, a user's {@code groups} and a member's {@code display} are ignored on POST and PUT, and
 * a PATCH aimed at them is 400 mutability that writes nothing.
 */
class ReadOnlyAttributesTest extends RunningService {

    private static final String FORGED_ID = "client-chosen-id";
    private static final String FORGED_TIME = "2001-01-01T00:00:00Z";

    /** Every meta sub-attribute, each with a value the server would never produce. */
    private static String forgedMeta(String resourceType) {
        return """
                {"resourceType":"%s","created":"%2$s","lastModified":"%2$s","version":"W/\\"42\\"",
                 "location":"https://attacker.example/%3$s"}""".formatted(resourceType, FORGED_TIME, FORGED_ID);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Entra user body carrying the read-only attributes a client must not be able to set. */
    private static String userWithReadOnly(String userName, String id, String groupId) {
        ObjectNode body = (ObjectNode) json(entraUser(userName, "ext-" + UUID.randomUUID()));
        body.put("id", id);
        body.set("meta", json(forgedMeta("Group")));
        body.set("groups", json("[{\"value\":\"" + groupId + "\",\"display\":\"Admins\",\"type\":\"direct\"}]"));
        return body.toString();
    }

    private static String groupWithReadOnly(String displayName, String id, String memberId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"%s","displayName":"%s",
                 "meta":%s,"members":[{"value":"%s","display":"Forged Name"}]}"""
                .formatted(id, displayName, forgedMeta("User"), memberId);
    }

    private String emptyGroup(String token, String displayName) {
        Response group = scim("POST", "/Groups", token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + displayName + "\"}");
        assertThat(group.status()).isEqualTo(201);
        return group.text("/id");
    }

    private void assertServerOwnsIdAndMeta(Response response, String resourceType, String id) {
        assertThat(response.text("/id")).isEqualTo(id).isNotEqualTo(FORGED_ID);
        assertThat(response.text("/meta/resourceType")).isEqualTo(resourceType);
        assertThat(response.text("/meta/location")).endsWith(BASE + "/" + resourceType + "s/" + id);
        assertThat(response.text("/meta/created")).isNotEqualTo(FORGED_TIME);
        assertThat(response.text("/meta/lastModified")).isNotEqualTo(FORGED_TIME);
        assertThat(response.text("/meta/version")).isEqualTo(response.header("ETag")).isNotEqualTo("W/\"42\"");
        assertThat(response.body().toString()).doesNotContain(FORGED_ID).doesNotContain(FORGED_TIME)
                .doesNotContain("attacker.example").doesNotContain("Forged Name");
    }

    @Test
    void postIgnoresAClientsIdMetaAndGroups() {
        String token = newTenantToken();
        // a real group: if groups were honoured, the new user would become its member
        String admins = emptyGroup(token, "Admins");

        Response created = scim("POST", "/Users", token, userWithReadOnly(unique("post"), FORGED_ID, admins));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(UUID.fromString(id)).as("the server's own id").isNotNull();
        assertThat(created.header("Location")).endsWith(BASE + "/Users/" + id);
        assertThat(created.header("ETag")).isEqualTo("W/\"0\"");
        assertServerOwnsIdAndMeta(created, "User", id);
        assertThat(created.body().has("groups")).isFalse();

        Response read = scim("GET", "/Users/" + id, token, null);
        assertServerOwnsIdAndMeta(read, "User", id);
        assertThat(read.body()).isEqualTo(created.body());
        assertThat(scim("GET", "/Users/" + FORGED_ID, token, null).status()).isEqualTo(404);
        assertThat(scim("GET", "/Groups/" + admins, token, null).body().has("members")).isFalse();
    }

    @Test
    void putIgnoresReadOnlyAttributesAndKeepsTheId() {
        String token = newTenantToken();
        String userName = unique("put");
        String admins = emptyGroup(token, "Admins");
        Response created = scim("POST", "/Users", token, entraUser(userName, "obj-1"));
        String id = created.text("/id");
        // another user's id: a PUT naming it must neither move nor overwrite that user
        Response other = scim("POST", "/Users", token, entraUser(unique("other"), "obj-2"));

        String body = userWithReadOnly(userName, other.text("/id"), admins).replace("\"Test User\"", "\"Changed\"");
        Response put = scim("PUT", "/Users/" + id, token, body);
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        assertThat(put.text("/displayName")).as("the writable attributes are applied").isEqualTo("Changed");
        assertThat(put.header("ETag")).isEqualTo("W/\"1\"");
        assertServerOwnsIdAndMeta(put, "User", id);
        assertThat(put.text("/meta/created")).isEqualTo(created.text("/meta/created"));
        assertThat(put.body().has("groups")).isFalse();

        assertThat(scim("GET", "/Users/" + id, token, null).body()).isEqualTo(put.body());
        assertThat(scim("GET", "/Users/" + other.text("/id"), token, null).body()).isEqualTo(other.body());
        assertThat(scim("GET", "/Groups/" + admins, token, null).body().has("members")).isFalse();
    }

    @Test
    void patchOnAUsersReadOnlyAttributeIsMutabilityAndWritesNothing() {
        String token = newTenantToken();
        String admins = emptyGroup(token, "Admins");
        String id = scim("POST", "/Users", token, entraUser(unique("patch"), "obj-3")).text("/id");
        // a group membership makes groups present, so remove has something it could take away
        assertThat(scim("PATCH", "/Groups/" + admins, token, patch(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]")).status()).isEqualTo(204);
        Response before = scim("GET", "/Users/" + id, token, null);
        assertThat(before.text("/groups/0/value")).isEqualTo(admins);

        List<String> operations = new ArrayList<>(pathForms(List.of(
                "id", "\"" + FORGED_ID + "\"",
                "meta", forgedMeta("User"),
                "meta.lastModified", "\"" + FORGED_TIME + "\"",
                "meta.version", "\"W/\\\"42\\\"\"",
                "groups", "[{\"value\":\"" + admins + "\"}]",
                "groups[value eq \\\"" + admins + "\\\"]", "{\"display\":\"x\"}",
                "groups.display", "\"x\"")));
        operations.addAll(valueForms(List.of(
                "{\"id\":\"" + FORGED_ID + "\"}",
                "{\"meta\":" + forgedMeta("User") + "}",
                "{\"meta\":{\"lastModified\":\"" + FORGED_TIME + "\"}}",
                "{\"meta.lastModified\":\"" + FORGED_TIME + "\"}",
                "{\"groups\":[{\"value\":\"" + admins + "\"}]}",
                // a writable attribute beside the read-only one: the whole operation fails, not just its key
                "{\"displayName\":\"Changed\",\"id\":\"" + FORGED_ID + "\"}")));
        // a valid operation before the refused one is not written either (RFC 7644 §3.5.2: all or nothing)
        operations.add("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"},"
                + "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"" + FORGED_ID + "\"}");
        assertRefusedAndNothingWritten(token, "/Users/" + id, before, operations);
        assertThat(scim("GET", "/Users/" + FORGED_ID, token, null).status()).isEqualTo(404);
    }

    @Test
    void postAndPutIgnoreAGroupsIdMetaAndMemberDisplay() {
        String token = newTenantToken();
        String member = scim("POST", "/Users", token, entraUser(unique("member"), "obj-4")).text("/id");

        Response created = scim("POST", "/Groups", token, groupWithReadOnly("Engineering", FORGED_ID, member));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(UUID.fromString(id)).as("the server's own id").isNotNull();
        assertServerOwnsIdAndMeta(created, "Group", id);
        assertThat(created.text("/members/0/value")).isEqualTo(member);
        assertThat(created.text("/members/0/display")).as("the member's own name").isEqualTo("Test User");
        assertThat(scim("GET", "/Groups/" + id, token, null).body()).isEqualTo(created.body());
        assertThat(scim("GET", "/Groups/" + FORGED_ID, token, null).status()).isEqualTo(404);

        String otherGroup = scim("POST", "/Groups", token, groupWithReadOnly("Other", FORGED_ID, member)).text("/id");
        Response put = scim("PUT", "/Groups/" + id, token, groupWithReadOnly("Renamed", otherGroup, member));
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
        assertThat(put.text("/displayName")).isEqualTo("Renamed");
        assertServerOwnsIdAndMeta(put, "Group", id);
        assertThat(put.text("/meta/created")).isEqualTo(created.text("/meta/created"));
        assertThat(put.text("/members/0/display")).isEqualTo("Test User");
        assertThat(scim("GET", "/Groups/" + id, token, null).body()).isEqualTo(put.body());
        assertThat(scim("GET", "/Groups/" + otherGroup, token, null).text("/displayName")).isEqualTo("Other");
    }

    @Test
    void patchOnAGroupsReadOnlyAttributeIsMutabilityAndWritesNothing() {
        String token = newTenantToken();
        String member = scim("POST", "/Users", token, entraUser(unique("member"), "obj-5")).text("/id");
        String id = scim("POST", "/Groups", token, groupWithReadOnly("Engineering", FORGED_ID, member)).text("/id");
        Response before = scim("GET", "/Groups/" + id, token, null);

        List<String> operations = new ArrayList<>(pathForms(List.of(
                "id", "\"" + FORGED_ID + "\"",
                "meta", forgedMeta("Group"),
                "meta.lastModified", "\"" + FORGED_TIME + "\"",
                "members[value eq \\\"" + member + "\\\"].display", "\"Forged Name\"")));
        operations.addAll(valueForms(List.of(
                "{\"id\":\"" + FORGED_ID + "\"}",
                "{\"meta\":" + forgedMeta("Group") + "}",
                "{\"meta.lastModified\":\"" + FORGED_TIME + "\"}",
                "{\"displayName\":\"Changed\",\"id\":\"" + FORGED_ID + "\"}")));
        assertRefusedAndNothingWritten(token, "/Groups/" + id, before, operations);

        // Okta's forms: the group's own id restated beside a rename, a member's display beside its id (both ignored)
        Response okta = scim("PATCH", "/Groups/" + id, token, patch("""
                [{"op":"replace","value":{"id":"%s","displayName":"Renamed"}},
                 {"op":"add","path":"members","value":[{"value":"%s","display":"Forged Name"}]}]""".formatted(id, member)));
        assertThat(okta.status()).as(okta.body().toString()).isEqualTo(204);
        Response after = scim("GET", "/Groups/" + id, token, null);
        assertThat(after.text("/displayName")).isEqualTo("Renamed");
        assertThat(after.text("/members/0/display")).isEqualTo("Test User");
        assertThat(after.text("/id")).isEqualTo(id);
    }

    /** add, replace and remove on each {@code path, value} pair. */
    private static List<String> pathForms(List<String> pathValuePairs) {
        List<String> operations = new ArrayList<>();
        for (int i = 0; i + 1 < pathValuePairs.size(); i += 2) {
            String path = pathValuePairs.get(i);
            String value = pathValuePairs.get(i + 1);
            operations.add("{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":" + value + "}");
            operations.add("{\"op\":\"Replace\",\"path\":\"" + path + "\",\"value\":" + value + "}");
            operations.add("{\"op\":\"remove\",\"path\":\"" + path + "\"}");
        }
        return operations;
    }

    /** add and replace without a path (remove always needs one, RFC 7644 §3.5.2.2). */
    private static List<String> valueForms(List<String> values) {
        List<String> operations = new ArrayList<>();
        for (String value : values) {
            operations.add("{\"op\":\"add\",\"value\":" + value + "}");
            operations.add("{\"op\":\"replace\",\"value\":" + value + "}");
        }
        return operations;
    }

    private void assertRefusedAndNothingWritten(String token, String path, Response before, List<String> operations) {
        // softly: one run names every operation that is not refused, not just the first
        SoftAssertions.assertSoftly(softly -> {
            for (String operation : operations) {
                Response refused = scim("PATCH", path, token, patch("[" + operation + "]"));
                softly.assertThat(refused.status() + " " + refused.text("/scimType")).as(operation + " -> " + refused.body())
                        .isEqualTo("400 mutability");
            }
        });
        Response after = scim("GET", path, token, null);
        assertThat(after.header("ETag")).as("no version was written").isEqualTo(before.header("ETag"));
        assertThat(after.body()).isEqualTo(before.body());
    }
}
