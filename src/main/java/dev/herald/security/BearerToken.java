package dev.herald.security;

import java.util.Optional;

/**
 * Finds the token a request presents, in Mercure's order of precedence: the {@code Authorization: Bearer} header,
 * then the {@code authorization} query parameter, then the {@code mercureAuthorization} cookie.
 */
public final class BearerToken {

    public static final String QUERY_PARAMETER = "authorization";
    public static final String COOKIE = "mercureAuthorization";
    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /**
     * @param header the {@code Authorization} header, or {@code null}
     * @param query  the {@code authorization} query parameter, or {@code null}
     * @param cookie the {@code mercureAuthorization} cookie's value, or {@code null}
     * @throws AuthorizationException when the header is there but is not a bearer token
     */
    public static Optional<String> find(String header, String query, String cookie) {
        if (header != null) {
            if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) || header.length() == SCHEME.length()) {
                throw AuthorizationException.invalid("the Authorization header must be 'Bearer <token>'");
            }
            return Optional.of(header.substring(SCHEME.length()).trim());
        }
        if (query != null && !query.isEmpty()) {
            return Optional.of(query);
        }
        return Optional.ofNullable(cookie).filter(value -> !value.isEmpty());
    }
}
