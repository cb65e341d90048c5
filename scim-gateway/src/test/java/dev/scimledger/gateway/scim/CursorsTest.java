package dev.scimledger.gateway.scim;

import dev.scimledger.messages.ListPosition;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.search.SearchRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9865 cursors: opaque, signed, bound to the tenant, endpoint and query, expiring after cursorTimeout. */
class CursorsTest {

    private static final byte[] KEY = "a key shared by every node".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final SearchRequest QUERY = new SearchRequest("displayName sw \"a\"", null, null, "displayName",
            true, 1, 10, "");
    private static final Cursors.Position POSITION = new Cursors.Position("User", new ListPosition("anna", "id-1"));

    private static Cursors cursors(byte[] key, Instant now) {
        return new Cursors(key, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void assertInvalid(Runnable decode, String scimType) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType().wireName()).isEqualTo(scimType);
        });
    }

    @Test
    void aCursorIsUnreservedCharactersOnlyAndAnotherNodeWithTheSameKeyAcceptsIt() {
        String cursor = cursors(KEY, NOW).encode("t1", "Users", QUERY, POSITION);
        assertThat(cursor).matches("[A-Za-z0-9._~-]+");
        assertThat(cursors(KEY.clone(), NOW.plusSeconds(599)).decode("t1", "Users", QUERY, cursor, "User"))
                .isEqualTo(POSITION);
        Cursors.Position nullKey = new Cursors.Position("Group", new ListPosition(null, "id-2"));
        assertThat(cursors(KEY, NOW).decode("t1", "/", QUERY, cursors(KEY, NOW).encode("t1", "/", QUERY, nullKey), "User"))
                .isEqualTo(nullKey);
        Cursors.Position previous = new Cursors.Position("User", ListPosition.before("anna", "id-1"));
        assertThat(cursors(KEY, NOW).decode("t1", "Users", QUERY, cursors(KEY, NOW).encode("t1", "Users", QUERY,
                previous), "User")).as("a previous page's cursor stays one").isEqualTo(previous).isNotEqualTo(POSITION);
        Cursors.Position start = new Cursors.Position("Group", null);
        assertThat(cursors(KEY, NOW).decode("t1", "/", QUERY, cursors(KEY, NOW).encode("t1", "/", QUERY, start), "User"))
                .isEqualTo(start);
    }

    @Test
    void anEmptyCursorIsTheFirstPage() {
        assertThat(cursors(KEY, NOW).decode("t1", "Users", QUERY, "", "User"))
                .isEqualTo(new Cursors.Position("User", null));
    }

    @Test
    void aCursorIsBoundToItsTenantEndpointAndQuery() {
        String cursor = cursors(KEY, NOW).encode("t1", "Users", QUERY, POSITION);
        Cursors same = cursors(KEY, NOW);
        assertInvalid(() -> same.decode("t2", "Users", QUERY, cursor, "User"), "invalidCursor");
        assertInvalid(() -> same.decode("t1", "Groups", QUERY, cursor, "Group"), "invalidCursor");
        SearchRequest otherFilter = new SearchRequest("displayName sw \"b\"", null, null, "displayName", true, 1, 10, "");
        assertInvalid(() -> same.decode("t1", "Users", otherFilter, cursor, "User"), "invalidCursor");
        SearchRequest ascending = new SearchRequest("displayName sw \"a\"", null, null, "displayName", false, 1, 10, "");
        assertInvalid(() -> same.decode("t1", "Users", ascending, cursor, "User"), "invalidCursor");
        SearchRequest otherPage = new SearchRequest("displayName sw \"a\"", java.util.List.of("userName"), null,
                "DISPLAYNAME", true, 1, 50, cursor);
        assertThat(same.decode("t1", "Users", otherPage, cursor, "User")).as("count and attributes may change")
                .isEqualTo(POSITION);
        assertInvalid(() -> cursors("another key".getBytes(StandardCharsets.UTF_8), NOW)
                .decode("t1", "Users", QUERY, cursor, "User"), "invalidCursor");
    }

    @Test
    void tamperedOrMalformedCursorsAreInvalid() {
        Cursors cursors = cursors(KEY, NOW);
        String cursor = cursors.encode("t1", "Users", QUERY, POSITION);
        char flipped = cursor.charAt(3) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 3) + flipped + cursor.substring(4);
        for (String bad : new String[]{tampered, "abc", ".", "a.b", cursor + "x", cursor.replace('.', '~'),
                "%%%", "é.é", cursor.substring(0, cursor.indexOf('.'))}) {
            assertInvalid(() -> cursors.decode("t1", "Users", QUERY, bad, "User"), "invalidCursor");
        }
    }

    @Test
    void aCursorOlderThanTheTimeoutHasExpired() {
        String cursor = cursors(KEY, NOW).encode("t1", "Users", QUERY, POSITION);
        assertInvalid(() -> cursors(KEY, NOW.plusSeconds(601)).decode("t1", "Users", QUERY, cursor, "User"),
                "expiredCursor");
    }
}
