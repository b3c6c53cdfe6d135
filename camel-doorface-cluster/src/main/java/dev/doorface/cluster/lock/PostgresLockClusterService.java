package dev.doorface.cluster.lock;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.util.ObjectHelper;

/**
 * A Camel cluster service whose leader election is a PostgreSQL session-level advisory lock, one per namespace: add
 * it to the CamelContext (or bind it in the registry) and routes elect a leader with camel-master,
 * {@code from("master:ns:timer:t")}.
 * <p>
 * Each namespace's lock key is derived from {@link #setClusterName clusterName} and the namespace (see
 * {@link AdvisoryLockKey}). The leading node holds the lock on one dedicated connection; PostgreSQL releases it when
 * that session ends, so a node whose process dies loses leadership as soon as PostgreSQL sees its connection close.
 * Other nodes try again every {@link #setAcquireLockInterval acquireLockInterval}, and the leader checks its
 * connection at the same pace, giving up leadership when it does not answer.
 * <p>
 * What it guarantees, and what it does not:
 * <ul>
 * <li>PostgreSQL grants the lock to one session at a time. A leader learns that its session ended (terminated by an
 * administrator, a database restart, a network cut) only at its next check, up to {@code acquireLockInterval} plus
 * the check's timeout later; in that window another node may already lead. Routes that must never overlap need
 * their own fencing (a unique constraint, a version column).</li>
 * <li>A node that vanishes without closing its socket (power loss, a network partition) keeps its session, and so
 * the lock, until the server's TCP keepalive ({@code tcp_keepalives_idle/interval/count}) ends it: tune those for
 * a bounded failover.</li>
 * <li>Session-level locks need a real session: not a PgBouncer in transaction or statement pooling mode. A
 * connection pool as the DataSource is fine: the lock is unlocked before its connection goes back, and a
 * connection in doubt is aborted, never returned. The DataSource's connect and login timeouts bound how long one
 * attempt can take, and so how long stopping may wait for an attempt under way.</li>
 * <li>Only this node is known to it as a member (see {@link PostgresLockClusterView}).</li>
 * </ul>
 * Attempts of all namespaces run on one scheduled thread from Camel's ExecutorServiceManager, started with the
 * service and shut down with it; stopping the service gives up every lock it holds.
 */
public class PostgresLockClusterService extends AbstractCamelClusterService<PostgresLockClusterView> {

    /** Default of {@link #setAcquireLockInterval}, in milliseconds. */
    public static final long DEFAULT_ACQUIRE_LOCK_INTERVAL = 2000;
    /** Default of {@link #setClusterName}. */
    public static final String DEFAULT_CLUSTER_NAME = "camel";

    private DataSource dataSource;
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private long acquireLockInterval = DEFAULT_ACQUIRE_LOCK_INTERVAL;
    private ScheduledExecutorService executor;

    /** A service to be given its DataSource with {@link #setDataSource}. */
    public PostgresLockClusterService() {
    }

    public PostgresLockClusterService(DataSource dataSource) {
        this(null, dataSource);
    }

    /**
     * @param id         this node's member id (generated at start when null)
     * @param dataSource the PostgreSQL database holding the locks
     */
    public PostgresLockClusterService(String id, DataSource dataSource) {
        super(id);
        this.dataSource = dataSource;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The PostgreSQL database holding the locks. Required. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getClusterName() {
        return clusterName;
    }

    /**
     * Part of every lock key, so that two clusters sharing a database (or two applications using the same namespace
     * names) do not share leaders. Every node of one cluster must use the same name. Default {@code camel}.
     */
    public void setClusterName(String clusterName) {
        this.clusterName = ObjectHelper.notNullOrEmpty(clusterName, "clusterName");
    }

    public long getAcquireLockInterval() {
        return acquireLockInterval;
    }

    /**
     * Milliseconds between a non-leader's attempts to take the lock, and between the leader's checks that its
     * connection still answers (each check may wait as long again, at least a second). Default 2000.
     */
    public void setAcquireLockInterval(long acquireLockInterval) {
        if (acquireLockInterval <= 0) {
            throw new IllegalArgumentException("acquireLockInterval must be positive, was " + acquireLockInterval);
        }
        this.acquireLockInterval = acquireLockInterval;
    }

    @Override
    protected PostgresLockClusterView createView(String namespace) {
        return new PostgresLockClusterView(this, namespace);
    }

    @Override
    protected void doStart() throws Exception {
        Objects.requireNonNull(dataSource, "PostgresLockClusterService needs a dataSource");
        CamelContext context = ObjectHelper.notNull(getCamelContext(), "CamelContext");
        if (getId() == null) {
            setId("postgres-lock-" + UUID.randomUUID());
        }
        executor = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "PostgresLockClusterService-" + getId());
        // views start after the executor they schedule their attempts on
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop();
        } finally {
            if (executor != null) {
                getCamelContext().getExecutorServiceManager().shutdown(executor);
                executor = null;
            }
        }
    }

    ScheduledExecutorService executor() {
        return ObjectHelper.notNull(executor, "executor (is the service started?)");
    }

    /** Seconds a single statement or connection check may take: the interval, rounded up, at least one. */
    int checkTimeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (acquireLockInterval + 999) / 1000));
    }
}
