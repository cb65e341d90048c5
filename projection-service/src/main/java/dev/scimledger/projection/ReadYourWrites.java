package dev.scimledger.projection;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Lets a client read its own writes from an eventually consistent read model: reads a row again until it has
 * applied at least {@code minVersion} (a negative one means "do not wait"), or the timeout passes, and answers the
 * last read either way.
 */
public final class ReadYourWrites {

    private static final long POLL_MILLIS = 5;

    private ReadYourWrites() {
    }

    public static <R> Optional<R> await(Duration timeout, long minVersion, Supplier<Optional<R>> read,
                                        ToLongFunction<R> version) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<R> row = read.get();
            boolean caughtUp = row.map(r -> version.applyAsLong(r) >= minVersion).orElse(minVersion < 0);
            if (caughtUp || System.nanoTime() > deadline) {
                return row;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
