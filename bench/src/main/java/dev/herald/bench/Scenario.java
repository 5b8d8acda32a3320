package dev.herald.bench;

import java.io.IOException;

/** One of the benchmark's measurements, run the same way on every target. */
interface Scenario {

    /** The name {@code -Dbench.scenarios} chooses it by. */
    String name();

    /** Measures {@code system}, which is started and otherwise unloaded, and records what it saw in {@code results}. */
    void run(Target system, Results results) throws IOException, InterruptedException;
}
