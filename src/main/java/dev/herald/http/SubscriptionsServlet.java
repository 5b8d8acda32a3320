package dev.herald.http;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.hub.HubUnavailableException;
import dev.herald.hub.Presence;
import dev.herald.hub.TopicSelector;
import dev.herald.security.AuthorizationException;
import dev.herald.security.BearerToken;
import dev.herald.security.Claims;
import dev.herald.security.KeysUnavailableException;
import dev.herald.security.Tokens;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Mercure's subscriptions API, on with {@code herald.subscriptions}: {@code GET /.well-known/mercure/subscriptions},
 * {@code …/subscriptions/{selector}} and {@code …/subscriptions/{selector}/{subscriber}} (each part percent-encoded)
 * answer the hub's active subscriptions (on every server of a cluster) as JSON-LD, with the {@code lastEventID} to subscribe to their
 * subscription events from, so that no start or end between the two is missed.
 *
 * <p>As the spec says, the token's {@code mercure.subscribe} must match the URL asked for; each subscription listed
 * must match it too, as its subscription event would have to. An answer lists at most
 * {@code herald.subscriptions.max-listed} subscriptions and says {@code "truncated": true} when there were more.
 */
@WebServlet(urlPatterns = {Presence.PATH, Presence.PATH + "/*"})
public class SubscriptionsServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(SubscriptionsServlet.class.getName());
    private static final String FORM = Presence.PATH + "[/{selector}[/{subscriber}]], each part percent-encoded";

    @Inject
    private Hub hub;

    @Inject
    private Tokens tokens;

    @Inject
    private HeraldConfig config;

    private Refusal refusal;

    @Override
    public void init() {
        refusal = new Refusal(hub.metrics());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!config.subscriptions()) {
            refusal.send(response, 404, "The subscriptions API is off on this hub: it answers with "
                    + HeraldConfig.SUBSCRIPTIONS + "=true.");
            return;
        }
        if (!request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET");
            refusal.send(response, 405, request.getMethod() + " is not supported here: the subscriptions API"
                    + " answers GET only.");
            return;
        }
        SubscriptionsQuery asked;
        Claims claims;
        try {
            asked = SubscriptionsQuery.parse(request.getRequestURI().substring(request.getContextPath().length()));
            claims = claims(request);
            String url = asked.url();
            if (claims.subscribe().stream().noneMatch(selector -> selector.matches(url))) {
                throw AuthorizationException.forbidden("the token's mercure.subscribe selectors do not match " + url
                        + ", as they must to see its subscriptions; "
                        + Presence.PATH + "{/topic}{/subscriber} matches them all");
            }
        } catch (AuthorizationException e) {
            refusal.send(response, e);
            return;
        } catch (KeysUnavailableException e) {
            refusal.send(response, e);
            return;
        } catch (IllegalArgumentException e) {
            refusal.send(response, 400, e.getMessage() + ". Ask for " + FORM + ".");
            return;
        }
        // Taken before the subscriptions are read: an event after it may repeat what the answer shows, never miss.
        String lastEventId = hub.lastEventIdFor(claims.subscribe());
        Listing listing;
        try {
            listing = list(asked, claims.subscribe());
        } catch (HubUnavailableException e) {
            response.setHeader("Retry-After", "1");
            refusal.send(response, 503, e.getMessage() + ".");
            return;
        }
        JsonObjectBuilder answer;
        if (asked.subscriber() != null) {
            if (listing.subscriptions.isEmpty()) {
                refusal.send(response, 404, "No active subscription " + asked.url() + ".");
                return;
            }
            answer = Json.createObjectBuilder().add("@context", Presence.CONTEXT)
                    .addAll(Json.createObjectBuilder(listing.subscriptions.get(0))).add("lastEventID", lastEventId);
        } else {
            JsonArrayBuilder subscriptions = Json.createArrayBuilder();
            listing.subscriptions.forEach(subscriptions::add);
            answer = Json.createObjectBuilder().add("@context", Presence.CONTEXT).add("id", asked.url())
                    .add("type", "Subscriptions").add("lastEventID", lastEventId).add("subscriptions", subscriptions);
            if (listing.truncated) {
                answer.add("truncated", true);
            }
        }
        response.setStatus(200);
        response.setContentType("application/ld+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "private, no-store");
        response.addHeader("Vary", "Cookie, Authorization");
        response.getWriter().write(answer.build().toString());
    }

    /** A token is needed: subscription events are private, so an anonymous subscriber could not see them either. */
    private Claims claims(HttpServletRequest request) {
        BearerToken token = MercureServlet.bearerToken(request, MercureServlet.query(request))
                .orElseThrow(() -> AuthorizationException.missing("The subscriptions API needs a token whose"
                        + " mercure.subscribe matches the URL: send 'Authorization: Bearer <JWT>'."));
        return tokens.subscriber(token.value());
    }

    private record Listing(List<JsonObject> subscriptions, boolean truncated) {
    }

    /** The active subscriptions asked for that the token may see, at most {@code herald.subscriptions.max-listed}. */
    private Listing list(SubscriptionsQuery asked, List<TopicSelector> allowed) {
        String url = asked.url();
        if (asked.subscriber() != null) {
            // One subscription, whose id is the URL: the token's selectors were found to match it.
            JsonObject one = parsed(url, hub.subscription(url));
            return new Listing(one == null ? List.of() : List.of(one), false);
        }
        int most = config.subscriptionsMaxListed();
        Map<String, JsonObject> found = new LinkedHashMap<>();
        boolean[] truncated = {false};
        hub.forEachSubscription(url + "/", (id, description) -> {
            if (found.containsKey(id) || allowed.stream().noneMatch(mine -> mine.matches(id))) {
                return true;
            }
            JsonObject subscription = parsed(id, description);
            if (subscription == null) {
                return true;
            }
            if (found.size() == most) {
                truncated[0] = true;
                return false;
            }
            found.put(id, subscription);
            return true;
        });
        return new Listing(List.copyOf(found.values()), truncated[0]);
    }

    /** The description as JSON; {@code null} when there is none, or something other than Herald wrote it (logged). */
    private static JsonObject parsed(String id, String description) {
        if (description == null) {
            return null;
        }
        try {
            return Json.createReader(new StringReader(description)).readObject();
        } catch (JsonException e) {
            LOG.warning(() -> "The subscription " + id + " is recorded with a description that is not a JSON object ("
                    + e.getMessage() + "); left out of the list. Does something other than Herald write to Redis?");
            return null;
        }
    }
}
