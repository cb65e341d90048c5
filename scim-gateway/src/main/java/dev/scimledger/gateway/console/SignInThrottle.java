package dev.scimledger.gateway.console;

import dev.scimledger.gateway.operator.Operators;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong passwords in a row, per account name and per client address, in memory: after {@code limit} of them for one
 * name, or four times that from one address (people behind one office's address mistype too; one guesser trying many
 * names does not get far), further sign-ins for that name or from that address are refused for {@code throttleTime}
 * without a password check (which costs an Argon2 hash). A correct password ends the run for its name and address.
 */
final class SignInThrottle {

    /** Beyond this many names and addresses counted, the counts start over (a flood from many). */
    private static final int MAX_KEYS = 20_000;

    private final int limit;
    private final long throttleNanos;
    private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();

    SignInThrottle(int limit, Duration throttleTime) {
        this.limit = limit;
        this.throttleNanos = throttleTime.toNanos();
    }

    private final class Run {
        private final int limit;
        private int wrongInARow;
        private long throttledUntil;

        Run(int limit) {
            this.limit = limit;
        }

        synchronized long waitNanos(long now) {
            return Math.max(0, throttledUntil - now);
        }

        synchronized void wrong(long now) {
            if (++wrongInARow >= limit) {
                throttledUntil = now + throttleNanos;
                wrongInARow = 0;
            }
        }
    }

    /** Seconds to wait before this name may sign in from this address; 0 when it may now. */
    long throttledSeconds(String username, String address) {
        long now = System.nanoTime();
        long wait = 0;
        for (String key : keys(username, address)) {
            Run run = runs.get(key);
            if (run != null) {
                wait = Math.max(wait, run.waitNanos(now));
            }
        }
        return wait == 0 ? 0 : Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
    }

    void wrongPassword(String username, String address) {
        if (runs.size() >= MAX_KEYS) {
            runs.clear();
        }
        long now = System.nanoTime();
        for (String key : keys(username, address)) {
            runs.computeIfAbsent(key, k -> new Run(k.startsWith("a:") ? 4 * limit : limit)).wrong(now);
        }
    }

    void signedIn(String username, String address) {
        for (String key : keys(username, address)) {
            runs.remove(key);
        }
    }

    /** Forgets every run (tests, which all sign in from one address). */
    void clear() {
        runs.clear();
    }

    private static String[] keys(String username, String address) {
        return new String[] {"u:" + Operators.normalised(username), "a:" + (address == null ? "" : address)};
    }
}
