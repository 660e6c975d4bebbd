package org.sealpost.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database cannot be reached (checklist R05): the request gets 503 {@code
 * service-unavailable} with {@code Retry-After} and a message a user can act on — never a hang
 * past the pool's {@code connection-timeout}, never a stack trace. The transaction that failed
 * rolled back, so nothing is half-written; once the database answers again, the pool opens new
 * connections and requests succeed without a restart. Exceptions that escape the controllers
 * (filters: sessions, API tokens; page controllers) are answered here; the API's advice
 * ({@link ProblemDetails}) asks {@link #isCause} for the ones it catches.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class DatabaseOutage extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    static final String DETAIL =
            "The database cannot be reached at the moment, so nothing was changed. Try again in a minute;"
                    + " if this persists, tell the system administrator.";

    /** Whether {@code e} (or a cause) says that no connection to the database could be had or kept. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof CannotCreateTransactionException && t.getCause() instanceof SQLException) {
                return true;
            }
            // SQLSTATE class 08: connection exception (PostgreSQL, H2 server mode); 57P01..03: server shutting down
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!isCause(e) || response.isCommitted()) {
                throw e;
            }
            log.error("database unavailable, answered 503: {}", e.toString());
            response.reset();
            response.setStatus(503);
            response.setHeader("Retry-After", "30");
            boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/api/");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            if (api) {
                response.setContentType("application/problem+json");
                response.getWriter()
                        .write(
                                "{\"type\":\"urn:sealpost:problem:service-unavailable\",\"title\":\"Service Unavailable\","
                                        + "\"status\":503,\"code\":\"service-unavailable\",\"detail\":\"" + DETAIL
                                        + "\"}");
            } else {
                response.setContentType("text/plain");
                response.getWriter().write("数据库暂时无法连接，未做任何更改，请稍后重试。\n" + DETAIL + "\n");
            }
        }
    }
}
