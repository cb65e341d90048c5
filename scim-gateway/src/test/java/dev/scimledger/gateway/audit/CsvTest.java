package dev.scimledger.gateway.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    private static String field(String value) {
        return Csv.field(new StringBuilder(), value).toString();
    }

    @Test
    void fieldsAreQuotedOnlyWhenTheyHoldACommaAQuoteOrALineBreak() {
        assertThat(field("plain value; with: punctuation")).isEqualTo("plain value; with: punctuation");
        assertThat(field("a,b")).isEqualTo("\"a,b\"");
        assertThat(field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(field("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(field("carriage\rreturn")).isEqualTo("\"carriage\rreturn\"");
        assertThat(field("\"")).isEqualTo("\"\"\"\"");
        assertThat(field("")).isEmpty();
        assertThat(field(null)).isEmpty();
    }

    @Test
    void aFieldASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
        assertThat(field("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(field("+1")).isEqualTo("\"'+1\"");
        assertThat(field("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(field("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(field("\tcmd")).isEqualTo("\"'\tcmd\"");
        assertThat(field("a=b")).as("only a leading sign makes a formula").isEqualTo("a=b");
    }

    @Test
    void aRecordHasEveryColumnAndJoinsTheChangedAttributes() {
        AuditEvent event = new AuditEvent("e1", Instant.parse("2026-01-02T03:04:05.123456Z"),
                Instant.parse("2026-01-02T03:04:06Z"), "t1", "User", "u1", 3, "UserAttributesChangedEvent",
                new AuditEvent.Actor("k1", "Entra, production"), null, "10.0.0.1", "Agent \"x\"\r\n",
                List.of("displayName", "name.givenName"));
        StringBuilder line = new StringBuilder();
        event.appendCsv(line);
        assertThat(line.toString()).isEqualTo("e1,2026-01-02T03:04:05.123456Z,2026-01-02T03:04:06Z,t1,User,u1,3,"
                + "UserAttributesChangedEvent,k1,\"Entra, production\",,10.0.0.1,\"Agent \"\"x\"\"\r\n\","
                + "displayName;name.givenName");
        assertThat(AuditEvent.CSV_COLUMNS).hasSize(14);
        assertThat(event.toJson().toString()).isEqualTo("{\"eventId\":\"e1\",\"occurredAt\":\"2026-01-02T03:04:05.123456Z\","
                + "\"recordedAt\":\"2026-01-02T03:04:06Z\",\"tenantId\":\"t1\",\"resourceType\":\"User\","
                + "\"resourceId\":\"u1\",\"sequenceNumber\":3,\"type\":\"UserAttributesChangedEvent\","
                + "\"actor\":{\"id\":\"k1\",\"name\":\"Entra, production\"},\"requestId\":null,"
                + "\"clientAddress\":\"10.0.0.1\",\"userAgent\":\"Agent \\\"x\\\"\\r\\n\","
                + "\"changedAttributes\":[\"displayName\",\"name.givenName\"]}");
    }
}
