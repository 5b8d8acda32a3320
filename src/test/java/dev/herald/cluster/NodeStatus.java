package dev.herald.cluster;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A node's {@code /api/status}, read field by field: a field that is missing or of another type fails the test with
 * the whole answer, so that a failure says what the node did say.
 */
record NodeStatus(JsonObject json) {

    String text(String field) {
        if (!(json.get(field) instanceof JsonString text)) {
            throw notA("string", field);
        }
        return text.getString();
    }

    boolean flag(String field) {
        JsonValue value = json.get(field);
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw notA("boolean", field);
        }
        return value == JsonValue.TRUE;
    }

    @Override
    public String toString() {
        return json.toString();
    }

    private AssertionError notA(String type, String field) {
        return new AssertionError("'" + field + "' is not a " + type + " in /api/status: " + json);
    }
}
