package dev.herald.counter;

import java.util.List;

/**
 * What a subscriber gets before the live stream: the counts it missed, and a {@link Gap} when some cannot be replayed.
 *
 * @param gap    the signal that counts may have been missed, or {@code null} when the replay is complete
 * @param missed the counts to send, oldest first
 */
public record Replay(Gap gap, List<Count> missed) {

    static final Replay NOTHING = new Replay(null, List.of());
}
