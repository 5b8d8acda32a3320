package dev.herald.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for the servers a cluster target starts side by side: never 8080 and 9990 (the integration tests'
 * WildFly), and below the kernel's ephemeral range (32768 and up), where the publisher's and the nodes' own outgoing
 * connections take their local ports.
 */
final class Ports {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** A port nothing listens on now, and that this JVM has not handed out before. */
    static synchronized int free() {
        while (true) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                HANDED_OUT.add(port);
                return port;
            } catch (IOException e) {
                // taken; try another
            }
        }
    }
}
