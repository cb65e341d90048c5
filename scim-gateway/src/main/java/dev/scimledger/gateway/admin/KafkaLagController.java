package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.messages.publishing.PublishingLag;
import dev.scimledger.messages.publishing.PublishingLagQuery;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far publishing to Kafka is behind the event log: how many events are not published yet, and since when the
 * oldest of them waits ({@code oldestPendingAt} and {@code oldestPendingAgeSeconds} are left out when none does).
 * Read fresh on every call; the metrics read the same figures, cached.
 */
@RestController
class KafkaLagController {

    private final QueryGateway queries;

    KafkaLagController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(BearerAuthenticationFilter.ADMIN_PATH + "/kafka/lag")
    Map<String, Object> lag() {
        PublishingLag lag = queries.query(new PublishingLagQuery(), PublishingLag.class).join();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", lag.topic());
        body.put("pending", lag.pending());
        body.put("exact", lag.exact());
        body.put("oldestPendingAt", lag.oldestPendingAt());
        body.put("oldestPendingAgeSeconds", lag.oldestPendingAt() == null ? null
                : lag.oldestPendingAge(Instant.now()).toMillis() / 1000.0);
        body.put("publishedPosition", lag.publishedPosition());
        body.put("headPosition", lag.headPosition());
        return body;
    }
}
