package dev.herald.http;

import dev.herald.ContainerThreads;
import dev.herald.config.HeraldConfig;
import dev.herald.hub.DuplicateIdException;
import dev.herald.hub.Hub;
import dev.herald.hub.HubOverloadedException;
import dev.herald.hub.HubUnavailableException;
import dev.herald.hub.SelectorLimits;
import dev.herald.hub.SseFrame;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.security.AuthorizationException;
import dev.herald.security.KeysUnavailableException;
import dev.herald.security.BearerToken;
import dev.herald.security.Claims;
import dev.herald.security.Tokens;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Mercure hub endpoint: {@code GET} subscribes to topics over Server-Sent Events, {@code HEAD} answers a GET's
 * headers, {@code POST} publishes an update. A plain async servlet rather than JAX-RS: every subscriber shares each
 * update's pre-encoded bytes, and reads and writes are non-blocking, so a slow client holds no thread. This class is
 * only HTTP: it reads requests, asks the hub, and answers; the rules of updates and selectors live in the hub.
 */
@WebServlet(urlPatterns = MercureServlet.PATH, asyncSupported = true)
public class MercureServlet extends HttpServlet {

    public static final String PATH = "/.well-known/mercure";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String ALLOW = "GET, HEAD, POST, OPTIONS";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    @Inject
    private Hub hub;

    @Inject
    private Tokens tokens;

    @Inject
    private HeraldConfig config;

    private Writers writers;
    private SelectorLimits limits;
    private PublishOrigins publishOrigins;
    private Refusal refusal;

    @Override
    public void init() {
        writers = new Writers(ContainerThreads.factory(), Runtime.getRuntime().availableProcessors());
        limits = SelectorLimits.of(config);
        publishOrigins = new PublishOrigins(config.publishOrigins());
        refusal = new Refusal(hub.metrics());
    }

    /**
     * The application stops: the servlet is destroyed before anything else (CDI's beans, the server's class loader)
     * goes, so this is where the hub ends its streams cleanly, while the writers can still write them.
     */
    @Override
    public void destroy() {
        try {
            hub.shutdown();
        } finally {
            writers.close();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "GET" -> subscribe(request, response, true);
            case "HEAD" -> subscribe(request, response, false);
            case "POST" -> publish(request, response);
            case "OPTIONS" -> {
                response.setHeader("Allow", ALLOW);
                response.setStatus(204);
            }
            default -> {
                response.setHeader("Allow", ALLOW);
                refusal.send(response, 405, request.getMethod() + " is not supported here: subscribe with GET,"
                        + " publish with POST.");
            }
        }
    }

    /** GET opens the stream; HEAD ({@code stream} false) answers the same headers and ends, subscribing nothing. */
    private void subscribe(HttpServletRequest request, HttpServletResponse response, boolean stream)
            throws IOException {
        UrlEncodedForm query;
        List<TopicSelector> selectors;
        Claims claims;
        try {
            query = query(request);
            List<String> topics = query.all("topic");
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("Missing 'topic': subscribe with ?topic=<topic or URI template>,"
                        + " repeatable; ?topic=* selects every topic.");
            }
            claims = subscriberClaims(request, query);
            selectors = limits.selectors(topics);
        } catch (AuthorizationException e) {
            refusal.send(response, e);
            return;
        } catch (KeysUnavailableException e) {
            refusal.send(response, e);
            return;
        } catch (IllegalArgumentException e) {
            refusal.send(response, 400, e.getMessage());
            return;
        }
        String lastEventId = Optional.ofNullable(request.getHeader(LAST_EVENT_ID)).orElse(query.first("lastEventID"));

        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0");
        response.setHeader("X-Accel-Buffering", "no");
        if (!stream) {
            if (lastEventId != null) {
                response.setHeader(LAST_EVENT_ID, hub.lastEventIdFor(claims.subscribe()));
            }
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        StreamConnection connection = new StreamConnection(async, writers.assign(), config.queueSize(),
                hub.metrics());
        Subscriber subscriber = new Subscriber(selectors, claims.subscribe(), claims.expiresAt(), claims.payload(),
                connection);
        connection.send(SseFrame.opening(config.retry().toMillis()));
        String current = hub.subscribe(subscriber, lastEventId);
        if (lastEventId != null) {
            response.setHeader(LAST_EVENT_ID, current); // nothing is written before start(): headers are still open
        }
        connection.start(() -> hub.unsubscribe(subscriber));
    }

