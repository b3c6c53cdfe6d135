package dev.doorface.cluster.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Leader election between two CamelContexts in one JVM, each with its own cluster service, on the real PostgreSQL at
 * 127.0.0.1:5432 (user postgres without a password, database test); skipped, saying so, where there is none. Each
 * test uses a cluster name of its own, so runs in parallel never share a lock.
 */
class PostgresLockClusterServiceTest {

    /** Generous: a hand-over takes a few hundred milliseconds, a loaded machine may take seconds. */
    static final Duration BOUND = Duration.ofSeconds(20);
    static final String NS = "ns";

    static String unavailable;

    final String clusterName = "doorface-test-" + UUID.randomUUID();
    final List<ClusterNode> nodes = new ArrayList<>();

    @BeforeAll
    static void probePostgresql() {
        try (Connection c = dataSource().getConnection()) {
            c.isValid(3);
        } catch (SQLException e) {
            unavailable = "PostgreSQL cluster service tests skipped: no PostgreSQL accepting user postgres without a"
                          + " password at 127.0.0.1:5432/test (" + e.getMessage() + ")";
        }
    }

    @BeforeEach
    void needsPostgresql() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(ClusterNode::close);
    }

    @Test
    void exactlyOneNodeRunsTheRoute() throws Exception {
        ClusterNode a = node("a", clusterName, NS);
        ClusterNode b = node("b", clusterName, NS);

        ClusterNode leader = awaitSoleLeader(NS, a, b);
        ClusterNode follower = leader == a ? b : a;
        int start = leader.ticks(NS);
        await().atMost(BOUND).until(() -> leader.ticks(NS) >= start + 20);

        assertThat(follower.ticks(NS)).isZero();
        assertThat(follower.leads(NS)).isFalse();
        assertThat(leader.leads(NS)).isTrue();
    }

    @Test
    void stoppingTheLeadersContextHandsLeadershipOver() throws Exception {
        ClusterNode a = node("a", clusterName, NS);
        ClusterNode b = node("b", clusterName, NS);
        ClusterNode leader = awaitSoleLeader(NS, a, b);
        ClusterNode follower = leader == a ? b : a;

        leader.close();

        await().atMost(BOUND).until(() -> follower.leads(NS) && follower.ticks(NS) > 0);
    }

    @Test
    void stoppingTheLeadersServiceHandsLeadershipOverAndStopsItsRoute() throws Exception {
        ClusterNode a = node("a", clusterName, NS);
        ClusterNode b = node("b", clusterName, NS);
        ClusterNode leader = awaitSoleLeader(NS, a, b);
        ClusterNode follower = leader == a ? b : a;

        leader.service.stop();

        assertThat(leader.leads(NS)).isFalse();
        await().atMost(BOUND).until(() -> follower.leads(NS) && follower.ticks(NS) > 0);
        int stoppedAt = leader.ticks(NS);
        int followerAt = follower.ticks(NS);
        await().atMost(BOUND).until(() -> follower.ticks(NS) >= followerAt + 20);
        assertThat(leader.ticks(NS)).isEqualTo(stoppedAt);
    }

    @Test
    void terminatingTheLeadersSessionInPostgresqlHandsLeadershipOver() throws Exception {
        ClusterNode a = node("a", clusterName, NS);
        ClusterNode b = node("b", clusterName, NS);
        ClusterNode leader = awaitSoleLeader(NS, a, b);
        ClusterNode follower = leader == a ? b : a;

        terminateHolderOf(AdvisoryLockKey.of(clusterName, NS));

        await().atMost(BOUND).until(() -> follower.leads(NS) && follower.ticks(NS) > 0);
        await().atMost(BOUND).until(() -> !leader.leads(NS));
        // the old leader keeps trying, and keeps failing while the new one holds the lock
        int stoppedAt = leader.ticks(NS);
        int followerAt = follower.ticks(NS);
        await().atMost(BOUND).until(() -> follower.ticks(NS) >= followerAt + 20);
        assertThat(leader.leads(NS)).isFalse();
        assertThat(leader.ticks(NS)).isEqualTo(stoppedAt);
    }

    @Test
    void namespacesHaveLeadersOfTheirOwn() throws Exception {
        ClusterNode a = node("a", clusterName, "one");
        await().atMost(BOUND).until(() -> a.leads("one") && a.ticks("one") > 0);

        // b cannot lead "one" while a does, but "two" is nobody else's
        ClusterNode b = node("b", clusterName, "one", "two");
        await().atMost(BOUND).until(() -> b.leads("two") && b.ticks("two") > 0);

        assertThat(a.leads("one")).isTrue();
        assertThat(b.leads("one")).isFalse();
        assertThat(b.ticks("one")).isZero();
    }

    @Test
    void clustersOfDifferentNamesDoNotExcludeEachOther() throws Exception {
        ClusterNode a = node("a", clusterName, NS);
        ClusterNode b = node("b", clusterName + "-other", NS);

        await().atMost(BOUND).until(() -> a.leads(NS) && b.leads(NS) && a.ticks(NS) > 0 && b.ticks(NS) > 0);
    }

    @Test
    void startsWithoutWaitingForTheDatabase() throws Exception {
        CountDownLatch databaseAnswers = new CountDownLatch(1);
        DataSource slow = answeringAfter(databaseAnswers, dataSource());

        // were the first attempt made on the starting thread, this would wait for the latch forever
        ClusterNode a = assertTimeoutPreemptively(BOUND, () -> node("a", slow, clusterName, NS));
        assertThat(a.leads(NS)).isFalse();

        databaseAnswers.countDown();
        await().atMost(BOUND).until(() -> a.leads(NS) && a.ticks(NS) > 0);
    }

    private ClusterNode node(String name, String clusterName, String... namespaces) throws Exception {
        return node(name, dataSource(), clusterName, namespaces);
    }

    private ClusterNode node(String name, DataSource dataSource, String clusterName, String... namespaces)
            throws Exception {
        ClusterNode node = new ClusterNode(name, dataSource, clusterName, namespaces);
        nodes.add(node);
        return node;
    }

    /** The database, whose connections are handed out only once the latch is open. */
    private static DataSource answeringAfter(CountDownLatch latch, DataSource database) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        latch.await();
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Waits until exactly one node leads and runs the route, and returns it. */
    private static ClusterNode awaitSoleLeader(String namespace, ClusterNode... candidates) {
        await().atMost(BOUND).until(() -> Stream.of(candidates).filter(n -> n.leads(namespace)).count() == 1
                && Stream.of(candidates).anyMatch(n -> n.leads(namespace) && n.ticks(namespace) > 0));
        return Stream.of(candidates).filter(n -> n.leads(namespace)).findFirst().orElseThrow();
    }

    /** Ends, from PostgreSQL's side, the one session holding the advisory lock with that key. */
    private static void terminateHolderOf(long key) throws SQLException {
        try (Connection c = dataSource().getConnection();
             PreparedStatement find = c.prepareStatement(
                     "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
                                                         + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                                         + " AND classid::bigint = ? AND objid::bigint = ?")) {
            find.setLong(1, key >>> 32);
            find.setLong(2, key & 0xFFFF_FFFFL);
            List<Integer> holders = new ArrayList<>();
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    holders.add(rs.getInt(1));
                }
            }
            assertThat(holders).as("sessions holding advisory lock %d", key).hasSize(1);
            try (PreparedStatement terminate = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, holders.get(0));
                try (ResultSet rs = terminate.executeQuery()) {
                    assertThat(rs.next() && rs.getBoolean(1)).as("terminated").isTrue();
                }
            }
        }
    }

    static PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] { "127.0.0.1" });
        ds.setPortNumbers(new int[] { 5432 });
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(3);
        ds.setLoginTimeout(3);
        return ds;
    }
}
