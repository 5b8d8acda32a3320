package dev.herald.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.security.AuthorizationException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mercure's publish_origins rule for publishes authorized by the cookie. */
class PublishOriginsTest {

    private final PublishOrigins origins = new PublishOrigins(List.of("https://app.example"));

    @Test
    void aListedOriginOrRefererMayPublish() {
        assertDoesNotThrow(() -> origins.check(request("Origin", "https://app.example")));
        assertDoesNotThrow(() -> origins.check(request("Referer", "https://app.example/page?x=1")));
        assertDoesNotThrow(() -> new PublishOrigins(List.of("*")).check(request("Origin", "https://any.example")));
    }

    @Test
    void anotherOriginOrNoneIsForbidden() {
        assertForbidden(request("Origin", "https://evil.example"));
        assertForbidden(request("Origin", "https://app.example.evil.example"));
        assertForbidden(request("Referer", "https://evil.example/https://app.example"));
        assertForbidden(request("Referer", "not a url"));
        assertForbidden(request());
        assertEquals(403, assertThrows(AuthorizationException.class, () -> new PublishOrigins(List.of())
                .check(request("Origin", "https://app.example"))).status(), "none listed: cookie publishing is off");
    }

    private void assertForbidden(HttpServletRequest request) {
        AuthorizationException refused = assertThrows(AuthorizationException.class, () -> origins.check(request));
        assertEquals(403, refused.status());
    }

    private static HttpServletRequest request(String... headers) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            values.put(headers[i], headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(PublishOriginsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return values.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
