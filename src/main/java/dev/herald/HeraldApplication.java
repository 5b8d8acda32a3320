package dev.herald;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Herald's JAX-RS API lives under {@code /api}; the page is served from the WAR's root. */
@ApplicationPath("api")
public class HeraldApplication extends Application {
}
