package dev.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void theHeaderWinsOverTheQueryWhichWinsOverTheCookie() {
        assertEquals(Optional.of(new BearerToken("h", false)), BearerToken.find("Bearer h", "q", "c"));
        assertEquals(Optional.of(new BearerToken("q", false)), BearerToken.find(null, "q", "c"));
        assertEquals(Optional.of(new BearerToken("c", true)), BearerToken.find(null, null, "c"));
        assertEquals(Optional.empty(), BearerToken.find(null, "", ""));
    }

    @Test
    void anAuthorizationHeaderOfAnotherSchemeIsRefused() {
        AuthorizationException error = assertThrows(AuthorizationException.class,
                () -> BearerToken.find("Basic dXNlcjpwYXNz", null, null));
        assertEquals(401, error.status());
        assertThrows(AuthorizationException.class, () -> BearerToken.find("Bearer ", null, null));
    }
}
