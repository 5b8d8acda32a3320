package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void afterAnOpenStreamTheStreamsRetryIsWaitedWithUpToAQuarterMore() {
        assertEquals(3000, Backoff.delayMillis(3000, 60_000, 1, 0));
        assertEquals(3749, Backoff.delayMillis(3000, 60_000, 1, 0.9999));
    }

    @Test
    void failuresInARowDoubleTheDelayUpToTheCap() {
        assertEquals(6000, Backoff.delayMillis(3000, 60_000, 2, 0));
        assertEquals(12_000, Backoff.delayMillis(3000, 60_000, 3, 0));
        assertEquals(60_000, Backoff.delayMillis(3000, 60_000, 6, 0));
        assertEquals(60_000, Backoff.delayMillis(3000, 60_000, Integer.MAX_VALUE, 0));
    }

    @Test
    void aRetryOfZeroIsAFloorOfAHundredMillisecondsThatDoublesToo() {
        assertEquals(100, Backoff.delayMillis(0, 60_000, 1, 0));
        assertEquals(400, Backoff.delayMillis(0, 60_000, 3, 0));
        assertEquals(50, Backoff.delayMillis(0, 50, 1, 0), "a cap under the floor wins");
    }

    @Test
    void aRetryOverTheCapIsCapped() {
        assertEquals(60_000, Backoff.delayMillis(Long.MAX_VALUE, 60_000, 1, 0));
        assertEquals(75_000, Backoff.delayMillis(Long.MAX_VALUE, 60_000, 1, 1.0));
    }
}
