package dev.herald;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The server's default managed thread factory, looked up by its standard name rather than injected
 * with {@code @Resource}: Payara does not bind a {@code @Resource} of a class in a library jar, which is where Herald
 * is in an application that embeds it (WEB-INF/lib), and the deployment fails on the lookup.
 */
public final class ContainerThreads {

    private ContainerThreads() {
    }

    public static ManagedThreadFactory factory() {
        return lookup("java:comp/DefaultManagedThreadFactory");
    }

    private static <T> T lookup(String name) {
        try {
            return InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException(name + " is missing, which every Jakarta EE 10 server provides", e);
        }
    }
}
