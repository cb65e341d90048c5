package dev.scimledger.gateway.scim;

import dev.scimledger.gateway.GatewayProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.scimledger.messages.ListPosition;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.search.SearchRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The cursors of RFC 9865: opaque to clients, made of where the next page starts (the resource type, the sort key
 * and id of the last resource seen: keyset pagination, so pages stay stable while resources are added) and when the
 * cursor was issued, signed with HMAC-SHA256.
 *
 * <p>The signature also covers the tenant, the endpoint and the query (filter, sortBy, sortOrder), none of which the
 * cursor carries: a cursor is accepted only for the same tenant and the same query it was issued for (RFC 9865 §2:
 * a client repeats every parameter but the cursor), and anything else, tampered, truncated or foreign, is the same
 * 400 {@code invalidCursor} (RFC 9865 §5 asks for errors that disclose nothing). A valid cursor older than
 * {@code scim.cursor.timeout} is 400 {@code expiredCursor}. A cursor keeps no state on the server.
 *
 * <p>The key is {@code scim.cursor.key} ({@code SCIM_CURSOR_KEY}) when set, else one generated on first start and
 * kept in the database ({@code cursor_key}), so that every instance on that database accepts the others' cursors.
 * The sort key travels readable (base64url, not encrypted): it is a value of a resource the client has just been
 * shown.
 */
@Component
public class Cursors {

    /**
     * Where a page starts: after {@code after} among the resources of {@code resourceType} (null: the first); or,
     * for a previous page ({@link ListPosition#before}), where it ends.
     */
    record Position(String resourceType, ListPosition after) {
    }

    private static final String FORMAT = "1";
    /** Marks a previous page's cursor: the page ends before the position instead of starting after it. */
    private static final String BEFORE = "b";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    @Autowired
    Cursors(JdbcTemplate jdbc, GatewayProperties properties) {
        this(jdbc, properties.cursor().key(), properties.cursor().timeout());
    }

    Cursors(JdbcTemplate jdbc, String configuredKey, Duration timeout) {
        this(key(jdbc, configuredKey), timeout, Clock.systemUTC());
    }

    Cursors(byte[] key, Duration timeout, Clock clock) {
        this.key = key.clone();
        this.timeout = timeout;
        this.clock = clock;
    }

    /** How long a cursor stays valid after it was issued: {@code cursorTimeout} of the ServiceProviderConfig. */
    Duration timeout() {
        return timeout;
    }

    /**
     * The cursor of the page that starts at {@code position}, for this tenant, endpoint ({@code scope}) and query.
     */
    String encode(String tenantId, String scope, SearchRequest request, Position position) {
        ArrayNode payload = json.createArrayNode();
        payload.add(FORMAT).add(clock.instant().getEpochSecond()).add(position.resourceType());
        if (position.after() != null) {
            payload.add(position.after().sortKey()).add(position.after().id());
            if (position.after().before()) {
                payload.add(BEFORE);
            }
        }
        String body;
        try {
            body = ENCODER.encodeToString(json.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return body + "." + ENCODER.encodeToString(mac(tenantId, scope, request, body));
    }

    /**
     * Where the page a cursor names starts. An empty cursor is the first page: the first of
     * {@code firstResourceType}.
     *
     * @throws ScimException 400 invalidCursor or expiredCursor
     */
    Position decode(String tenantId, String scope, SearchRequest request, String cursor, String firstResourceType) {
        if (cursor == null || cursor.isEmpty()) {
            return new Position(firstResourceType, null);
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 16_384 || !cursor.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")) {
            throw invalid();
        }
        String body = cursor.substring(0, dot);
        byte[] mac;
        JsonNode payload;
        try {
            mac = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(tenantId, scope, request, body))) {
                throw invalid();
            }
            payload = json.readTree(DECODER.decode(body));
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
        if (payload == null || !payload.isArray() || !FORMAT.equals(payload.path(0).asText())
                || !payload.path(1).canConvertToLong() || !payload.path(2).isTextual()
                || !(payload.size() == 3 || payload.size() == 5
                || payload.size() == 6 && BEFORE.equals(payload.path(5).asText()))) {
            throw invalid();
        }
        long issued = payload.get(1).asLong();
        if (clock.instant().getEpochSecond() - issued > timeout.toSeconds()) {
            throw ScimException.invalid(ScimErrorType.EXPIRED_CURSOR, "the cursor has expired: a next page must "
                    + "be asked for within " + timeout.toSeconds() + " seconds (cursorTimeout); start again with an "
                    + "empty cursor");
        }
        if (payload.size() == 3) {
            return new Position(payload.get(2).asText(), null);
        }
        JsonNode sortKey = payload.get(3);
        JsonNode id = payload.get(4);
        if (!(sortKey.isNull() || sortKey.isTextual()) || !id.isTextual()) {
            throw invalid();
        }
        return new Position(payload.get(2).asText(), new ListPosition(sortKey.isNull() ? null : sortKey.asText(),
                id.asText(), payload.size() == 6));
    }

    private byte[] mac(String tenantId, String scope, SearchRequest request, String body) {
        boolean sorted = request.sortBy() != null;
        return mac(key, String.join("\n", List.of("scim-cursor", FORMAT, tenantId, scope,
                request.filter() == null ? "" : request.filter(),
                sorted ? request.sortBy().toLowerCase(Locale.ROOT) : "",
                sorted && request.descending() ? "descending" : "ascending", body)));
    }

    /** The 16-byte HMAC-SHA256 tag with which a cursor (SCIM or audit) is bound to {@code bound}: its query and body. */
    public static byte[] mac(byte[] key, String bound) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(hmac.doFinal(bound.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static ScimException invalid() {
        return ScimException.invalid(ScimErrorType.INVALID_CURSOR, "the cursor is not valid for this query: "
                + "send an empty cursor for the first page, then each page's nextCursor with the same parameters");
    }

    /**
     * The configured key, or the one kept in the database (generated there by whichever instance starts first); it
     * signs SCIM cursors and audit-trail cursors alike.
     */
    public static byte[] key(JdbcTemplate jdbc, String configured) {
        if (configured != null && !configured.isBlank()) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(configured.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        byte[] generated = new byte[32];
        new SecureRandom().nextBytes(generated);
        jdbc.update("INSERT INTO cursor_key (id, secret) VALUES (1, ?) ON CONFLICT DO NOTHING", (Object) generated);
        return jdbc.queryForObject("SELECT secret FROM cursor_key WHERE id = 1", byte[].class);
    }
}
