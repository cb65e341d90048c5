package dev.scimledger.scim.resource;

import dev.scimledger.scim.patch.PatchRequest;
import dev.scimledger.scim.schema.ResourceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.scimledger.scim.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** What the normaliser would leave out of a request, named; and nothing a schema defines. */
class UnknownAttributesTest {

    private static List<String> user(String json) {
        return UnknownAttributes.inResource(parse(json), ResourceSchema.USER);
    }

    @Test
    void entrasDefaultMappingHasNothingUnknown() {
        assertThat(user("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId":"e1","userName":"Test_User@contoso.com","active":true,"displayName":"Test User",
                 "emails":[{"primary":true,"type":"work","value":"Test_User@contoso.com"}],
                 "meta":{"resourceType":"User"},"id":"ignored","password":"never stored",
                 "name":{"formatted":"Test User","familyName":"User","givenName":"Test"},
                 "title":"Tester","preferredLanguage":"en-US",
                 "addresses":[{"type":"work","streetAddress":"1 Way","locality":"Redmond","postalCode":"98052",
                               "country":"US","primary":true}],
                 "phoneNumbers":[{"type":"mobile","value":"+1 555 0100"}],
                 "roles":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin","display":"Admin"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984",
                    "department":"Tour Operations","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}},
                 "urn:ietf:params:scim:schemas:core:2.0:User:nickName":"Testy",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter":"4130"}
                """)).isEmpty();
    }

    @Test
    void unknownAttributesAreNamedAsWrittenAtEveryLevel() {
        assertThat(user("""
                {"userName":"a","favouriteColour":"teal","name":{"givenName":"A","middle":"B"},
                 "emails":[{"value":"a@example.com","verified":true},{"value":"b@example.com","label":"x"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"D","badge":"7"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:floor":"3",
                 "urn:ietf:params:scim:schemas:extension:acme:2.0:User":{"badge":"9"},
                 "urn:ietf:params:scim:schemas:extension:acme:2.0:User:level":"4"}
                """)).containsExactly("favouriteColour", "name.middle", "emails.verified", "emails.label",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:badge",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:floor",
                "urn:ietf:params:scim:schemas:extension:acme:2.0:User",
                "urn:ietf:params:scim:schemas:extension:acme:2.0:User:level");
    }

    @ParameterizedTest
    @ValueSource(strings = {"USERNAME", "Name.GivenName", "EMAILS", "urn:ietf:params:scim:schemas:core:2.0:User:userName"})
    void namesAreMatchedInAnyCaseAndQualified(String key) {
        assertThat(user("{\"" + key + "\": null}")).isEmpty();
    }

    @Test
    void thePatchOfAValueObjectWithoutPathNamesItsUnknownKeys() {
        assertThat(UnknownAttributes.inPatch(PatchRequest.parse(parse("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                  {"op":"replace","value":{"displayName":"X","emails[type eq \\"work\\"].value":"x@example.com",
                                           "shoeSize":"44","name.givenName":"X"}},
                  {"op":"add","path":"nickName","value":"ignored: it has a path"},
                  {"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                                          {"manager":{"value":"m"},"desk":"4"}}}]}
                """)), ResourceSchema.USER)).containsExactly("shoeSize",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:desk");
    }

    @Test
    void theListIsBounded() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 50; i++) {
            body.append(i == 0 ? "" : ",").append("\"x").append(i).append("\":1");
        }
        body.append(",\"").append("y".repeat(500)).append("\":1}");
        List<String> unknown = user(body.toString());
        assertThat(unknown).hasSize(UnknownAttributes.MAX_NAMES);
        assertThat(unknown).allSatisfy(name -> assertThat(name.length()).isLessThanOrEqualTo(UnknownAttributes.MAX_NAME + 1));
    }
}
