package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few threads that send the simulator's writes to the API server, so that its scheduling thread never waits on
 * HTTP. Writes with the same key (one Deployment and everything it owns) go down the same lane, in order.
 */
final class WriteLanes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteLanes.class);

    private final ExecutorService[] lanes;

    WriteLanes(int count) {
        lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "sandbox-writes-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    void submit(String key, Runnable write) {
        ExecutorService lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        try {
            lane.execute(() -> run(lane, key, write));
        } catch (RejectedExecutionException e) {
            log.debug("Sandbox cluster: a write for {} came after the simulator stopped", key);
        }
    }

    private static void run(ExecutorService lane, String key, Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (!lane.isShutdown()) {
                log.warn("Sandbox cluster: a write for {} failed: {}", key, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
