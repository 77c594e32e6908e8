package dev.slipway.shared;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a failure that means "the database is away" (no connection within the pool's timeout, connection
 * refused or broken), as opposed to a bug: such a request is answered 503 with {@code Retry-After}, not 500, and a
 * deployment that meets it is left underway rather than failed. Only database failures count: a refused connection
 * to a cluster is not one (pgjdbc reports its own as SQLSTATE 08001).
 */
public final class DatabaseUnavailable {

    /** How long a request waits for a connection before it is told to come back later. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    public static final int RETRY_AFTER_SECONDS = 5;
    public static final String DETAIL = "The database is not answering right now; Slipway is reconnecting. Nothing was "
            + "changed by this request: try again in a few seconds.";

    private DatabaseUnavailable() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLException sql && (connectionLost(sql.getSQLState()) || evicted(sql))) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /**
     * Class 08 (connection exception) and the server going down or starting up: 57P01 admin shutdown, 57P02 crash
     * shutdown, 57P03 cannot connect now.
     */
    private static boolean connectionLost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0"));
    }

    /**
     * The pool's answer when a transaction's rollback meets the connection it has just evicted as broken. The rollback
     * failure then replaces the failure that broke the connection, so this is all that is left to recognise.
     */
    private static boolean evicted(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }
}
