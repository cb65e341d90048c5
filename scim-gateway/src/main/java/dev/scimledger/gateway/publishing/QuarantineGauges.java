package dev.scimledger.gateway.publishing;

import dev.scimledger.messages.quarantine.QuarantineCount;
import dev.scimledger.messages.quarantine.QuarantineCountsQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * {@code scim.projection.quarantined{processor}}: how many events each tracking projection has set aside (0 when all
 * is well; anything else needs an operator), read at most every few seconds however often it is scraped.
 */
@Component
class QuarantineGauges {

    private final CachedQuery<List<QuarantineCount>> counts;

    QuarantineGauges(QueryGateway queries, MeterRegistry registry) {
        this.counts = new CachedQuery<>("the quarantined events", Duration.ofSeconds(5), () -> queries.query(
                new QuarantineCountsQuery(), ResponseTypes.multipleInstancesOf(QuarantineCount.class)));
        for (String processor : QuarantineCountsQuery.PROJECTIONS) {
            Gauge.builder("scim.projection.quarantined", this, gauges -> gauges.count(processor))
                    .description("Events the projection set aside instead of stopping on them")
                    .tag("processor", processor)
                    .baseUnit("events")
                    .register(registry);
        }
    }

    private double count(String processor) {
        List<QuarantineCount> all = counts.get();
        return all == null ? Double.NaN : all.stream().filter(c -> c.processor().equals(processor))
                .mapToLong(QuarantineCount::events).sum();
    }
}
