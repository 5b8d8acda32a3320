package dev.herald.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** How a running server undeploys Herald and deploys it again, the way an operator would ask it to. */
interface Redeployment {

    void undeploy(Duration timeout);

    void deploy(Duration timeout);

    /** Whether there is a moment between {@link #undeploy} and {@link #deploy} when Herald is not deployed at all. */
    boolean hasUndeployedState();

    /**
     * Payara Micro's hot deployment: touching {@code .reload} in the unpacked WAR undeploys and deploys it in one step,
     * done when the server's log says so once more.
     */
    static Redeployment payaraMicro(Path application, Path log) {
        return new Redeployment() {
            private long deployedBefore;

            @Override
            public void undeploy(Duration timeout) {
                deployedBefore = deployments(log);
                Path reload = application.resolve(".reload");
                try {
                    if (!Files.exists(reload)) {
                        Files.createFile(reload);
                    }
                    Files.setLastModifiedTime(reload, FileTime.from(Instant.now()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void deploy(Duration timeout) {
                await(() -> deployments(log) > deployedBefore, timeout, "Payara Micro to redeploy " + application);
            }

            @Override
            public boolean hasUndeployedState() {
                return false;
            }
        };
    }

    /** WildFly's deployment scanner, driven by its marker files next to the WAR. */
    static Redeployment wildfly(Path deployments, String war) {
        return new Redeployment() {
            @Override
            public void undeploy(Duration timeout) {
                try {
                    Files.delete(deployments.resolve(war + ".deployed"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                await(() -> Files.exists(deployments.resolve(war + ".undeployed")), timeout, "WildFly to undeploy " + war);
            }

            @Override
            public void deploy(Duration timeout) {
                try {
                    Files.deleteIfExists(deployments.resolve(war + ".undeployed"));
                    Files.createFile(deployments.resolve(war + ".dodeploy"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                await(() -> Files.exists(deployments.resolve(war + ".deployed"))
                        || Files.exists(deployments.resolve(war + ".failed")), timeout, "WildFly to deploy " + war);
                if (Files.exists(deployments.resolve(war + ".failed"))) {
                    throw new AssertionError("WildFly failed to deploy " + war + "; see its log");
                }
            }

            @Override
            public boolean hasUndeployedState() {
                return true;
            }
        };
    }

    private static long deployments(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("herald was successfully deployed")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
