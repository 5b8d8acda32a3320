package dev.herald.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written the way operators write them: {@code 15s}, {@code 500ms}, {@code 2m}, or ISO-8601 {@code PT15S}. */
public final class Durations {

    /** The shortest duration a key may hold: timers count whole milliseconds, and a zero period is an error. */
    public static final Duration MIN = Duration.ofMillis(1);

    /**
     * The longest duration a key may hold: what a timer counting {@code int} milliseconds can wait, about 24.8 days.
     * Anything longer is a typo, and would overflow where the servers and the JDK take milliseconds or nanoseconds.
     */
    public static final Duration MAX = Duration.ofMillis(Integer.MAX_VALUE);

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final String FORMS = "write it like 15s, 500ms, 2m, 1h or PT15S";

    private Durations() {
    }

    /**
     * @param key   the configuration key, named in the error message
     * @param value the text to read; a bare number means milliseconds
     * @return a duration of at most {@link #MAX}
     * @throws IllegalArgumentException naming the key and the accepted forms, also when the value overflows
     */
    public static Duration parse(String key, String value) {
        String text = value.trim();
        Duration duration;
        try {
            duration = read(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw tooLong(key, value, e);
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof ArithmeticException) {
                throw tooLong(key, value, e);
            }
            throw new IllegalArgumentException(key + " = '" + value + "' is not a duration; " + FORMS, e);
        }
        if (duration.compareTo(MAX) > 0) {
            throw tooLong(key, value, null);
        }
        return duration;
    }

    private static Duration read(String text) {
        Matcher matcher = SHORT_FORM.matcher(text);
        if (!matcher.matches()) {
            return Duration.parse(text);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static IllegalArgumentException tooLong(String key, String value, Exception cause) {
        return new IllegalArgumentException(key + " = '" + value + "' is too long; at most " + MAX.toMillis()
                + " ms (about 24 days): " + FORMS, cause);
    }
}
