package dev.scimledger.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.schema.ResourceSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.scimledger.scim.patch.ResourcePatcherTest.USER;
import static dev.scimledger.scim.patch.ResourcePatcherTest.body;
import static dev.scimledger.scim.patch.ResourcePatcherTest.patch;
import static dev.scimledger.scim.patch.ResourcePatcherTest.patchUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding values to and removing listed values from a multi-valued attribute: a value is already there when an
 * existing one has every sub-attribute it gives, compared as the schema says (emails' value is not caseExact), on
 * lists of any length (the values are looked up by their key, not compared each with each).
 */
class MultiValuedValuesTest {

    @Test
    void anAddedValueEqualButForCaseIsAlreadyThere() {
        assertThat(patchUser("""
                [{"op":"add","path":"emails","value":[{"value":"BJensen@Example.COM","type":"work","primary":true}]}]"""))
                .isEqualTo(USER);
    }

    @Test
    void anAddedValueWithTheSameValueButAnotherTypeIsAppended() {
        ObjectNode out = patchUser("""
                [{"op":"add","path":"emails","value":[{"value":"bjensen@example.com","type":"other"}]}]""");
        assertThat(out.get("emails")).hasSize(3);
        assertThat(out.get("emails").get(2).get("type").asText()).isEqualTo("other");
    }

    @Test
    void aValueWithoutItsValueSubAttributeIsComparedWithEveryValue() {
        // {"type":"home"} is covered by the existing home address's sub-attributes: nothing new
        ObjectNode home = USER.deepCopy();
        home.putArray("addresses").addObject().put("type", "home").put("locality", "Springfield");
        assertThat(patch(home, ResourceSchema.USER, body("""
                [{"op":"add","path":"addresses","value":[{"type":"home"}]}]"""))).isEqualTo(home);
    }

    @Test
    void thousandsOfValuesWithDuplicatesInAnotherCaseKeepOneOfEach() {
        ObjectNode user = USER.deepCopy();
        ArrayNode existing = user.putArray("emails");
        for (int i = 0; i < 3000; i++) {
            existing.addObject().put("value", "user" + i + "@example.com").put("type", "work");
        }
        List<String> added = new ArrayList<>();
        for (int i = 2000; i < 6000; i++) {
            added.add("{\"value\":\"USER" + i + "@EXAMPLE.COM\",\"type\":\"work\"}");
        }
        ObjectNode out = patch(user, ResourceSchema.USER, body(
                "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[" + String.join(",", added) + "]}]"));
        JsonNode emails = out.get("emails");
        assertThat(emails).hasSize(6000);
        assertThat(emails.get(2999).get("value").asText()).isEqualTo("user2999@example.com");
        assertThat(emails.get(3000).get("value").asText()).isEqualTo("USER3000@EXAMPLE.COM");
        assertThat(emails.get(5999).get("value").asText()).isEqualTo("USER5999@EXAMPLE.COM");
    }

    @Test
    void removingListedValuesMatchesThemAsTheSchemaComparesAndKeepsTheOrderOfTheRest() {
        ObjectNode user = USER.deepCopy();
        ArrayNode existing = user.putArray("emails");
        for (int i = 0; i < 2000; i++) {
            existing.addObject().put("value", "user" + i + "@example.com").put("type", i % 2 == 0 ? "work" : "home");
        }
        ArrayNode listed = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 2000; i += 3) {
            listed.addObject().put("value", "USER" + i + "@example.com");
        }
        ObjectNode operation = JsonNodeFactory.instance.objectNode().put("op", "remove").put("path", "emails");
        operation.set("value", listed);
        ObjectNode out = patch(user, ResourceSchema.USER, body("[" + operation + "]"));
        JsonNode emails = out.get("emails");
        assertThat(emails).hasSize(2000 - 667);
        for (int i = 0, j = 0; i < 2000; i++) {
            if (i % 3 != 0) {
                assertThat(emails.get(j++).get("value").asText()).isEqualTo("user" + i + "@example.com");
            }
        }
    }

    @Test
    void removingAListedValueThatGivesOnlyATypeRemovesEveryValueOfThatType() {
        ObjectNode out = patchUser("""
                [{"op":"remove","path":"emails","value":[{"type":"home"}]}]""");
        assertThat(out.get("emails")).hasSize(1);
        assertThat(out.get("emails").get(0).get("type").asText()).isEqualTo("work");
    }
}
