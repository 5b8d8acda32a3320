package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Configuration that cannot work stops the deployment, on the server itself, with a message naming the key: the WAR
 * is the one the build made, with one bad value in its {@code META-INF/microprofile-config.properties}.
 *
 * <p>The server's system properties (herald.it.properties in pom.xml) outrank that file, so the bad values here are
 * of keys those properties leave alone. The message is looked for in the server's output, which both Arquillian
 * adapters copy to this JVM's {@code System.out}, and in the exception the deployment fails with.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MisconfigurationIT {

    private static final String PUBLISH_MAX_BYTES = "publish-max-bytes";
    private static final String ALGORITHM = "algorithm";
    private static final String KEY_AND_JWKS_URL = "key-and-jwks-url";
    /** What Payara Micro logs when an application it was started with fails to start. */
    private static final String PAYARA_FAILED = "Exception while loading the app";

    @ArquillianResource
    private Deployer deployer;

    /** The request reads max-bytes + 1: with Integer.MAX_VALUE every publish would answer 500. */
    @Deployment(name = PUBLISH_MAX_BYTES, managed = false, testable = false)
    static WebArchive overLargePublishBodies() {
        return herald(PUBLISH_MAX_BYTES, "herald.publish.max-bytes=2147483647");
    }

    /** The integration tests' publisher key is an HS256 secret, which cannot verify RS256 tokens. */
    @Deployment(name = ALGORITHM, managed = false, testable = false)
    static WebArchive aKeyThatCannotVerifyTheAlgorithm() {
        return herald(ALGORITHM, "herald.jwt.algorithm=RS256");
    }

    /** The integration tests' servers set a publisher key: a JWK Set URL beside it leaves it unclear which verifies. */
    @Deployment(name = KEY_AND_JWKS_URL, managed = false, testable = false)
    static WebArchive aKeyAndAJwksUrlForOneRole() {
        return herald(KEY_AND_JWKS_URL, "herald.jwt.publisher.jwks-url=https://idp.example.com/certs");
    }

    @Test
    void anOverLargePublishBodyLimitStopsTheDeployment() {
        assertRefused(PUBLISH_MAX_BYTES, "herald.publish.max-bytes = 2147483647 must be between 1 and 67108864");
    }

    @Test
    void aKeyThatCannotVerifyTheAlgorithmStopsTheDeployment() {
        assertRefused(ALGORITHM, "herald.jwt.publisher.key must be a PEM RSA public key");
    }

    @Test
    void aKeyAndAJwksUrlForOneRoleStopTheDeployment() {
        assertRefused(KEY_AND_JWKS_URL, "herald.jwt.publisher.key and herald.jwt.publisher.jwks-url are both set");
    }

    /**
     * WildFly fails the deployment operation, so {@link Deployer#deploy} throws. Payara Micro starts without the
     * application and says so in its output, which its adapter does not take for a failure.
     */
    private void assertRefused(String deployment, String message) {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
        Exception failure = null;
        try {
            deployer.deploy(deployment);
        } catch (Exception e) {
            failure = e;
        } finally {
            System.setOut(console);
            try {
                deployer.undeploy(deployment);
            } catch (RuntimeException e) {
                // Nothing was deployed: there is nothing to undeploy.
            }
        }
        String seen = copy.toString(StandardCharsets.UTF_8) + Stream.iterate((Throwable) failure, e -> e != null,
                Throwable::getCause).map(String::valueOf).reduce("", (all, one) -> all + "\n" + one);
        assertTrue(failure != null || seen.contains(PAYARA_FAILED), "the deployment with " + deployment
                + " misconfigured must fail");
        assertTrue(seen.contains(message), "neither the server's output nor the failure says '" + message + "': "
                + failure);
    }

    private static WebArchive herald(String name, String properties) {
        return ShrinkWrap.create(WebArchive.class, "herald-" + name + ".war")
                .merge(HeraldIT.war())
                .addAsResource(new StringAsset(properties + "\n"), "META-INF/microprofile-config.properties");
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {

        private final OutputStream console;
        private final OutputStream copy;

        Tee(OutputStream console, OutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            console.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            console.write(bytes, offset, length);
            copy.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            console.flush();
        }
    }
}
