package dev.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The cluster tests' fixture works: a node on Payara Micro and one on WildFly run side by side, each on its own
 * ports, and a killed node is gone at once and starts again on the same port.
 */
class NodesSmokeIT {

    private static final Map<String, String> SETTINGS = NodeSettings.local();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twoNodesRunSideBySideAndAKilledOneStartsAgain() throws Exception {
        try (HeraldNode payara = HeraldNode.payara(SETTINGS); HeraldNode wildfly = HeraldNode.wildfly(SETTINGS)) {
            CompletableFuture<HeraldNode> payaraStarted = CompletableFuture.supplyAsync(payara::start);
            wildfly.start();
            payaraStarted.join();

            assertEquals(200, status(payara));
            assertEquals(200, status(wildfly));

            wildfly.kill();

            assertFalse(wildfly.isRunning());
            assertThrows(ConnectException.class, () -> status(wildfly));
            assertTrue(payara.isRunning());
            assertEquals(200, status(payara));

            wildfly.start();
            assertEquals(200, status(wildfly));
        }
    }

    private static int status(HeraldNode node) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(node.base().resolve("api/status")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
