package dev.herald.client;

import java.time.Instant;
import java.util.List;

/** The JSON claims of a Mercure token: {@code {"mercure":{"publish":[…],"subscribe":[…]},"exp":…}}. */
final class MercureClaims {

    private MercureClaims() {
    }

    static String json(List<String> publish, List<String> subscribe, Instant expiresAt) {
        StringBuilder json = new StringBuilder("{\"mercure\":{");
        if (publish != null) {
            json.append("\"publish\":");
            array(json, publish);
        }
        if (subscribe != null) {
            json.append(publish != null ? "," : "").append("\"subscribe\":");
            array(json, subscribe);
        }
        json.append('}');
        if (expiresAt != null) {
            json.append(",\"exp\":").append(expiresAt.getEpochSecond());
        }
        return json.append('}').toString();
    }

    private static void array(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            json.append(i > 0 ? "," : "");
            json.append(JsonString.quote(values.get(i)));
        }
        json.append(']');
    }
}
