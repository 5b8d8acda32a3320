package dev.herald.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every integration test shares: the WAR the build just made, deployed as a user would deploy it, on the server
 * failsafe chose (Payara Micro or WildFly), and tested from outside over real HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class HeraldIT {

    /** The heartbeat that herald.it.properties (pom.xml) configures for the server under test. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** The publisher key that herald.it.properties configures: the tests sign their tokens with it. */
    public static final String KEY = "herald-integration-tests-secret-key-0123456789";
    /** The write timeout that herald.it.properties configures. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    /** How long a publish body may take to arrive, as herald.it.properties configures it. */
    public static final Duration PUBLISH_READ_TIMEOUT = Duration.ofSeconds(2);
    /** The one origin herald.it.properties lets publish with the cookie (and use CORS). */
    public static final String PUBLISH_ORIGIN = "https://app.example";

    /** Where the server put the deployment, ending in '/'. */
    @ArquillianResource
    protected URL base;

    @Deployment(testable = false)
    public static WebArchive war() {
        return built(System.getProperty("herald.war", "target/herald.war"));
    }

    /** A WAR that the build made, at {@code path}. */
    static WebArchive built(String path) {
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException(path + " does not exist: run the integration tests with 'mvn verify'");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * A stream request ({@code Accept: text/event-stream}) for {@code uri} on a bare socket, which reads only when the
     * test reads.
     *
     * @param receiveBuffer the socket's receive buffer in bytes, small for a client that is to stall soon; 0: default
     */
    static Socket rawStream(URI uri, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** {@code path} resolved against the deployment. */
    protected URI uri(String path) {
        return URI.create(base.toExternalForm()).resolve(path);
    }
}
