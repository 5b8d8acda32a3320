package dev.herald.http;

import dev.herald.hub.HubMetrics;
import dev.herald.security.AuthorizationException;
import dev.herald.security.KeysUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The hub's error answers: one line of plain text that says what to fix; each is counted by its status. */
final class Refusal {

    private final HubMetrics metrics;

    Refusal(HubMetrics metrics) {
        this.metrics = metrics;
    }

    void send(HttpServletResponse response, int status, String message) throws IOException {
        metrics.refused(status);
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(message + "\n");
    }

    void send(HttpServletResponse response, AuthorizationException e) throws IOException {
        response.setHeader("WWW-Authenticate", e.challenge());
        send(response, e.status(), e.getMessage());
    }

    /** The hub cannot check the token yet, through no fault of the client's: 503, and when to try again. */
    void send(HttpServletResponse response, KeysUnavailableException e) throws IOException {
        response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        send(response, 503, e.getMessage());
    }

    /**
     * Refuses and asks the container to close the connection instead of reading the rest of a body nobody wants,
     * which a hostile client could drip in for as long as it liked.
     */
    void sendAndClose(HttpServletResponse response, int status, String message) throws IOException {
        response.setHeader("Connection", "close");
        send(response, status, message);
    }

    void sendAndClose(HttpServletResponse response, AuthorizationException e) throws IOException {
        response.setHeader("Connection", "close");
        send(response, e);
    }

    void sendAndClose(HttpServletResponse response, KeysUnavailableException e) throws IOException {
        response.setHeader("Connection", "close");
        send(response, e);
    }
}
