package dev.herald.client;

/**
 * How long a subscription waits before it reconnects: the {@code retry} the stream asked for (or the client's default),
 * but at least {@value #MIN_MILLIS} ms, so that a hub that asks for 0 cannot make the client spin; doubled for every
 * attempt in a row that brought no event; never over the client's cap; and a random quarter more on top, so that the
 * clients a restarted hub dropped do not all return at once.
 */
final class Backoff {

    static final long MIN_MILLIS = 100;

    private Backoff() {
    }

    /**
     * @param retryMillis the stream's {@code retry}, or the client's default
     * @param maxMillis   the cap, before jitter
     * @param failures    attempts in a row that brought no event, counting this one: 1 after a stream with events
     * @param random      a number in [0, 1)
     */
    static long delayMillis(long retryMillis, long maxMillis, int failures, double random) {
        long delay = Math.min(Math.max(retryMillis, MIN_MILLIS), maxMillis);
        for (int i = 1; i < failures && delay < maxMillis; i++) {
            delay = Math.min(delay * 2, maxMillis);
        }
        return delay + (long) (delay / 4.0 * random);
    }
}
