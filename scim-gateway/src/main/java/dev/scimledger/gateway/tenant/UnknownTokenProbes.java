package dev.scimledger.gateway.tenant;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, per client address, the well-formed tokens the registry did not know (each cost a database query), and
 * once an address has sent {@code scim.rate-limit.unknown-tokens-per-minute} (30) of them within
 * {@value #WINDOW_SECONDS} s, answers its further unknown
 * tokens with 429 without asking the database, until the window is over. A token this node accepted recently is
 * still looked up as usual, so a working client behind the same address goes on. Malformed tokens never reach the
 * database and are not counted.
 */
final class UnknownTokenProbes {

    static final int WINDOW_SECONDS = 60;
    /** Beyond this many addresses within one window, the counts start over (a flood from many addresses). */
    private static final int MAX_ADDRESSES = 10_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;

    UnknownTokenProbes(int limit) {
        this.limit = limit;
    }

    private final class Window {
        private long startedAt;
        private int unknown;

        synchronized void count(long now) {
            if (now - startedAt >= WINDOW_SECONDS * 1_000_000_000L) {
                startedAt = now;
                unknown = 0;
            }
            unknown++;
        }

        /** Seconds until the window is over when it is full, else 0. */
        synchronized long waitSeconds(long now) {
            long left = WINDOW_SECONDS * 1_000_000_000L - (now - startedAt);
            return unknown >= limit && left > 0 ? Math.max(1, (left + 999_999_999L) / 1_000_000_000L) : 0;
        }
    }

    /** 0 when the address may have its token looked up; else the seconds to wait. */
    long throttled(String address) {
        Window window = address == null ? null : windows.get(address);
        return window == null ? 0 : window.waitSeconds(System.nanoTime());
    }

    void unknown(String address) {
        if (address == null) {
            return;
        }
        if (windows.size() >= MAX_ADDRESSES) {
            windows.clear();
        }
        windows.computeIfAbsent(address, a -> new Window()).count(System.nanoTime());
    }

    /** Forgets every count (an operator unblocking an address; tests). */
    void clear() {
        windows.clear();
    }
}
