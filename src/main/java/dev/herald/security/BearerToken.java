package dev.herald.security;

import java.util.Optional;

/**
 * The token a request presents, found in Mercure's order of precedence: the {@code Authorization: Bearer} header,
 * then the {@code authorization} query parameter, then the {@code mercureAuthorization} cookie. Where it came from
 * matters: a browser sends the cookie with every request to the hub, cross-site ones included.
 *
 * @param value      the compact JWS
 * @param fromCookie whether it came from the cookie
 */
public record BearerToken(String value, boolean fromCookie) {

    public static final String QUERY_PARAMETER = "authorization";
    public static final String COOKIE = "mercureAuthorization";
    private static final String SCHEME = "Bearer ";

    /**
     * @param header the {@code Authorization} header, or {@code null}
     * @param query  the {@code authorization} query parameter, or {@code null}
     * @param cookie the {@code mercureAuthorization} cookie's value, or {@code null}
     * @throws AuthorizationException when the header is there but is not a bearer token
     */
    public static Optional<BearerToken> find(String header, String query, String cookie) {
        if (header != null) {
            if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) || header.length() == SCHEME.length()) {
                throw AuthorizationException.invalid("the Authorization header must be 'Bearer <token>'");
            }
            return Optional.of(new BearerToken(header.substring(SCHEME.length()).trim(), false));
        }
        if (query != null && !query.isEmpty()) {
            return Optional.of(new BearerToken(query, false));
        }
        return cookie == null || cookie.isEmpty() ? Optional.empty() : Optional.of(new BearerToken(cookie, true));
    }
}
