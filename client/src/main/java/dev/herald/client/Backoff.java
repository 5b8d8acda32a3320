package dev.herald.client;

/**
 * How long a subscription waits before it reconnects: the {@code retry} the stream asked for (or the client's default)
 * after a stream that was open; doubled for every further attempt that fails to open one; never over the client's
 * cap; and a random quarter more on top, so that the clients a restarted hub dropped do not all return at once.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * @param retryMillis the stream's {@code retry}, or the client's default
     * @param maxMillis   the cap, before jitter
     * @param failures    attempts in a row that did not open a stream, counting this one: 1 after an open stream
     * @param random      a number in [0, 1)
     */
    static long delayMillis(long retryMillis, long maxMillis, int failures, double random) {
        long delay = Math.min(retryMillis, maxMillis);
        for (int i = 1; i < failures && delay < maxMillis; i++) {
            delay = Math.min(delay * 2, maxMillis);
        }
        return delay + (long) (delay / 4.0 * random);
    }
}
