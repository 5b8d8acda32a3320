package dev.herald.example.inventory;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The application's own REST API, under {@code /api}; Herald's hub is a servlet at {@code /.well-known/mercure}. */
@ApplicationPath("api")
public class InventoryApplication extends Application {
}
