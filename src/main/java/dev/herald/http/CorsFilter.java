package dev.herald.http;

import dev.herald.config.HeraldConfig;
import dev.herald.hub.Presence;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets pages from the origins in {@code herald.cors.origins} use the hub and its subscriptions API, cookies included. Credentials are only ever
 * allowed for an origin named in that list; {@code *} there allows any origin, without credentials.
 */
@WebFilter(urlPatterns = {MercureServlet.PATH, Presence.PATH, Presence.PATH + "/*"}, asyncSupported = true)
public class CorsFilter extends HttpFilter {

    @Inject
    private HeraldConfig config;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        boolean listed = origin != null && config.corsOrigins().contains(origin);
        boolean anyOrigin = origin != null && config.corsOrigins().contains("*");
        if (listed || anyOrigin) {
            response.addHeader("Vary", "Origin");
            response.setHeader("Access-Control-Allow-Origin", listed ? origin : "*");
            if (listed) {
                response.setHeader("Access-Control-Allow-Credentials", "true");
            }
            if ("OPTIONS".equals(request.getMethod())) {
                // The hub takes publications too; the subscriptions API answers GET only.
                response.setHeader("Access-Control-Allow-Methods",
                        MercureServlet.PATH.equals(request.getServletPath()) ? "GET, POST" : "GET");
                response.setHeader("Access-Control-Allow-Headers",
                        "Authorization, Content-Type, Last-Event-ID, Cache-Control");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(204);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
