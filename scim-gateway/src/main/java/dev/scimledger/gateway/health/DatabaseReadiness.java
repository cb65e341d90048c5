package dev.scimledger.gateway.health;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness's view of PostgreSQL ({@code database}): a {@code SELECT 1} that must answer within
 * {@value #TIMEOUT_MS} ms. A server that stopped answering leaves a query hanging rather than failing, so the check
 * runs beside the probe and the probe waits for it only that long; while a check still hangs, the next probe is
 * down at once instead of piling another one on the pool.
 */
@Component("database")
class DatabaseReadiness implements HealthIndicator, DisposableBean {

    static final int TIMEOUT_MS = 2_000;

    private final JdbcTemplate jdbc;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "readiness-database");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Integer> running;

    DatabaseReadiness(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized Health health() {
        if (running != null && !running.isDone()) {
            return Health.down().withDetail("reason", "the previous check still waits for PostgreSQL").build();
        }
        running = checks.submit(() -> jdbc.queryForObject("SELECT 1", Integer.class));
        try {
            running.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (TimeoutException slow) {
            return Health.down().withDetail("reason", "PostgreSQL did not answer within " + TIMEOUT_MS + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        } catch (Exception failed) {
            return Health.down().withDetail("reason", "PostgreSQL refused the check: "
                    + (failed.getCause() == null ? failed : failed.getCause()).getClass().getSimpleName()).build();
        }
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
