package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every request form that Microsoft's SCIM documentation, its reference code's validation suite, or captures of its
 * SCIM Validator show Entra ID sending, replayed against the running service, each followed by a read of what was
 * stored. Sources, as tags on each row: MS-DOC (learn.microsoft.com: use-scim-to-provision-users-and-groups,
 * application-provisioning-config-problem-scim-compatibility, customize-application-attributes), MS-CODE
 * (AzureAD/SCIMReferenceCode: the gallery-validation Logic App, the SDK's tests), 3P (published captures of Microsoft's
 * SCIM Validator), INFERRED (a documented form in a neighbouring shape). {@code <manager>}, {@code <other>} and
 * {@code <member>} stand for ids made by the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntraDocumentedFormsTest extends RunningService {

    private static final String EXT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String ABSENT = "<absent>";

    private TenantAccess tenant;
    private String manager;
    private String other;

    @BeforeAll
    void managers() {
        tenant = newTenant();
        // the forms that change the work email need the tenant to allow it (by default a provisioned one is fixed)
        assertThat(call("PATCH", "/admin/tenants/" + tenant.tenantId(), ADMIN_TOKEN,
                "{\"workEmailImmutable\":false}").status()).isEqualTo(200);
        manager = scim("POST", "/Users", tenant.token(), entraUser(unique("manager"), "m1")).text("/id");
        other = scim("POST", "/Users", tenant.token(), entraUser(unique("manager2"), "m2")).text("/id");
    }

    /** A user as Entra creates one, with a work email, a mobile phone, a work address and a primary role. */
    private String user() {
        String userName = unique("entra");
        Response created = scim("POST", "/Users", tenant.token(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
                 "externalId":"e-%s","userName":"%s","active":true,"displayName":"Entra User",
                 "emails":[{"primary":true,"type":"work","value":"%s"}],
                 "phoneNumbers":[{"type":"mobile","value":"+1 555 0100"}],
                 "addresses":[{"type":"work","streetAddress":"1 Way","locality":"Redmond","primary":true}],
                 "roles":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin","display":"Admin"}],
                 "name":{"givenName":"Entra","familyName":"User"},
                 "%s":{"employeeNumber":"701984","department":"Tours","manager":{"value":"%s"}}}
                """.formatted(EXT, userName, userName, userName, EXT, manager));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.text("/id");
    }

    private String ids(String text) {
        return text.replace("<manager>", manager).replace("<other>", other);
    }

    /** name, source, the PATCH operations, and what the user reads afterwards: JSON pointer to value. */
    Stream<Arguments> userForms() {
        return Stream.of(
                form("A1 manager by bare path, $ref array", "MS-DOC",
                        "[{\"op\":\"Add\",\"path\":\"manager\",\"value\":[{\"$ref\":\"http://x/scim/Users/<other>\",\"value\":\"<other>\"}]}]",
                        "/" + EXT + "/manager/value", "<other>", "/" + EXT + "/department", "Tours"),
                form("A1 variant: bare path, plain id", "INFERRED",
                        "[{\"op\":\"Replace\",\"path\":\"manager\",\"value\":\"<other>\"}]",
                        "/" + EXT + "/manager/value", "<other>"),
                form("A2 URN path, plain id (add)", "MS-CODE",
                        "[{\"op\":\"Add\",\"path\":\"" + EXT + ":manager\",\"value\":\"<other>\"}]",
                        "/" + EXT + "/manager/value", "<other>", "/" + EXT + "/employeeNumber", "701984"),
                form("A3 URN path, plain id (replace)", "MS-CODE",
                        "[{\"op\":\"replace\",\"path\":\"" + EXT + ":manager\",\"value\":\"<other>\"}]",
                        "/" + EXT + "/manager/value", "<other>"),
                form("A4 removal by an empty value", "MS-CODE",
                        "[{\"op\":\"replace\",\"path\":\"" + EXT + ":manager\",\"value\":\"\"}]",
                        "/" + EXT + "/manager", ABSENT, "/" + EXT + "/department", "Tours"),
                form("A4 variant: removal by null", "INFERRED",
                        "[{\"op\":\"replace\",\"path\":\"" + EXT + ":manager\",\"value\":null}]",
                        "/" + EXT + "/manager", ABSENT),
                form("A5 URN path, object value", "3P",
                        "[{\"op\":\"add\",\"path\":\"" + EXT + ":manager\",\"value\":{\"value\":\"<other>\"}}]",
                        "/" + EXT + "/manager/value", "<other>"),
                form("A6 remove by URN path", "3P",
                        "[{\"op\":\"remove\",\"path\":\"" + EXT + ":manager\"}]",
                        "/" + EXT + "/manager", ABSENT, "/" + EXT + "/employeeNumber", "701984"),
                form("A7 remove by value filter, matching", "3P",
                        "[{\"op\":\"remove\",\"path\":\"manager[value eq \\\"<manager>\\\"]\"}]",
                        "/" + EXT + "/manager", ABSENT),
                form("A7 remove by value filter, not matching", "3P",
                        "[{\"op\":\"remove\",\"path\":\"manager[value eq \\\"someone-else\\\"]\"}]",
                        "/" + EXT + "/manager/value", "<manager>"),
                form("A9 no path, URN-qualified manager key", "INFERRED",
                        "[{\"op\":\"replace\",\"value\":{\"" + EXT + ":manager\":\"<other>\"}}]",
                        "/" + EXT + "/manager/value", "<other>"),
                form("A10 no path, manager nested under the extension", "INFERRED",
                        "[{\"op\":\"replace\",\"value\":{\"" + EXT + "\":{\"manager\":{\"value\":\"<other>\"}}}}]",
                        "/" + EXT + "/manager/value", "<other>", "/" + EXT + "/department", "Tours"),
                form("B2 roles add, role as a JSON string", "MS-DOC",
                        "[{\"op\":\"Add\",\"path\":\"roles\",\"value\":[{\"value\":\"{\\\"id\\\":\\\"06b07648\\\",\\\"value\\\":\\\"25\\\",\\\"displayName\\\":\\\"Role1234\\\"}\"}]}]",
                        "/roles/0/value", "Admin", "/roles/1/value", "{\"id\":\"06b07648\",\"value\":\"25\",\"displayName\":\"Role1234\"}"),
                form("B4 roles replace (assertive)", "MS-DOC",
                        "[{\"op\":\"replace\",\"path\":\"roles\",\"value\":[{\"primary\":false,\"type\":\"WindowsAzureActiveDirectoryRole\",\"display\":\"User\",\"value\":\"User\"},{\"primary\":false,\"type\":\"WindowsAzureActiveDirectoryRole\",\"display\":\"Test\",\"value\":\"Test\"}]}]",
                        "/roles/0/value", "User", "/roles/1/value", "Test", "/roles/2", ABSENT),
                form("B5 roles[primary eq \"True\"] sub-attributes", "3P",
                        "[{\"op\":\"replace\",\"path\":\"roles[primary eq \\\"True\\\"].display\",\"value\":\"Owners\"},{\"op\":\"replace\",\"path\":\"roles[primary eq \\\"True\\\"].value\",\"value\":\"Owner\"}]",
                        "/roles/0/value", "Owner", "/roles/0/display", "Owners", "/roles/0/primary", "true", "/roles/1", ABSENT),
                form("B7 roles add with primary \"True\"", "INFERRED",
                        "[{\"op\":\"add\",\"path\":\"roles\",\"value\":[{\"primary\":\"True\",\"display\":\"Reader\",\"type\":\"WindowsAzureActiveDirectoryRole\",\"value\":\"Reader\"}]}]",
                        "/roles/1/value", "Reader", "/roles/1/primary", "true", "/roles/0/primary", "false"),
                form("C1 work email and family name", "MS-DOC",
                        "[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"updated@contoso.com\"},{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"Updated\"}]",
                        "/emails/0/value", "updated@contoso.com", "/emails/0/primary", "true", "/emails/1", ABSENT,
                        "/name/familyName", "Updated"),
                form("C2 several replaces, each with its path", "MS-DOC",
                        "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Pvlo\"},{\"op\":\"Replace\",\"path\":\"name.givenName\",\"value\":\"Gtfd\"},{\"op\":\"Replace\",\"path\":\"externalId\",\"value\":\"Eqpj\"},{\"op\":\"Replace\",\"path\":\"" + EXT + ":employeeNumber\",\"value\":\"Eqpj\"}]",
                        "/displayName", "Pvlo", "/name/givenName", "Gtfd", "/externalId", "Eqpj", "/" + EXT + "/employeeNumber", "Eqpj"),
                form("C3 a filtered path and a no-path object with dotted and URN keys", "MS-DOC",
                        "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"flag@contoso.com\"},{\"op\":\"replace\",\"value\":{\"displayName\":\"Bjfe\",\"name.givenName\":\"Kkom\",\"name.familyName\":\"Unua\",\"" + EXT + ":employeeNumber\":\"Aklq\"}}]",
                        "/emails/0/value", "flag@contoso.com", "/displayName", "Bjfe", "/name/givenName", "Kkom",
                        "/name/familyName", "Unua", "/" + EXT + "/employeeNumber", "Aklq"),
                form("C4 department by URN path; primary and a no-path active", "MS-DOC-HIST",
                        "[{\"op\":\"add\",\"path\":\"" + EXT + ":department\",\"value\":\"Tech Infrastructure\"},{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].primary\",\"value\":true},{\"op\":\"replace\",\"value\":{\"active\":false}}]",
                        "/" + EXT + "/department", "Tech Infrastructure", "/emails/0/primary", "true", "/active", "false"),
                form("C5 phone, street and locality by type (validator)", "3P",
                        "[{\"op\":\"replace\",\"path\":\"phoneNumbers[type eq \\\"work\\\"].value\",\"value\":\"07-272-0828\"},{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"work\\\"].streetAddress\",\"value\":\"2809 Johns Walk\"},{\"op\":\"add\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"].value\",\"value\":\"66-177-3998\"}]",
                        "/phoneNumbers/0/value", "66-177-3998", "/phoneNumbers/0/type", "mobile",
                        "/phoneNumbers/1/type", "work", "/phoneNumbers/1/value", "07-272-0828",
                        "/addresses/0/streetAddress", "2809 Johns Walk", "/addresses/0/locality", "Redmond"),
                form("C6 clearing by empty value, then null", "MS-CODE",
                        "[{\"op\":\"replace\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"].value\",\"value\":null},{\"op\":\"replace\",\"path\":\"" + EXT + ":department\",\"value\":\"\"},{\"op\":\"replace\",\"path\":\"title\",\"value\":null}]",
                        "/phoneNumbers/0/value", ABSENT, "/title", ABSENT, "/" + EXT + "/employeeNumber", "701984"),
                form("C7 other address, other email (sub-attribute case), ims by type", "INFERRED",
                        "[{\"op\":\"Replace\",\"path\":\"addresses[type eq \\\"other\\\"].Formatted\",\"value\":\"Building 4\"},{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"other\\\"].Value\",\"value\":\"alias@contoso.com\"},{\"op\":\"Add\",\"path\":\"ims[type eq \\\"skype\\\"].value\",\"value\":\"live:handle\"}]",
                        "/addresses/1/formatted", "Building 4", "/addresses/1/type", "other",
                        "/emails/1/value", "alias@contoso.com", "/ims/0/value", "live:handle", "/ims/0/type", "skype"),
                form("D1 disable by \"False\"", "MS-DOC",
                        "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]", "/active", "false"),
                form("D1 variant: enable by \"True\" after \"False\"", "INFERRED",
                        "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"},{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]",
                        "/active", "true"),
                form("D2 disable by false", "MS-DOC",
                        "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}]", "/active", "false"));
    }

    private static Arguments form(String name, String source, String operations, String... expectations) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < expectations.length; i += 2) {
            expected.put(expectations[i], expectations[i + 1]);
        }
        return arguments(name + " [" + source + "]", operations, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userForms")
    void eachDocumentedUserFormIsStoredAsItMeans(String name, String operations, Map<String, String> expected) {
        String id = user();
        Response patched = scim("PATCH", "/Users/" + id, tenant.token(), patch(ids(operations)));
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.raw().headers().firstValue("Scim-Ignored-Attributes")).as("nothing left out").isEmpty();
        JsonNode stored = scim("GET", "/Users/" + id, tenant.token(), null).body();
        expected.forEach((pointer, value) -> {
            JsonNode at = stored.at(pointer); // the extension's URN holds no '/' or '~' to escape
            if (value.equals(ABSENT)) {
                assertThat(at.isMissingNode() || at.isNull()).as(pointer + " in " + stored).isTrue();
            } else {
                assertThat(at.isValueNode() ? at.asText() : at.toString()).as(pointer + " in " + stored)
                        .isEqualTo(ids(value));
                if (value.equals("true") || value.equals("false")) {
                    assertThat(at.isBoolean()).as(pointer + " is a JSON boolean").isTrue();
                }
            }
        });
    }

    @Test
    void postingWithStringBooleansAndLegacyNullsCreatesTheUser() {
        // B6 [3P] roles with primary "True"; A8 [MS-DOC] Entra's older create with nulls and "manager": null
        Response created = scim("POST", "/Users", tenant.token(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
                 "externalId":"jyoung","userName":"%s","active":true,"addresses":null,"displayName":"Joy Young",
                 "emails":[{"type":"work","value":"jyoung@Contoso.com","primary":true}],"meta":{"resourceType":"User"},
                 "name":{"familyName":"Young","givenName":"Joy"},"phoneNumbers":null,"preferredLanguage":null,
                 "title":null,"department":null,"manager":null,
                 "roles":[{"primary":"True","display":"TXBB","value":"KCKM","type":"HQDT"}]}
                """.formatted(unique("jyoung")));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.body().at("/roles/0/primary").isBoolean()).isTrue();
        assertThat(created.body().at("/roles/0/primary").booleanValue()).isTrue();
        assertThat(created.body().has("title")).isFalse();
        assertThat(created.raw().headers().firstValue("Scim-Ignored-Attributes")).as("nulls name nothing").isEmpty();
    }

    @Test
    void eachDocumentedGroupFormIsStoredAsItMeans() {
        List<String> members = List.of(user(), user(), user());
        // E1 [MS-DOC] a create with Microsoft's extra schema URI and an externalId
        Response created = scim("POST", "/Groups", tenant.token(), """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"%s","meta":{"resourceType":"Group"}}
                """.formatted(unique("entra-group")));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(created.text("/externalId")).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
        String group = "/Groups/" + id;

        String renamed = unique("renamed");
        groupPatch(group, "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"" + renamed + "\"}]"); // E2 MS-DOC
        groupPatch(group, "[{\"op\":\"replace\",\"value\":{\"externalId\":\"c3b97a69\"}}]");                // E3 3P
        groupPatch(group, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + members.get(0)
                + "\"}]}]");                                                                                     // E5 MS-DOC
        groupPatch(group, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + members.get(0) + "\"},{\"value\":\""
                + members.get(1) + "\"},{\"value\":\"" + members.get(2) + "\"}]}]");                             // E6 INFERRED
        JsonNode read = scim("GET", group, tenant.token(), null).body();
        assertThat(read.get("displayName").asText()).isEqualTo(renamed);
        assertThat(read.get("externalId").asText()).isEqualTo("c3b97a69");
        assertThat(read.get("members").findValuesAsText("value")).containsExactlyInAnyOrderElementsOf(members);

        groupPatch(group, "[{\"op\":\"Replace\",\"path\":\"externalId\",\"value\":\"0db508eb\"}]");          // E4 INFERRED
        groupPatch(group, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\""
                + members.get(0) + "\"}]}]");                                                                    // E7 MS-DOC
        groupPatch(group, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + members.get(1) + "\\\"]\"}]"); // E8 MS-DOC
        read = scim("GET", group, tenant.token(), null).body();
        assertThat(read.get("externalId").asText()).isEqualTo("0db508eb");
        assertThat(read.get("displayName").asText()).isEqualTo(renamed);
        assertThat(read.get("members").findValuesAsText("value")).as("only the listed members left")
                .containsExactly(members.get(2));

        groupPatch(group, "[{\"op\":\"remove\",\"path\":\"members\"}]");                                      // E9 MS-CODE
        read = scim("GET", group, tenant.token(), null).body();
        assertThat(read.path("members").isMissingNode() || read.get("members").isEmpty()).isTrue();
        assertThat(read.get("displayName").asText()).isEqualTo(renamed);
    }

    private void groupPatch(String group, String operations) {
        Response patched = scim("PATCH", group, tenant.token(), patch(operations));
        assertThat(patched.status()).as(operations + ": " + patched.raw().body()).isEqualTo(204);
        assertThat(patched.raw().headers().firstValue("Scim-Ignored-Attributes")).as(operations).isEmpty();
    }
}
