package dev.slipway.shared.database;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a failure that means "the database is away" (no connection within the pool's timeout, connection
 * refused or broken), as opposed to a bug: such a request is answered 503 with {@code Retry-After}, not 500.
 */
public final class DatabaseUnavailable {

    /** How long a request waits for a connection before it is told to come back later. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
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
                    || cause instanceof java.net.ConnectException
                    || cause instanceof org.postgresql.util.PSQLException psql && psql.getSQLState() != null
                            && psql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
