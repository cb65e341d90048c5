package dev.scimledger.gateway.provisioninglog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.DatabaseOutage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the provisioning log on a thread of its own, so that no SCIM request waits for it: the filter's entries
 * queue up (at most {@code scim.provisioning-log.queue-capacity}; past that they are dropped and counted, as
 * {@code scim.provisioning.log.dropped}), and are written in batches of up to {@value #BATCH}, one statement each.
 * While the database is away, the batch in hand is tried again each second and the queue fills; a batch the database
 * refuses for its rows is written row by row, the refused rows left out and counted. Once an hour, and at
 * start, requests older than the retention are deleted, a few thousand per statement.
 */
public class ProvisioningLogWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningLogWriter.class);
    static final int BATCH = 500;
    private static final int MAX_DETAIL = 1000;
    private static final int DELETE_CHUNK = 5000;
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    /** What the filter notes on the request's path; the rest is worked out here. */
    record Entry(Instant at, String tenantId, String tokenId, String method, String shownPath, String path, int status,
                 String location, String ignoredAttributes, byte[] errorBody, double latencyMs, String requestId, String clientRequestId,
                 String clientAddress) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ProvisioningLogProperties properties;
    private final BlockingQueue<Entry> queue;
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean stopping;
    private long nextSweep;
    /** Entries queued, and entries written: {@link #flush} waits for the second to reach the first. */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    /**
     * Requests the filter has seen and not yet offered: a client can have its answer before the filter offers the
     * entry (a refusal flushed by the token check is on the wire at once), so {@link #flush} waits for these too.
     */
    private final AtomicInteger inFlight = new AtomicInteger();

    ProvisioningLogWriter(JdbcTemplate jdbc, ObjectMapper json, ProvisioningLogProperties properties,
                          MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.dropped = Counter.builder("scim.provisioning.log.dropped")
                .description("SCIM requests left out of the provisioning log because its queue was full")
                .register(meters);
        Gauge.builder("scim.provisioning.log.queued", queue, BlockingQueue::size)
                .description("SCIM requests waiting to be written to the provisioning log").register(meters);
        this.thread = new Thread(this::run, "provisioning-log-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    /** Ends what {@link #started} began, with an entry or, when none could be made, without one. */
    void finished(Entry entry) {
        try {
            if (entry != null) {
                offer(entry);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    void offer(Entry entry) {
        if (queue.offer(entry)) {
            queued.incrementAndGet();
        } else {
            dropped.increment();
        }
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (!stopping || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                sweepWhenDue();
                if (batch.isEmpty()) {
                    Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                writeOrSetAside(batch);
                written.addAndGet(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                stopping = true;
            } catch (RuntimeException failure) {
                if (stopping) {
                    log.warn("provisioning log: {} requests not written at shutdown: {}", batch.size() + queue.size(),
                            failure.toString());
                    return;
                }
                log.warn("provisioning log: cannot write {} requests, trying again in 1 s: {}", batch.size(),
                        failure.toString());
                sleep();
            }
        }
    }

    /**
     * Writes the batch; when the database refuses it for a reason of its own rows (not an outage, which is waited
     * out), writes them one by one and leaves out, and counts, the ones it refuses: no request can stop the log.
     */
    private void writeOrSetAside(List<Entry> batch) {
        try {
            write(batch);
        } catch (RuntimeException refused) {
            if (DatabaseOutage.is(refused)) {
                throw refused;
            }
            for (Entry entry : batch) {
                try {
                    write(List.of(entry));
                } catch (RuntimeException rowRefused) {
                    if (DatabaseOutage.is(rowRefused)) {
                        throw rowRefused;
                    }
                    dropped.increment();
                    log.warn("provisioning log: request {} left out, the database refuses its row: {}",
                            entry.requestId(), rowRefused.toString());
                }
            }
        }
    }

    /**
     * One statement for the whole batch: each column as an array, unnested into rows (a JDBC batch would still parse
     * and execute one INSERT per row).
     */
    private void write(List<Entry> batch) {
        int n = batch.size();
        Timestamp[] at = new Timestamp[n];
        String[][] text = new String[13][n];
        Integer[] status = new Integer[n];
        Double[] latency = new Double[n];
        for (int i = 0; i < n; i++) {
            Entry entry = batch.get(i);
            String[] resource = resource(entry.path(), entry.location(), entry.status());
            String scimType = null;
            String detail = null;
            if (entry.errorBody().length > 0) {
                JsonNode error = error(entry.errorBody());
                scimType = error.hasNonNull("scimType") ? error.get("scimType").asText() : null;
                detail = error.hasNonNull("detail") ? cut(error.get("detail").asText()) : null;
            }
            at[i] = Timestamp.from(entry.at());
            String[] row = {entry.tenantId(), entry.tokenId(), entry.method(), Redaction.path(entry.shownPath()),
                    resource[0], resource[1], ProvisioningRequest.outcome(entry.status()), scimType,
                    detail == null ? null : Redaction.quoted(detail), entry.requestId(), entry.clientRequestId(),
                    entry.clientAddress(), entry.ignoredAttributes() == null ? null : cut(entry.ignoredAttributes())};
            for (int column = 0; column < row.length; column++) {
                text[column][i] = storable(row[column]);
            }
            status[i] = entry.status();
            latency[i] = entry.latencyMs();
        }
        jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO provisioning_request (at, tenant_id, token_id, method, path, resource_type, resource_id,
                        outcome, scim_type, detail, request_id, client_request_id, client_address, ignored_attributes,
                        status, latency_ms)
                    SELECT * FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::int[], ?::float8[])""")) {
                insert.setArray(1, connection.createArrayOf("timestamptz", at));
                for (int column = 0; column < text.length; column++) {
                    insert.setArray(2 + column, connection.createArrayOf("text", text[column]));
                }
                insert.setArray(2 + text.length, connection.createArrayOf("int4", status));
                insert.setArray(3 + text.length, connection.createArrayOf("float8", latency));
                return insert.executeUpdate();
            }
        });
    }

    /**
     * The resource type and id a SCIM path names ({@code /Users/<id>}), or the one a create made (its
     * {@code Location}).
     */
    static String[] resource(String path, String location, int status) {
        String[] segments = path.replaceFirst("^/+", "").split("/", 3);
        if (segments.length == 0 || segments[0].isEmpty()) {
            return new String[] {null, null};
        }
        String type = switch (segments[0].toLowerCase(java.util.Locale.ROOT)) {
            case "users" -> "User";
            case "groups" -> "Group";
            case "bulk" -> "Bulk";
            default -> segments[0].length() > 64 ? segments[0].substring(0, 64) : segments[0];
        };
        String id = segments.length > 1 && !segments[1].isEmpty() && !segments[1].startsWith(".") ? segments[1] : null;
        if (id == null && status == 201 && location != null) {
            id = location.substring(location.lastIndexOf('/') + 1);
        }
        return new String[] {type, id == null || id.length() <= 128 ? id : id.substring(0, 128)};
    }

    /** PostgreSQL text cannot hold a NUL (a path may carry %00): it is kept as U+FFFD, the replacement character. */
    private static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private JsonNode error(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (java.io.IOException notJson) {
            // cut at the copy's limit, or not JSON at all: no type, no detail
            return json.createObjectNode();
        }
    }

    private static String cut(String detail) {
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
    }

    private void sweepWhenDue() {
        long now = System.nanoTime();
        if (nextSweep != 0 && now - nextSweep < 0) {
            return;
        }
        nextSweep = now + SWEEP_EVERY.toNanos();
        Timestamp before = Timestamp.from(Instant.now().minus(properties.retention()));
        int deleted;
        long total = 0;
        do {
            deleted = jdbc.update("""
                    DELETE FROM provisioning_request WHERE id IN (
                        SELECT id FROM provisioning_request WHERE at < ? LIMIT ?)""", before, DELETE_CHUNK);
            total += deleted;
        } while (deleted == DELETE_CHUNK && !stopping);
        if (total > 0) {
            log.info("provisioning log: {} requests older than {} deleted", total, properties.retention());
        }
    }

    /**
     * Waits (at most 10 s) until every request answered before the call is written; for tests, which read the log
     * next. A request still in the filter is waited for, so that its entry is among those queued.
     */
    public void flush() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(5);
        }
        long target = queued.get();
        while (written.get() < target && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    private static void sleep() {
        sleep(1000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        thread.join(5_000);
    }
}
