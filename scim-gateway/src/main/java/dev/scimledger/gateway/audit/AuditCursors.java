package dev.scimledger.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.scimledger.gateway.scim.Cursors;
import dev.scimledger.messages.audit.AuditRecords;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The audit trail's page cursors: where the next page starts (the last event's occurredAt, sequence number and id:
 * a keyset position, so a page neither repeats nor skips an event while others are added) in base64url, signed with
 * HMAC-SHA256 over it, the tenant and the filter, none of which it carries. A cursor is good only for the query it
 * was issued for; anything else (tampered, truncated, another query's) is 400 invalidCursor. It does not expire: the
 * position it names stays meaningful, and the trail is append-only.
 *
 * <p>The key is the one SCIM cursors use ({@code scim.cursor.key}, else the generated one in {@code cursor_key}), with
 * its own label in what is signed, so a SCIM cursor is never an audit cursor nor the other way round.
 */
final class AuditCursors {

    private static final String FORMAT = "a1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;

    AuditCursors(byte[] key) {
        this.key = key.clone();
    }

    String encode(AuditFilter filter, AuditEvent last) {
        ArrayNode payload = JSON.createArrayNode().add(FORMAT).add(last.occurredAt().getEpochSecond())
                .add(last.occurredAt().getNano()).add(last.sequenceNumber()).add(last.eventId());
        String body;
        try {
            body = ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return body + "." + ENCODER.encodeToString(mac(filter, body));
    }

    /**
     * Where the page a cursor names starts; null (the first page) for a null or empty cursor.
     *
     * @throws ScimException 400 invalidCursor
     */
    AuditRecords.Position decode(AuditFilter filter, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 1024 || !cursor.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")) {
            throw invalid();
        }
        String body = cursor.substring(0, dot);
        JsonNode payload;
        try {
            if (!MessageDigest.isEqual(DECODER.decode(cursor.substring(dot + 1)), mac(filter, body))) {
                throw invalid();
            }
            payload = JSON.readTree(DECODER.decode(body));
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
        if (payload == null || !payload.isArray() || payload.size() != 5 || !FORMAT.equals(payload.get(0).asText())
                || !payload.get(1).canConvertToLong() || !payload.get(2).canConvertToInt()
                || !payload.get(3).canConvertToLong() || !payload.get(4).isTextual()) {
            throw invalid();
        }
        return new AuditRecords.Position(Instant.ofEpochSecond(payload.get(1).asLong(), payload.get(2).asInt()),
                payload.get(3).asLong(), payload.get(4).asText());
    }

    private byte[] mac(AuditFilter filter, String body) {
        return Cursors.mac(key, String.join("\n", "scim-audit-cursor", FORMAT, filter.canonical(), body));
    }

    private static ScimException invalid() {
        return ScimException.invalid(ScimErrorType.INVALID_CURSOR, "the cursor is not valid for this query: leave"
                + " it out for the first page, then send each page's nextCursor with the same filters");
    }
}
