package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Ports nothing listens on at the moment, for servers the tests start as processes of their own. A port is handed out
 * once per test JVM, so that servers started side by side do not pick the same one before either has bound it.
 */
public final class FreePorts {

    /**
     * Where offsets start and end: the shifted ports stay below the kernel's ephemeral range (32768 and up), where
     * outgoing connections take their local ports, and well away from the 8080 and 9990 of servers started unshifted.
     */
    private static final int LOWEST_OFFSET = 1_000;
    private static final int HIGHEST_OFFSET = 20_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A free port on the loopback address, chosen by the kernel. */
    public static int any() {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (claim(port)) {
                return port;
            }
        }
    }

    /** An offset {@code n} for which every {@code base + n} is free: for a server that shifts all its ports at once. */
    public static int offset(int... bases) {
        while (true) {
            int offset = ThreadLocalRandom.current().nextInt(LOWEST_OFFSET, HIGHEST_OFFSET);
            int[] ports = IntStream.of(bases).map(base -> base + offset).toArray();
            if (allFree(ports) && claim(ports)) {
                return offset;
            }
        }
    }

    private static boolean allFree(int[] ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // Bound, so free.
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Marks {@code ports} handed out, unless one of them already is. */
    private static synchronized boolean claim(int... ports) {
        if (IntStream.of(ports).anyMatch(HANDED_OUT::contains)) {
            return false;
        }
        IntStream.of(ports).forEach(HANDED_OUT::add);
        return true;
    }
}
