package dev.slipway.bench;

import java.io.Closeable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Notes each query Slipway sends, with its parameters, while recording is on, so that it can be
 * explained afterwards exactly as the application sent it rather than from a copy of its SQL. It
 * wraps the DataSource bean, so it is only installed for {@code --explain}, never for timed runs.
 */
final class StatementRecorder implements BeanPostProcessor {

    /** A parameter setter as the application called it, e.g. {@code setString(1, "%ledger%")}. */
    record Parameter(Method setter, Object[] arguments) {

        @Override
        public String toString() {
            return "$" + arguments[0] + " = " + (isNull() ? "null" : arguments[1]);
        }

        /** The value written as SQL, for an {@code EXECUTE} of the same query. */
        String literal() {
            if (isNull()) {
                return "null";
            }
            Object value = arguments[1];
            return value instanceof Number || value instanceof Boolean ? value.toString()
                    : "'" + value.toString().replace("'", "''") + "'";
        }

        private boolean isNull() {
            return setter.getName().equals("setNull") || arguments[1] == null;
        }
    }

    record Query(String sql, List<Parameter> parameters) {
    }

    private final List<Query> queries = new ArrayList<>();
    private volatile boolean recording;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource ? recordingDataSource(dataSource) : bean;
    }

    void start() {
        synchronized (queries) {
            queries.clear();
        }
        recording = true;
    }

    List<Query> stop() {
        recording = false;
        synchronized (queries) {
            return List.copyOf(queries);
        }
    }

    private Object recordingDataSource(DataSource target) {
        // Closeable too, so that Spring still closes the connection pool when the context closes.
        Class<?>[] interfaces = target instanceof Closeable
                ? new Class<?>[] {DataSource.class, Closeable.class}
                : new Class<?>[] {DataSource.class};
        return proxy(interfaces, (method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection connection ? recordingConnection(connection) : result;
        });
    }

    private Connection recordingConnection(Connection target) {
        return (Connection) proxy(new Class<?>[] {Connection.class}, (method, args) -> {
            Object result = invoke(target, method, args);
            if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement statement) {
                return recordingStatement(statement, (String) args[0]);
            }
            return result;
        });
    }

    private PreparedStatement recordingStatement(PreparedStatement target, String sql) {
        List<Parameter> parameters = new ArrayList<>();
        return (PreparedStatement) proxy(new Class<?>[] {PreparedStatement.class}, (method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                parameters.add(new Parameter(method, args.clone()));
            } else if (name.equals("clearParameters")) {
                parameters.clear();
            } else if ((name.equals("executeQuery") || name.equals("execute")) && (args == null || args.length == 0)) {
                note(sql, parameters);
            }
            return invoke(target, method, args);
        });
    }

    private void note(String sql, List<Parameter> parameters) {
        if (recording && sql.strip().toLowerCase(Locale.ROOT).startsWith("select")) {
            synchronized (queries) {
                queries.add(new Query(sql, List.copyOf(parameters)));
            }
        }
    }

    private interface Handler {
        Object handle(Method method, Object[] args) throws Throwable;
    }

    private static Object proxy(Class<?>[] interfaces, Handler handler) {
        return Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), interfaces,
                (proxy, method, args) -> handler.handle(method, args));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
