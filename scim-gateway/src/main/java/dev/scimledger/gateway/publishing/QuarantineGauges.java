package dev.scimledger.gateway.publishing;

import dev.scimledger.messages.quarantine.QuarantineCount;
import dev.scimledger.messages.quarantine.QuarantineCountsQuery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code scim.projection.quarantined{processor}}: how many events each tracking projection has set aside (0 when all
 * is well; anything else needs an operator), read at most every few seconds however often it is scraped.
 */
@Component
class QuarantineGauges {

    private static final Logger log = LoggerFactory.getLogger(QuarantineGauges.class);
    private static final List<String> PROCESSORS = List.of("audit-trail", "kafka-publisher");
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final QueryGateway queries;
    private List<QuarantineCount> measured;
    private long measuredAtNanos;

    QuarantineGauges(QueryGateway queries, MeterRegistry registry) {
        this.queries = queries;
        for (String processor : PROCESSORS) {
            Gauge.builder("scim.projection.quarantined", this, gauges -> gauges.count(processor))
                    .description("Events the projection set aside instead of stopping on them")
                    .tag("processor", processor)
                    .baseUnit("events")
                    .register(registry);
        }
    }

    private double count(String processor) {
        List<QuarantineCount> counts = counts();
        return counts == null ? Double.NaN : counts.stream().filter(c -> c.processor().equals(processor))
                .mapToLong(QuarantineCount::events).sum();
    }

    private synchronized List<QuarantineCount> counts() {
        if (measured != null && System.nanoTime() - measuredAtNanos < REFRESH.toNanos()) {
            return measured;
        }
        try {
            measured = queries.query(new QuarantineCountsQuery(),
                    ResponseTypes.multipleInstancesOf(QuarantineCount.class)).get(10, TimeUnit.SECONDS);
            measuredAtNanos = System.nanoTime();
            return measured;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.warn("cannot count the quarantined events: {}", e.toString());
            return null;
        }
    }
}
