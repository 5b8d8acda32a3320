package dev.herald.testing;

import dev.herald.config.HeraldConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Herald's configuration for a test: the defaults, with the given keys set. */
public final class TestConfig {

    private TestConfig() {
    }

    /** @param keysAndValues alternating keys and values, e.g. {@code "herald.heartbeat", "1s"} */
    public static HeraldConfig of(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return HeraldConfig.from(key -> Optional.ofNullable(values.get(key)));
    }
}
