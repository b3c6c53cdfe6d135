package dev.doorface.cluster.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection holding a session-level advisory lock ({@code pg_try_advisory_lock}): the lock lives exactly as
 * long as the database session, so PostgreSQL frees it when the connection ends, however it ends.
 * <p>
 * Where the lock's state is unknown (a statement failed or timed out, the unlock failed) the connection is aborted,
 * not closed: a pool would otherwise take the session back with the lock still held by it.
 */
final class AdvisoryLockSession {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLockSession.class);

    private final Connection connection;
    private final long key;

    private AdvisoryLockSession(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * Takes the lock if nobody holds it, without waiting.
     *
     * @return the session holding the lock, or empty when another session holds it
     */
    static Optional<AdvisoryLockSession> tryAcquire(DataSource dataSource, long key, int timeoutSeconds)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        boolean locked = false;
        try {
            // outside a transaction: an open one would sit "idle in transaction" as long as the lock is held
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setQueryTimeout(timeoutSeconds);
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    locked = result.next() && result.getBoolean(1);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // whether the lock was taken is unknown: end the session so PostgreSQL drops it if it was
            abort(connection);
            throw e;
        }
        if (!locked) {
            connection.close();
            return Optional.empty();
        }
        return Optional.of(new AdvisoryLockSession(connection, key));
    }

    /** Whether the session still answers within the timeout; a session that answers still holds its lock. */
    boolean isAlive(int timeoutSeconds) {
        try {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Unlocks and closes; aborts the connection where the unlock does not go through. */
    void release() {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setQueryTimeout(5);
            statement.setLong(1, key);
            statement.execute();
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Unlocking advisory lock {} failed, aborting its connection: {}", key, e.getMessage());
            abort(connection);
        }
    }

    /** Ends a session that no longer answers, without a word to the database. */
    void abandon() {
        abort(connection);
    }

    private static void abort(Connection connection) {
        try {
            // the abort only closes the socket: run it on the calling thread
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Aborting a connection failed: {}", e.getMessage());
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // nothing more can be done: the session ends when the connection's socket does
            }
        }
    }
}
