package dev.herald.status;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** One check of {@code /api/health}, in MicroProfile Health's JSON shape: name, {@code UP} or {@code DOWN}, data. */
record HealthCheck(String name, boolean up, JsonObjectBuilder data) {

    static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("status", status(up))
                .add("data", data)
                .build();
    }
}
