package dev.scimledger.gateway.scim;

import dev.scimledger.gateway.RunningService;
import dev.scimledger.scim.search.SearchRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a configured key, the cursor key lives in the database: another instance on the same database (here a
 * second {@link Cursors} built as a new node would build it) accepts the cursors this one issued.
 */
class CursorKeyIsSharedTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anotherInstanceOnTheSameDatabaseAcceptsTheCursor() {
        TenantAccess tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            assertThat(scim("POST", "/Users", tenant.token(), "{\"userName\":\"" + unique("shared") + "\"}").status())
                    .isEqualTo(201);
        }
        Response first = scim("GET", "/Users?count=1&cursor=", tenant.token(), null);
        String cursor = first.text("/nextCursor");
        Cursors otherNode = new Cursors(jdbc, "", Duration.ofHours(1));
        SearchRequest sameQuery = SearchRequest.fromQuery(null, null, null, null, null, null, "1", cursor);
        Cursors.Position position = otherNode.decode(tenant.tenantId(), "Users", sameQuery, cursor, "User");
        assertThat(position.resourceType()).isEqualTo("User");
        assertThat(position.after().id()).isEqualTo(first.text("/Resources/0/id"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cursor_key", Integer.class)).isEqualTo(1);
    }
}
