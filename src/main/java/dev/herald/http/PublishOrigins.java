package dev.herald.http;

import dev.herald.config.HeraldConfig;
import dev.herald.security.AuthorizationException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Mercure's {@code publish_origins} rule against cross-site request forgery: a browser sends the
 * {@code mercureAuthorization} cookie with any request to the hub, also a form posted from another site, so a publish
 * authorized by the cookie must say where it comes from ({@code Origin}, or else {@code Referer}) and come from an
 * origin in {@code herald.publish.origins}. Tokens in the header or the query are not sent by a browser on its own,
 * and need no such check.
 */
final class PublishOrigins {

    private final List<String> allowed;

    PublishOrigins(List<String> allowed) {
        this.allowed = allowed;
    }

    /** @throws AuthorizationException (403) when the request does not come from an allowed origin */
    void check(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isEmpty()) {
            origin = originOf(request.getHeader("Referer"));
        }
        if (origin == null) {
            throw AuthorizationException.forbidden("a publish authorized by the mercureAuthorization cookie must"
                    + " carry an Origin or Referer header from " + HeraldConfig.PUBLISH_ORIGINS
                    + "; send the token in the Authorization header instead");
        }
        if (!allowed.contains("*") && !allowed.contains(origin)) {
            throw AuthorizationException.forbidden("pages from " + origin + " may not publish with the"
                    + " mercureAuthorization cookie; add the origin to " + HeraldConfig.PUBLISH_ORIGINS
                    + " or send the token in the Authorization header");
        }
    }

    /** {@code scheme://host[:port]} of a URL, or {@code null} when there is none to be read. */
    private static String originOf(String url) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
