package dev.scimledger.gateway.publishing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A query's answer kept for {@code refresh}, so that a gauge read on every scrape asks at most that often; null when
 * it cannot be asked now (logged), which a gauge shows as NaN.
 */
final class CachedQuery<T> {

    private static final Logger log = LoggerFactory.getLogger(CachedQuery.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String what;
    private final Duration refresh;
    private final Supplier<CompletableFuture<T>> query;
    private T answer;
    private long answeredAtNanos;

    CachedQuery(String what, Duration refresh, Supplier<CompletableFuture<T>> query) {
        this.what = what;
        this.refresh = refresh;
        this.query = query;
    }

    synchronized T get() {
        if (answer != null && System.nanoTime() - answeredAtNanos < refresh.toNanos()) {
            return answer;
        }
        try {
            answer = query.get().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            answeredAtNanos = System.nanoTime();
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.warn("cannot measure {}: {}", what, e.toString());
            return null;
        }
    }
}
