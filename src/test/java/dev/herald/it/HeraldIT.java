package dev.herald.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The integration tests deploy the WAR the build just made, exactly as a user would. */
public final class HeraldDeployment {

    /** The heartbeat that herald.it.properties (pom.xml) configures for the server under test. */
    public static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(5);
    /** The publisher key that herald.it.properties configures: the tests sign their tokens with it. */
    public static final String KEY = "herald-integration-tests-secret-key-0123456789";
    /** The write timeout that herald.it.properties configures. */
    public static final java.time.Duration WRITE_TIMEOUT = java.time.Duration.ofSeconds(2);

    private HeraldDeployment() {
    }

    public static WebArchive war() {
        String path = System.getProperty("herald.war", "target/herald.war");
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException(path + " does not exist: run the integration tests with 'mvn verify'");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
