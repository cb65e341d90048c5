package dev.scimledger.projection.chain;

import dev.scimledger.messages.chain.SignChainCheckpointsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Signs each tenant's chain head every {@code scim.chain.checkpoint-interval} (when it moved). Several instances may
 * sign the same head; the first row stands.
 */
public class ChainCheckpoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChainCheckpoints.class);

    private final JdbcTemplate jdbc;
    private final ChainSigningKey key;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public ChainCheckpoints(JdbcTemplate jdbc, ChainSigningKey key, Duration interval) {
        this.jdbc = jdbc;
        this.key = key;
        this.interval = interval;
    }

    /** The message a checkpoint's signature covers. */
    public static String signed(String tenantId, long position, String hash, String signedAt) {
        return "scim-ledger-checkpoint-v1|" + tenantId + "|" + position + "|" + hash + "|" + signedAt;
    }

    @CommandHandler
    public Integer handle(SignChainCheckpointsCommand command) {
        return checkpointNow();
    }

    /** Signs every tenant head not signed yet; returns how many checkpoints it wrote. */
    public int checkpointNow() {
        record Head(String tenantId, long position, String hash) {
        }
        List<Head> heads = jdbc.query("""
                SELECT DISTINCT ON (c.tenant_id) c.tenant_id, c.position, c.hash FROM event_chain c
                ORDER BY c.tenant_id, c.position DESC""", (rs, n) -> new Head(rs.getString(1), rs.getLong(2), rs.getString(3)));
        int written = 0;
        for (Head head : heads) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String signedAt = now.toString();
            written += jdbc.update("""
                    INSERT INTO chain_checkpoint (tenant_id, position, hash, signed_at, key_id, signature)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", head.tenantId(), head.position(), head.hash(),
                    Timestamp.from(now), key.keyId(), key.sign(signed(head.tenantId(), head.position(), head.hash(), signedAt)));
        }
        return written;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chain-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                checkpointNow();
            } catch (RuntimeException failure) {
                log.warn("chain checkpoint failed; retried in {}: {}", interval, failure.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
