package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters over every searchable User attribute, translated to SQL and run against the read model: the RFC 7644
 * §3.4.2.2 examples, precedence, {@code not}, case rules, every attribute type, and what is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserFilteringTest extends SearchTestSupport {

    private static final String BJENSEN = "bjensen@example.com";
    private static final String JSMITH = "Jsmith@example.org";
    private static final String AGARCIA = "agarcia@corp.test";

    private String token;
    private JsonNode bjensen;
    private JsonNode jsmith;

    @BeforeAll
    void threeUsers() {
        token = newTenantToken();
        bjensen = create(token, """
                {"userName":"bjensen@example.com","externalId":"ext-Bjensen","displayName":"Babs Jensen",
                 "name":{"givenName":"Barbara","familyName":"Jensen"},"title":"Tour Guide","userType":"Employee",
                 "profileUrl":"https://login.example.com/bjensen","locale":"en-US",
                 "emails":[{"type":"work","value":"bjensen@example.com","primary":true},
                           {"type":"home","value":"babs@jensen.org"}],
                 "ims":[{"type":"xmpp","value":"babs@foo.com"}],
                 "addresses":[{"type":"work","locality":"Hollywood","country":"USA"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                     {"employeeNumber":"701984","department":"Tour Operations","manager":{"value":"mgr-1"}}}""");
        jsmith = create(token, """
                {"userName":"Jsmith@example.org","active":false,"userType":"Intern",
                 "name":{"givenName":"John","familyName":"O'Malley"},
                 "emails":[{"type":"work","value":"jsmith@example.org"}]}""");
        create(token, """
                {"userName":"agarcia@corp.test","externalId":"ext-agarcia","title":"Engineer","userType":"Employee",
                 "name":{"familyName":"Garcia"},
                 "emails":[{"type":"home","value":"ana@example.com"},{"type":"work","value":"ag@corp.test","primary":true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering"}}""");
    }

    private List<String> matching(String filter) {
        return userNames(list(token, "filter", filter, "sortBy", "userName"));
    }

    private static List<String> names(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.stream(list.split(" ")).toList();
    }

    /** RFC 7644 §3.4.2.2, the examples that apply to Users, verbatim. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "userName eq \"bjensen@example.com\"                                     | bjensen@example.com",
            "name.familyName co \"O'Malley\"                                          | Jsmith@example.org",
            "userName sw \"J\"                                                        | Jsmith@example.org",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"             | Jsmith@example.org",
            "title pr                                                                 | agarcia@corp.test bjensen@example.com",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\"                            | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "meta.lastModified ge \"2011-05-13T04:42:34Z\"                            | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "meta.lastModified lt \"2011-05-13T04:42:34Z\"                            | ",
            "meta.lastModified le \"2011-05-13T04:42:34Z\"                            | ",
            "title pr and userType eq \"Employee\"                                    | agarcia@corp.test bjensen@example.com",
            "title pr or userType eq \"Intern\"                                       | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\" | agarcia@corp.test bjensen@example.com",
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\") | agarcia@corp.test bjensen@example.com",
            "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\") | ",
            "userType eq \"Employee\" and (emails.type eq \"work\")                   | agarcia@corp.test bjensen@example.com",
            "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"] | bjensen@example.com",
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"] | bjensen@example.com"})
    void rfc7644ExamplesMatchAsSpecified(String filter, String expected) {
        assertThat(matching(filter)).containsExactlyElementsOf(names(expected));
    }

    @Test
    void andBindsTighterThanOr() {
        // a or (b and c): jsmith by a alone; (a or b) and c would drop him
        assertThat(matching("userType eq \"Intern\" or title pr and userName sw \"b\""))
                .containsExactly(BJENSEN, JSMITH);
        assertThat(matching("(userType eq \"Intern\" or title pr) and userName sw \"b\""))
                .containsExactly(BJENSEN);
        assertThat(matching("userName sw \"b\" and title pr or userType eq \"Intern\""))
                .containsExactly(BJENSEN, JSMITH);
    }

    @Test
    void notMatchesUsersWithoutTheAttributeToo() {
        assertThat(matching("not (title eq \"Engineer\")")).containsExactly(BJENSEN, JSMITH);
        assertThat(matching("not (title pr)")).containsExactly(JSMITH);
        assertThat(matching("not (not (title pr))")).containsExactly(AGARCIA, BJENSEN);
        assertThat(matching("not (emails[type eq \"home\"])")).containsExactly(JSMITH);
        assertThat(matching("emails[not (type eq \"work\")]")).containsExactly(AGARCIA, BJENSEN);
        assertThat(matching("not (urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department sw \"Tour\")"))
                .containsExactly(AGARCIA, JSMITH);
    }

    @Test
    void attributeNamesOperatorsAndKeywordsAreCaseInsensitive() {
        assertThat(matching("USERNAME EQ \"bjensen@example.com\"")).containsExactly(BJENSEN);
        assertThat(matching("Name.FamilyName Co \"malley\" OR NAME.givenname SW \"barb\"")).containsExactly(BJENSEN, JSMITH);
        assertThat(matching("EMAILS[TYPE Eq \"WORK\" AnD Value EW \"CORP.TEST\"]")).containsExactly(AGARCIA);
        assertThat(matching("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT eq \"engineering\""))
                .containsExactly(AGARCIA);
        assertThat(matching("Meta.LastModified GE \"2011-05-13T04:42:34Z\" And NOT (Active Eq False)"))
                .containsExactly(AGARCIA, BJENSEN);
    }

    @Test
    void caseExactAttributesCompareExactlyOthersIgnoreCase() {
        assertThat(matching("userName eq \"JSMITH@EXAMPLE.ORG\"")).containsExactly(JSMITH);
        assertThat(matching("externalId eq \"ext-Bjensen\"")).containsExactly(BJENSEN);
        assertThat(matching("externalId eq \"ext-bjensen\"")).as("externalId is caseExact").isEmpty();
        assertThat(matching("id eq \"" + bjensen.get("id").asText().toUpperCase() + "\"")).as("id is caseExact").isEmpty();
        assertThat(matching("id eq \"" + bjensen.get("id").asText() + "\"")).containsExactly(BJENSEN);
        assertThat(matching("displayName eq \"BABS JENSEN\"")).containsExactly(BJENSEN);
    }

    @Test
    void lastModifiedBoundsAreInclusive() {
        String lastModified = jsmith.at("/meta/lastModified").asText();
        assertThat(matching("meta.lastModified ge \"" + lastModified + "\" and meta.lastModified le \"" + lastModified + "\""))
                .containsExactly(JSMITH);
        assertThat(matching("meta.lastModified gt \"" + lastModified + "\"")).containsExactly(AGARCIA);
        assertThat(matching("meta.lastModified lt \"" + lastModified + "\"")).containsExactly(BJENSEN);
        assertThat(matching("meta.created eq \"" + jsmith.at("/meta/created").asText() + "\"")).containsExactly(JSMITH);
        // the same instant in another offset, and with Microsoft's seven fraction digits
        assertThat(matching("meta.created gt \"2015-10-10T14:38:21.8617979-07:00\"")).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "active eq false                                                        | Jsmith@example.org",
            "active eq \"False\"                                                    | Jsmith@example.org",
            "emails[primary eq \"True\"]                                            | agarcia@corp.test bjensen@example.com",
            "active ne false                                                        | agarcia@corp.test bjensen@example.com",
            "emails[primary eq true]                                                | agarcia@corp.test bjensen@example.com",
            "emails.primary eq true and emails.value ew \"corp.test\"               | agarcia@corp.test",
            "profileUrl sw \"https://login.example.com/\"                           | bjensen@example.com",
            "locale eq \"en-us\"                                                    | bjensen@example.com",
            "addresses[locality eq \"hollywood\"]                                   | bjensen@example.com",
            "addresses.country pr                                                   | bjensen@example.com",
            "addresses pr                                                           | bjensen@example.com",
            "phoneNumbers pr                                                        | ",
            "ims.type eq \"xmpp\"                                                   | bjensen@example.com",
            "name pr                                                                | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "name[givenName pr]                                                     | bjensen@example.com Jsmith@example.org",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"mgr-1\" | bjensen@example.com",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr  | bjensen@example.com",
            "manager eq \"mgr-1\"                                                   | bjensen@example.com",
            "manager.value eq \"mgr-1\" and userName sw \"bjensen\"                 | bjensen@example.com",
            "manager eq \"someone else\"                                            | ",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber gt \"7\" | bjensen@example.com",
            "schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\"              | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "meta.resourceType eq \"User\"                                          | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "meta.version eq \"W/\\\"0\\\"\"                                        | agarcia@corp.test bjensen@example.com Jsmith@example.org",
            "title eq null                                                          | Jsmith@example.org",
            "title ne null                                                          | agarcia@corp.test bjensen@example.com",
            "title gt \"F\"                                                         | bjensen@example.com",
            "userName co \"%\" or userName co \"_\" or displayName ew \"\\\\\"      | ",
            "userName eq \"x' OR '1'='1\" or userName eq \"x\\\" or \\\"1\\\"=\\\"1\" | "})
    void everyAttributeTypeIsSearchable(String filter, String expected) {
        assertThat(matching(filter)).containsExactlyElementsOf(names(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "password eq \"secret\"",
            "password pr",
            "nope eq \"x\"",
            "name.nope eq \"x\"",
            "department eq \"Tour Operations\"",          // extension attributes must be URN-qualified
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq \"x\"",
            "name eq \"Barbara\"",                       // complex: a sub-attribute must be named
            "addresses eq \"Hollywood\"",                // multi-valued complex without a value sub-attribute
            "meta.location pr",                          // depends on the URL the client called
            "groups.$ref pr",                            // depends on the URL the client called
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq \"x\"",
            "active gt 1",
            "active eq \"yes\"",
            "userName eq 42",
            "userName gt true",
            "meta.created co \"2020\"",
            "meta.created eq \"yesterday\"",
            "meta.created gt 5",
            "emails[nope eq \"x\"]",
            "userName[value eq \"x\"]",
            "emails[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"]",
            "schemas eq 5",
            "userName eq",
            "userName sw O"})
    void unsearchableOrMistypedFiltersAreInvalidFilter(String filter) {
        Response response = list(token, "filter", filter);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.text("/scimType")).isEqualTo("invalidFilter");
        assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    void anotherTenantsUsersNeverMatch() {
        String stranger = newTenantToken();
        assertThat(userNames(list(stranger, "filter", "userName eq \"" + BJENSEN + "\" or title pr or not (title pr)")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "filter             | emails[value eq \"\\u0000\"]",
            "filter             | meta.created gt \"99999999-01-01T00:00:00Z\"",
            "filter             | meta.created gt \"-999999999-01-01T00:00:00Z\"",
            "filter             | meta.lastModified lt \"2020-02-30T00:00:00Z\"",
            "filter             | userName eq 1e999999",
            "filter             | userName eq \"\\ud800\"",
            "filter             | (((((((((((((((((((((((((((((((((userName pr)))))))))))))))))))))))))))))))))",
            "filter             | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value pr]",
            "filter             | emails[primary eq null]",
            "sortBy             | urn:x:y:z",
            "sortBy             | $ref",
            "sortBy             | emails.$ref",
            "sortBy             | groups.value",
            "attributes         | ,,,[[[\"",
            "excludedAttributes | ]]],\"",
            "startIndex         | 99999999999999999999999",
            "count              | -99999999999999999999999",
            "sortOrder          | ' OR 1=1 --"})
    void hostileSearchParametersAreNeverAServerError(String parameter, String value) {
        Response response = list(token, parameter, value);
        assertThat(response.status()).as(response.body().toString()).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.text("/schemas/0")).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        }
    }
}
