package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Jwts;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code herald.subscriptions} at its default (off, as on the suite's servers) the subscriptions API is not there
 * and says how to turn it on; nobody may publish under its path either way. The API itself is tested with it on, on
 * both servers, by {@code cluster/PresenceIT}.
 */
class SubscriptionsOffIT extends HubITSupport {

    private static final String PATH = ".well-known/mercure/subscriptions";

    @Test
    void theApiIsOffUntilConfigured() throws Exception {
        String token = Jwts.hs256(KEY, List.of(), List.of("*"), null);
        for (String path : List.of(PATH, PATH + "/chat", PATH + "/chat/urn%3Auuid%3A1")) {
            HttpResponse<String> answer = get(uri(path), Map.of("Authorization", "Bearer " + token));
            assertRefused(404, "herald.subscriptions=true", answer);
        }
    }

    @Test
    void nobodyPublishesUnderTheSubscriptionsPath() throws Exception {
        HttpResponse<String> forged = publish(PUBLISHER, "topic", "/" + PATH + "/chat/urn%3Auuid%3A1", "data", "{}",
                "private", "on");
        assertEquals(400, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("reserved"), forged.body());
    }
}
