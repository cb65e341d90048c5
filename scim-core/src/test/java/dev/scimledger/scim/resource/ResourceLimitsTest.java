package dev.scimledger.scim.resource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceLimitsTest {

    private static ObjectNode user() {
        ObjectNode user = JsonNodeFactory.instance.objectNode().put("userName", "bjensen@example.com");
        user.putArray("emails").addObject().put("value", "bjensen@example.com").put("type", "work");
        return user;
    }

    private static void refused(ObjectNode attributes, String detail) {
        assertThatThrownBy(() -> ResourceLimits.check("User", attributes))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(ScimErrorType.INVALID_VALUE);
                    assertThat(e.getMessage()).contains(detail);
                });
    }

    @Test
    void anOrdinaryUserIsWithinEveryLimit() {
        assertThatCode(() -> ResourceLimits.check("User", user())).doesNotThrowAnyException();
    }

    @Test
    void externalIdIsCountedInUtf8Bytes() {
        assertThatCode(() -> ResourceLimits.check("User", user().put("externalId", "e".repeat(1024))))
                .doesNotThrowAnyException();
        refused(user().put("externalId", "e".repeat(1025)), "externalId is 1025 bytes in UTF-8; it may be at most 1024");
        // 400 CJK characters are 1,200 bytes: past what the (tenant_id, external_id) index may hold at 1,024
        refused(user().put("externalId", "\u4e00".repeat(400)), "externalId is 1200 bytes");
        refused(user().put("externalId", "\uD83D\uDE00".repeat(257)), "externalId is 1028 bytes");
    }

    @Test
    void aValueIsAtMostSixteenKibibytes() {
        assertThatCode(() -> ResourceLimits.check("User", user().put("title", "t".repeat(16 * 1024))))
                .doesNotThrowAnyException();
        refused(user().put("title", "t".repeat(16 * 1024 + 1)), "a value of title is 16385 bytes");
        ObjectNode nested = user();
        nested.putObject("name").put("givenName", "\u00e9".repeat(9000));
        refused(nested, "a value of name.givenName is 18000 bytes");
    }

    @Test
    void aMultiValuedAttributeHasAtMostAThousandValues() {
        ObjectNode user = user();
        ArrayNode emails = user.putArray("emails");
        for (int i = 0; i < 1000; i++) {
            emails.addObject().put("value", "u" + i + "@example.com");
        }
        assertThatCode(() -> ResourceLimits.check("User", user)).doesNotThrowAnyException();
        emails.addObject().put("value", "one-more@example.com");
        refused(user, "emails would have 1001 values; a multi-valued attribute may have at most 1000");
    }

    @Test
    void theWholeResourceIsAtMostSixtyFourKibibytes() {
        ObjectNode user = user();
        ObjectNode extension = user.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        for (String attribute : new String[]{"department", "division", "organization", "costCenter"}) {
            extension.put(attribute, "x".repeat(16 * 1024));
        }
        refused(user, "the user would be");
        refused(user, "bytes of JSON; a resource may be at most 65536");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "\u00e9t\u00e9", "\u4e00\u4e8c", "\uD83D\uDE00 smile", "mixed \u00e9\u4e00\uD83D\uDE00"})
    void utf8LengthIsTheEncodedLength(String text) {
        assertThat(ResourceLimits.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