    /**
     * Authorizes from the headers, cookie and query first, so that a client without a valid token is refused before
     * its body is read; then reads the body without holding a thread.
     */
    private void publish(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Claims claims;
        try {
            UrlEncodedForm query = query(request);
            BearerToken token = bearerToken(request, query)
                    .orElseThrow(() -> AuthorizationException.missing(
                            "Publishing needs a token: send 'Authorization: Bearer <JWT>'."));
            claims = tokens.publisher(token.value());
            if (token.fromCookie()) {
                publishOrigins.check(request);
            }
        } catch (AuthorizationException e) {
            refusal.sendAndClose(response, e);
            return;
        } catch (KeysUnavailableException e) {
            refusal.sendAndClose(response, e);
            return;
        } catch (IllegalArgumentException e) {
            refusal.sendAndClose(response, 400, e.getMessage());
            return;
        }
        String contentType = Optional.ofNullable(request.getContentType()).orElse("");
        if (!isForm(contentType)) {
            refusal.sendAndClose(response, 415, "Publish with 'Content-Type: " + FORM + "', not '" + contentType
                    + "'.");
            return;
        }
        int limit = config.publishMaxBytes();
        if (request.getContentLengthLong() < 0) {
            // Without a length, the end of a body is the container's word alone, which Grizzly gives too early.
            refusal.sendAndClose(response, 411, "Send the body with a Content-Length header.");
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refusal.sendAndClose(response, 413, "The body has " + request.getContentLengthLong() + " bytes; this hub"
                    + " accepts at most " + limit + " (" + HeraldConfig.PUBLISH_MAX_BYTES + ").");
            return;
        }
        PublishBody.read(request.startAsync(), limit, config.publishReadTimeout(), refusal,
                (body, answer) -> publish(claims, body, answer));
    }

    private void publish(Claims claims, byte[] body, HttpServletResponse response) throws IOException {
        Update update;
        try {
            UrlEncodedForm form = UrlEncodedForm.parse(new String(body, StandardCharsets.UTF_8));
            update = update(form);
            if (!claims.mayPublishTo(update.topics())) {
                throw AuthorizationException.forbidden("the token's mercure.publish selectors do not match every"
                        + " topic of the update: " + update.topics());
            }
            hub.publish(update);
        } catch (AuthorizationException e) {
            refusal.send(response, e);
            return;
        } catch (DuplicateIdException e) {
            refusal.send(response, 409, e.getMessage());
            return;
        } catch (HubOverloadedException | HubUnavailableException e) {
            response.setHeader("Retry-After", "1");
            refusal.send(response, 503, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            refusal.send(response, 400, e.getMessage());
            return;
        }
        response.setStatus(200);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(update.id());
    }

    /** @throws IllegalArgumentException with a message that names the field to fix */
    private static Update update(UrlEncodedForm form) {
        String retry = form.first("retry");
        if (retry != null && !DIGITS.matcher(retry).matches()) {
            throw new IllegalArgumentException("'retry' must be a whole number of milliseconds, not '" + retry + "'.");
        }
        return Update.of(form.first("id"), form.all("topic"), form.first("data"), form.has("private"),
                form.first("type"), retry == null ? null : Long.valueOf(retry));
    }

    /** {@code application/x-www-form-urlencoded}, with no parameter but a UTF-8 (or US-ASCII) charset. */
    private static boolean isForm(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(FORM)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase().replace("\"", "");
            if (!parameter.isEmpty() && !parameter.equals("charset=utf-8") && !parameter.equals("charset=us-ascii")) {
                return false;
            }
        }
        return true;
    }

    static UrlEncodedForm query(HttpServletRequest request) {
        try {
            return UrlEncodedForm.parse(request.getQueryString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The query string is not valid URL encoding: " + e.getMessage());
        }
    }

    private Claims subscriberClaims(HttpServletRequest request, UrlEncodedForm query) {
        Optional<BearerToken> token = bearerToken(request, query);
        if (token.isPresent()) {
            return tokens.subscriber(token.get().value());
        }
        if (!config.anonymous()) {
            throw AuthorizationException.missing("This hub needs a token to subscribe: send 'Authorization: Bearer"
                    + " <JWT>', the mercureAuthorization cookie, or ?authorization=<JWT>.");
        }
        return Claims.ANONYMOUS;
    }

    /**
     * The request's token, from where Mercure lets a client send it: the {@code Authorization} header, else the
     * {@code authorization} query parameter, else the {@code mercureAuthorization} cookie.
     */
    static Optional<BearerToken> bearerToken(HttpServletRequest request, UrlEncodedForm query) {
        return BearerToken.find(request.getHeader("Authorization"), query.first(BearerToken.QUERY_PARAMETER),
                cookie(request));
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : Arrays.stream(cookies)
                .filter(cookie -> BearerToken.COOKIE.equals(cookie.getName()))
                .map(Cookie::getValue)
                .findFirst().orElse(null);
    }
}
