package dev.scimledger.gateway;

import dev.scimledger.projection.search.JsonbFilterSql;
import dev.scimledger.projection.search.ListQuery;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A search that would run past the search timeout is cancelled by the database driver and answered as RFC 7644's
 * 400 tooMany, never a stuck request thread or a 500. A listed "table" that sleeps stands in for a costly filter.
 */
class SearchTimeoutTest extends RunningService {

    @Autowired
    JdbcTemplate jdbc;

    private static final ListQuery.Source SLOW = new ListQuery.Source(
            "(SELECT 'x'::text AS id FROM pg_sleep(3)) slow", "id", "TRUE", List.of());
    private static final JsonbFilterSql.Order BY_ID = new JsonbFilterSql.Order("id", "text", true, false, "id");

    @Test
    void aSearchOverItsTimeoutIsA400TooMany() {
        JdbcTemplate bounded = ListQuery.bounded(jdbc, Duration.ofSeconds(1));
        assertThatThrownBy(() -> ListQuery.run(bounded, SLOW, new JsonbFilterSql.Where("TRUE", List.of()), BY_ID,
                1, 10, false, null, (rs, n) -> rs.getString(1)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(ScimErrorType.TOO_MANY);
                });
    }

    @Test
    void withinItsTimeoutASearchAnswers() {
        JdbcTemplate bounded = ListQuery.bounded(jdbc, Duration.ofSeconds(1));
        ListQuery.Source quick = new ListQuery.Source("(SELECT 'x'::text AS id FROM pg_sleep(0.2)) quick", "id", "TRUE",
                List.of());
        assertThat(ListQuery.run(bounded, quick, new JsonbFilterSql.Where("TRUE", List.of()), BY_ID,
                1, 10, false, null, (rs, n) -> rs.getString(1)).rows()).containsExactly("x");
    }
}
