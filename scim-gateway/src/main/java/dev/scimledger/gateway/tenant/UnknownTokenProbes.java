package dev.scimledger.gateway.tenant;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the well-formed tokens the registry did not know (each cost a database query), per client address and per
 * token prefix (the token's first {@value #PREFIX_LENGTH} characters: its fixed prefix and the start of its secret).
 * Once an address, or a prefix, has been seen with {@code scim.rate-limit.unknown-tokens-per-minute} (30) unknown
 * tokens within {@value #WINDOW_SECONDS} s, further unknown tokens from that address or with that prefix are
 * answered 429 without asking the database, until the window is over: the address count stops one client guessing,
 * the prefix count stops the same guess (or a replayed made-up token) sent from many addresses. A token this node
 * accepted recently is still looked up as usual, so a working client behind the same address goes on. Malformed
 * tokens never reach the database and are not counted. All of it is memory: no query is made to count.
 */
final class UnknownTokenProbes {

    static final int WINDOW_SECONDS = 60;
    /** {@code scimlt_} and the first 8 characters of the secret (48 random bits: a real token shares it by chance only). */
    static final int PREFIX_LENGTH = Tenants.SCIM_TOKEN_PREFIX.length() + 8;
    /** Beyond this many addresses and prefixes within one window, the counts start over (a flood from many). */
    private static final int MAX_KEYS = 20_000;

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;

    UnknownTokenProbes(int limit) {
        this.limit = limit;
    }

    /** What a throttled token is told: whose count is full, and for how long. */
    record Throttle(String by, long waitSeconds) {
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

    /** Null when the token may be looked up; else which count is full and the seconds to wait. */
    Throttle throttled(String address, String token) {
        long now = System.nanoTime();
        long byAddress = waitSeconds(addressKey(address), now);
        if (byAddress > 0) {
            return new Throttle("address", byAddress);
        }
        long byPrefix = waitSeconds(prefixKey(token), now);
        return byPrefix > 0 ? new Throttle("token prefix", byPrefix) : null;
    }

    private long waitSeconds(String key, long now) {
        Window window = key == null ? null : windows.get(key);
        return window == null ? 0 : window.waitSeconds(now);
    }

    void unknown(String address, String token) {
        if (windows.size() >= MAX_KEYS) {
            windows.clear();
        }
        long now = System.nanoTime();
        for (String key : new String[] {addressKey(address), prefixKey(token)}) {
            if (key != null) {
                windows.computeIfAbsent(key, k -> new Window()).count(now);
            }
        }
    }

    private static String addressKey(String address) {
        return address == null ? null : "a:" + address;
    }

    private static String prefixKey(String token) {
        return token == null || token.length() < PREFIX_LENGTH ? null : "p:" + token.substring(0, PREFIX_LENGTH);
    }

    /** Forgets every count (an operator unblocking an address; tests). */
    void clear() {
        windows.clear();
    }
}
