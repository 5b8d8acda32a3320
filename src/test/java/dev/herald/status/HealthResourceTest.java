package dev.herald.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Hub;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestConfig;
import dev.herald.transport.Transport;
import dev.herald.transport.TransportProducer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health in MicroProfile Health's shape; ready follows a real Redis going away and coming back. */
class HealthResourceTest {

    private final RedisServer redis = RedisServer.start();
    private final HeraldConfig config = TestConfig.of(HeraldConfig.TRANSPORT, redis.url());
    private final Transport transport = TransportProducer.create(config, Thread::new);
    private final Hub hub = new Hub(config, transport, new SimpleMeterRegistry());
    private final HealthResource health = new HealthResource(hub);

    @AfterEach
    void stop() {
        transport.close();
        redis.close();
    }

    @Test
    void readyIsDownWhileRedisIsUnreachableAndUpAgainWhenItIsBack() throws Exception {
        assertCheck(health::ready, 200, "UP", "transport");
        assertCheck(health::live, 200, "UP", "hub");

        redis.stop();
        awaitStatus(health::ready, 503);
        JsonObject down = assertCheck(health::ready, 503, "DOWN", "transport");
        assertEquals(transport.status().transport(), down.getJsonArray("checks").getJsonObject(0)
                .getJsonObject("data").getString("transport"));
        assertCheck(health::live, 200, "UP", "hub"); // a restart would not bring Redis back
        assertEquals(503, health.all().getStatus(), "all checks together are DOWN when one is");

        redis.restart();
        awaitStatus(health::ready, 200);
        assertCheck(health::all, 200, "UP", "hub");
    }

    private static JsonObject assertCheck(Supplier<Response> endpoint, int status, String state, String firstCheck) {
        Response response = endpoint.get();
        assertEquals(status, response.getStatus());
        JsonObject body = Json.createReader(new StringReader((String) response.getEntity())).readObject();
        assertEquals(state, body.getString("status"));
        JsonObject check = body.getJsonArray("checks").getJsonObject(0);
        assertEquals(firstCheck, check.getString("name"));
        assertEquals(state, check.getString("status"));
        return body;
    }

    private static void awaitStatus(Supplier<Response> endpoint, int status) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (endpoint.get().getStatus() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not " + status + " after 15 s: " + endpoint.get().getEntity());
            }
            Thread.sleep(100);
        }
    }
}
