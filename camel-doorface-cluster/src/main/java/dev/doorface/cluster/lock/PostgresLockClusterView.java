package dev.doorface.cluster.lock;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a {@link PostgresLockClusterService}: this node leads it while one of its database sessions holds
 * the namespace's advisory lock ({@link #getLockKey()}).
 * <p>
 * While not leading, the view tries {@code pg_try_advisory_lock} every {@code acquireLockInterval}, on a fresh
 * connection it closes again when the lock is taken elsewhere. While leading, it keeps that one connection and checks
 * it answers at the same pace; when it does not, the view gives up leadership first (listeners hear of it, a
 * {@code master:} consumer stops) and then aborts the connection, which frees the lock if PostgreSQL still held it.
 * <p>
 * Members: an advisory lock tells its holder that it holds it, not who the others are, so
 * {@link #getMembers()} is this node alone and {@link #getLeader()} is this node while it leads, empty otherwise
 * (another node may well be leading then).
 */
public class PostgresLockClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLockClusterView.class);

    private final PostgresLockClusterService service;
    private final CamelClusterMember localMember = new LocalMember();
    // the scheduled attempts and doStop take turns on the session; events are fired outside it, so a listener
    // calling back into the cluster service cannot deadlock with a stop waiting here
    private final Object sessionGuard = new Object();
    private AdvisoryLockSession session;
    private boolean failing;
    private volatile boolean leader;
    private volatile long lockKey;
    private ScheduledFuture<?> attempts;

    PostgresLockClusterView(PostgresLockClusterService service, String namespace) {
        super(service, namespace);
        this.service = service;
        this.lockKey = AdvisoryLockKey.of(service.getClusterName(), namespace);
    }

    /**
     * The advisory lock key of this namespace (see {@link AdvisoryLockKey}); in {@code pg_locks} it shows as
     * {@code classid} (high 32 bits) and {@code objid} (low 32 bits) with {@code objsubid = 1}.
     */
    public long getLockKey() {
        return lockKey;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader ? Optional.of(localMember) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    /** This node alone: the other nodes trying for the lock are not visible to it. */
    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(localMember);
    }

    @Override
    protected void doStart() throws Exception {
        // the cluster name may have been set after this view was created
        lockKey = AdvisoryLockKey.of(service.getClusterName(), getNamespace());
        // the first attempt runs on the scheduler at once rather than here: a database that is slow to answer
        // must not hold up Camel's startup
        attempts = service.executor().scheduleWithFixedDelay(this::attempt, 0, service.getAcquireLockInterval(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (attempts != null) {
            attempts.cancel(false);
            attempts = null;
        }
        AdvisoryLockSession held;
        synchronized (sessionGuard) {
            held = detachSession();
        }
        if (held != null) {
            LOG.info("Leadership of namespace {} in cluster {} given up: stopping (advisory lock {})", getNamespace(),
                    service.getClusterName(), lockKey);
            // listeners stop leading before the lock is free for another node to take
            fireLeadershipChangedEvent((CamelClusterMember) null);
            held.release();
        }
    }

    private void attempt() {
        try {
            if (leader) {
                checkSession();
            } else {
                tryToLead();
            }
        } catch (RuntimeException e) {
            // an exception would end the scheduled attempts for good
            LOG.warn("Leadership attempt for namespace {} in cluster {} failed: {}", getNamespace(),
                    service.getClusterName(), e.toString());
        }
    }

    private void tryToLead() {
        synchronized (sessionGuard) {
            // doStop may have run since this attempt was scheduled: a lock taken now would never be released
            if (!isRunAllowed() || session != null) {
                return;
            }
            try {
                Optional<AdvisoryLockSession> taken = AdvisoryLockSession.tryAcquire(service.getDataSource(), lockKey,
                        service.checkTimeoutSeconds());
                recovered();
                if (taken.isEmpty()) {
                    LOG.debug("Advisory lock {} of namespace {} is held elsewhere", lockKey, getNamespace());
                    return;
                }
                session = taken.get();
                leader = true;
            } catch (SQLException e) {
                failed(e);
                return;
            }
        }
        LOG.info("Leadership of namespace {} in cluster {} taken (advisory lock {})", getNamespace(),
                service.getClusterName(), lockKey);
        announce();
    }

    private void checkSession() {
        AdvisoryLockSession lost;
        synchronized (sessionGuard) {
            if (session == null || session.isAlive(service.checkTimeoutSeconds())) {
                return;
            }
            lost = detachSession();
        }
        LOG.warn("Leadership of namespace {} in cluster {} given up: the connection holding advisory lock {} does not"
                 + " answer", getNamespace(), service.getClusterName(), lockKey);
        announce();
        lost.abandon();
    }

    private AdvisoryLockSession detachSession() {
        AdvisoryLockSession detached = session;
        session = null;
        leader = false;
        return detached;
    }

    /** Tells listeners the state as it is now, so an announcement overtaken by a newer change says nothing stale. */
    private void announce() {
        fireLeadershipChangedEvent(leader ? localMember : null);
    }

    private void failed(SQLException e) {
        // a database that is down fails every attempt: say so once, then quietly keep trying
        if (!failing) {
            failing = true;
            LOG.warn("Cannot try for leadership of namespace {} in cluster {}: {} (retrying every {} ms)",
                    getNamespace(), service.getClusterName(), e.getMessage(), service.getAcquireLockInterval());
        } else {
            LOG.debug("Still cannot try for leadership of namespace {}: {}", getNamespace(), e.getMessage());
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Trying for leadership of namespace {} in cluster {} works again", getNamespace(),
                    service.getClusterName());
        }
    }

    private final class LocalMember implements CamelClusterMember {

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return service.getId();
        }

        @Override
        public String toString() {
            return "PostgresLockClusterMember[" + getId() + ", leader=" + leader + "]";
        }
    }
}
