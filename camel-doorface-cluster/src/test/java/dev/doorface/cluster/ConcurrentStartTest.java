package dev.doorface.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Nodes starting together on an empty database: each creates the directory's tables, and none is refused for it
 * (PostgreSQL may refuse two concurrent CREATE ... IF NOT EXISTS of one name, unless they take turns).
 */
class ConcurrentStartTest {

    @Test
    void nodesCreatingTheTablesTogetherAllSucceed() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (ClusterServices services = ClusterServices.start("Concurrent start test")) {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Void>> nodes = new ArrayList<>();
                for (int node = 0; node < 4; node++) {
                    TerminalDirectory directory = new TerminalDirectory(services.dataSource(), services.clusterName);
                    nodes.add(CompletableFuture.runAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        directory.createTables();
                    }));
                }
                go.countDown();
                assertThatCode(() -> CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS)).doesNotThrowAnyException();
            }
        }
    }
}
