package dev.herald.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Adds Mercure's discovery header, {@code Link: <…/.well-known/mercure>; rel="mercure"}, to every response. */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class DiscoveryFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.addHeader("Link", "<" + request.getContextPath() + MercureServlet.PATH + ">; rel=\"mercure\"");
        chain.doFilter(request, response);
    }
}
