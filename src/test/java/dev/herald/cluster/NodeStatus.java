package dev.herald.cluster;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A node's {@code /api/status}, read field by field: a field that is missing or of another type fails the test with
 * the whole answer, so that a failure says what the node did say.
 */
record NodeStatus(JsonObject json) {

    String text(String field) {
        value(field, JsonValue.ValueType.STRING);
        return json.getString(field);
    }

    boolean flag(String field) {
        JsonValue value = json.get(field);
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw new AssertionError("'" + field + "' is not a boolean in /api/status: " + json);
        }
        return value == JsonValue.TRUE;
    }

    long number(String field) {
        value(field, JsonValue.ValueType.NUMBER);
        return json.getJsonNumber(field).longValueExact();
    }

    private JsonValue value(String field, JsonValue.ValueType type) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() != type) {
            throw new AssertionError("'" + field + "' is not a " + type + " in /api/status: " + json);
        }
        return value;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
