package dev.herald.transport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.hub.HubOverloadedException;
import dev.herald.hub.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on the in-memory transport, and what only it does: refuse a publisher faster than delivery. */
class LocalTransportTest extends TransportContract {

    @Override
    Transport newTransport(int historySize, long historyMaxBytes) {
        return new LocalTransport(historySize, historyMaxBytes, Thread::new);
    }

    @Test
    void aPublisherFasterThanDeliveryIsRefusedInsteadOfGrowingTheHeap() {
        // A dispatcher that never runs: every update stays waiting for delivery.
        LocalTransport stuck = new LocalTransport(10, Long.MAX_VALUE, task -> new Thread(() -> { }));
        for (int i = 0; i < 10; i++) {
            stuck.append(Update.of("u" + i, List.of("t"), null, false, null, null));
        }
        HubOverloadedException refused = assertThrows(HubOverloadedException.class,
                () -> stuck.append(Update.of("u10", List.of("t"), null, false, null, null)));
        assertTrue(refused.getMessage().contains("herald.history.size"), refused.getMessage());

        long footprint = Update.of("b0", List.of("t"), "x".repeat(1_000), false, null, null).footprint();
        LocalTransport stuckOnBytes = new LocalTransport(1_000, 2 * footprint, task -> new Thread(() -> { }));
        stuckOnBytes.append(Update.of("b1", List.of("t"), "x".repeat(1_000), false, null, null));
        stuckOnBytes.append(Update.of("b2", List.of("t"), "x".repeat(1_000), false, null, null));
        assertThrows(HubOverloadedException.class,
                () -> stuckOnBytes.append(Update.of("b3", List.of("t"), "x".repeat(1_000), false, null, null)));
    }
}
