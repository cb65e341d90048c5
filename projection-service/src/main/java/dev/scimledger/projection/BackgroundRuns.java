package dev.scimledger.projection;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Long operations an admin starts and then follows (a rebuild, a re-publication): each on a daemon thread of its own,
 * so the request that starts one answers at once. At shutdown the runs are told to stop ({@link #stopping()}, which
 * they check between batches) and given 30 seconds to finish their batch.
 */
public final class BackgroundRuns {

    private final ExecutorService runners;
    private volatile boolean stopping;

    public BackgroundRuns(String threadName) {
        this.runners = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Runnable run) {
        runners.execute(run);
    }

    public boolean stopping() {
        return stopping;
    }

    public void stop() throws InterruptedException {
        stopping = true;
        runners.shutdown();
        if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
            runners.shutdownNow();
        }
    }
}
