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
            string(json, values.get(i));
        }
        json.append(']');
    }

    /** A JSON string as RFC 8259 says: quote, backslash and control characters escaped, everything else as it is. */
    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
