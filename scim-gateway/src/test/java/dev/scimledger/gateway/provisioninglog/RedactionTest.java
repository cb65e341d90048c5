package dev.scimledger.gateway.provisioninglog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioning log keeps the shape of a request and of its error, never a value the client sent. */
class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "userName \"jane@example.com\" exists already in this tenant | userName \"…\" exists already in this tenant",
            "no quotes at all                                             | no quotes at all",
            "a \"value with \\\" an escaped quote\" and \"another\"       | a \"…\" and \"…\"",
            "an open \"quote that never closes                            | an open \"…\"",
            "empty \"\" quotes                                            | empty \"…\" quotes"})
    void quotedValuesAreLeftOut(String detail, String kept) {
        assertThat(Redaction.quoted(detail.strip())).isEqualTo(kept.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/Users?filter=userName%20eq%20%22jane%40example.com%22 | /Users?filter=userName eq \"…\"",
            "/Users/2819c223                                        | /Users/2819c223",
            "/Users?count=10&startIndex=1                           | /Users?count=10&startIndex=1",
            "/Users?filter=externalId eq \"x\" and active eq true   | /Users?filter=externalId eq \"…\" and active eq true",
            "/Users?filter=%zz                                      | /Users?…"})
    void aPathKeepsItsShapeNotItsValues(String path, String kept) {
        assertThat(Redaction.path(path.strip())).isEqualTo(kept.strip());
    }
}
