package dev.herald.http;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.SseFrame;
import dev.herald.hub.Subscriber;
import dev.herald.hub.TopicSelector;
import dev.herald.hub.Update;
import dev.herald.security.AuthorizationException;
import dev.herald.security.BearerToken;
import dev.herald.security.Claims;
import dev.herald.security.Tokens;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
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
 * The Mercure hub endpoint: {@code GET} subscribes to topics over Server-Sent Events, {@code POST} publishes an
 * update. A plain async servlet rather than JAX-RS: every subscriber shares each update's pre-encoded bytes, and
 * writes are non-blocking, so one slow subscriber holds no thread and delays no one.
 */
@WebServlet(urlPatterns = MercureServlet.PATH, asyncSupported = true)
public class MercureServlet extends HttpServlet {

    public static final String PATH = "/.well-known/mercure";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    @Inject
    private Hub hub;

    @Inject
    private Tokens tokens;

    @Inject
    private HeraldConfig config;

    @Resource
    private ManagedThreadFactory threads;

    private Writers writers;

    @Override
    public void init() {
        writers = new Writers(threads, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void destroy() {
        writers.close();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FormBody query = FormBody.parse(request.getQueryString());
        List<String> topics = query.all("topic");
        if (topics.isEmpty()) {
            refuse(response, 400, "Missing 'topic': subscribe with ?topic=<topic or URI template>, repeatable;"
                    + " ?topic=* selects every topic.");
            return;
        }
        Claims claims;
        try {
            claims = subscriberClaims(request, query);
        } catch (AuthorizationException e) {
            refuse(response, e);
            return;
        }
        String lastEventId = Optional.ofNullable(request.getHeader(LAST_EVENT_ID)).orElse(query.first("lastEventID"));

        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0");
        response.setHeader("X-Accel-Buffering", "no");
        if (lastEventId != null) {
            response.setHeader(LAST_EVENT_ID, hub.lastEventId());
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        StreamConnection connection = new StreamConnection(async, writers.assign(), config.queueSize());
        Subscriber subscriber = new Subscriber(topics.stream().map(TopicSelector::of).toList(),
                claims.subscribe(), connection);
        connection.send(SseFrame.opening(config.retry().toMillis()));
        hub.subscribe(subscriber, lastEventId, claims.expiresAt());
        connection.start(() -> hub.unsubscribe(subscriber));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = Optional.ofNullable(request.getContentType()).orElse("");
        if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            refuse(response, 415, "Publish with 'Content-Type: application/x-www-form-urlencoded', not '"
                    + contentType + "'.");
            return;
        }
        int limit = config.publishMaxBytes();
        if (request.getContentLengthLong() > limit) {
            refuse(response, 413, "The body has " + request.getContentLengthLong() + " bytes; this hub accepts at most "
                    + limit + " (" + HeraldConfig.PUBLISH_MAX_BYTES + ").");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            refuse(response, 413, "The body is larger than " + limit + " bytes, the most this hub accepts ("
                    + HeraldConfig.PUBLISH_MAX_BYTES + ").");
            return;
        }
        FormBody form;
        FormBody query;
        try {
            form = FormBody.parse(new String(body, StandardCharsets.UTF_8));
            query = FormBody.parse(request.getQueryString());
        } catch (IllegalArgumentException e) {
            refuse(response, 400, "The form is not valid application/x-www-form-urlencoded: " + e.getMessage());
            return;
        }
        Update update;
        try {
            Claims claims = tokens.publisher(BearerToken.find(request.getHeader("Authorization"),
                            query.first(BearerToken.QUERY_PARAMETER), cookie(request))
                    .orElseThrow(() -> AuthorizationException.missing(
                            "Publishing needs a token: send 'Authorization: Bearer <JWT>'.")));
            update = update(form);
            if (!claims.mayPublishTo(update.topics())) {
                throw AuthorizationException.forbidden("the token's mercure.publish selectors do not match every"
                        + " topic of the update: " + update.topics());
            }
        } catch (AuthorizationException e) {
            refuse(response, e);
            return;
        } catch (IllegalArgumentException e) {
            refuse(response, 400, e.getMessage());
            return;
        }
        hub.publish(update);
        response.setStatus(200);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(update.id());
    }

    /** @throws IllegalArgumentException with a message that names the field to fix */
    private static Update update(FormBody form) {
        List<String> topics = form.all("topic");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("Missing 'topic': an update needs at least one topic.");
        }
        String id = form.first("id");
        if (id != null) {
            if (id.startsWith("#")) {
                throw new IllegalArgumentException("'id' must not start with '#': the hub reserves such ids.");
            }
            requireOneLine("id", id);
        }
        String type = form.first("type");
        if (type != null) {
            requireOneLine("type", type);
        }
        String retry = form.first("retry");
        if (retry != null && !DIGITS.matcher(retry).matches()) {
            throw new IllegalArgumentException("'retry' must be a whole number of milliseconds, not '" + retry + "'.");
        }
        return Update.of(id == null || id.isEmpty() ? Update.newId() : id, topics, form.first("data"),
                form.has("private"), type == null || type.isEmpty() ? null : type,
                retry == null ? null : Long.valueOf(retry));
    }

    private static void requireOneLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + field + "' must not contain line breaks or NUL: they would end"
                    + " the SSE field.");
        }
    }

    private Claims subscriberClaims(HttpServletRequest request, FormBody query) {
        Optional<String> token = BearerToken.find(request.getHeader("Authorization"),
                query.first(BearerToken.QUERY_PARAMETER), cookie(request));
        if (token.isPresent()) {
            return tokens.subscriber(token.get());
        }
        if (!config.anonymous()) {
            throw AuthorizationException.missing("This hub needs a token to subscribe: send 'Authorization: Bearer"
                    + " <JWT>', the mercureAuthorization cookie, or ?authorization=<JWT>.");
        }
        return Claims.ANONYMOUS;
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? null : Arrays.stream(cookies)
                .filter(cookie -> BearerToken.COOKIE.equals(cookie.getName()))
                .map(Cookie::getValue)
                .findFirst().orElse(null);
    }

    private static void refuse(HttpServletResponse response, AuthorizationException e) throws IOException {
        response.setHeader("WWW-Authenticate", e.challenge());
        refuse(response, e.status(), e.getMessage());
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(message + "\n");
    }
}
