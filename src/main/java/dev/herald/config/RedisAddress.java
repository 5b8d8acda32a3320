package dev.herald.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Redis is, as {@code herald.transport} names it: {@code redis://[user:password@]host[:port][/db]},
 * {@code rediss://…} for TLS, or {@code redis-sentinel://[user:password@]host[:port][,host[:port]…]/master[/db]} to
 * find the master through Sentinel (the user and password are the master's).
 *
 * @param sentinel whether {@code hosts} are sentinels rather than Redis itself
 * @param tls      whether to speak TLS ({@code rediss})
 * @param hosts    {@code host:port} pairs, at least one
 * @param master   the master's name, for Sentinel; else {@code null}
 */
public record RedisAddress(boolean sentinel, boolean tls, List<String> hosts, String user, String password,
                           int database, String master) {

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;

    /** @throws IllegalArgumentException saying what is wrong with {@code url}, without repeating its password */
    public static RedisAddress parse(String key, String url) {
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd);
        boolean sentinel = scheme.equals("redis-sentinel");
        if (!sentinel && !scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException(key + " must be 'local' or a Redis URL (redis://host:port/db,"
                    + " rediss://… for TLS, redis-sentinel://host:port/master for Sentinel), not '" + redact(url) + "'");
        }
        String rest = url.substring(schemeEnd + 3);
        int pathStart = rest.indexOf('/');
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "" : rest.substring(pathStart + 1);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String credentials = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? "" : credentials.substring(0, colon));
            password = decode(colon < 0 ? credentials : credentials.substring(colon + 1));
            user = user.isEmpty() ? null : user;
        }
        List<String> hosts = new ArrayList<>();
        for (String host : authority.split(",")) {
            hosts.add(hostAndPort(key, url, host, sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT));
        }
        String[] segments = path.isEmpty() ? new String[0] : path.split("/");
        String master = null;
        int databaseSegment = 0;
        if (sentinel) {
            if (segments.length == 0 || segments[0].isEmpty()) {
                throw new IllegalArgumentException(key + " = '" + redact(url) + "' names no master: add it as the"
                        + " path, redis-sentinel://host:26379/mymaster");
            }
            master = segments[0];
            databaseSegment = 1;
        }
        int database = 0;
        if (segments.length > databaseSegment) {
            try {
                database = Integer.parseInt(segments[databaseSegment]);
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0 || segments.length > databaseSegment + 1) {
                throw new IllegalArgumentException(key + " = '" + redact(url) + "': the path must be the database"
                        + " number" + (sentinel ? " after the master's name" : "") + ", like /0");
            }
        }
        return new RedisAddress(sentinel, scheme.equals("rediss"), List.copyOf(hosts), user, password, database,
                master);
    }

    /** The address as the URL it came from, with the password replaced by {@code ***}. */
    @Override
    public String toString() {
        String scheme = sentinel ? "redis-sentinel" : tls ? "rediss" : "redis";
        String credentials = password == null ? "" : (user == null ? "" : user) + ":***@";
        String path = (master == null ? "" : "/" + master) + (database == 0 ? "" : "/" + database);
        return scheme + "://" + credentials + String.join(",", hosts) + path;
    }

    private static String hostAndPort(String key, String url, String text, int defaultPort) {
        try {
            URI uri = new URI("redis://" + text);
            if (uri.getHost() == null) {
                throw new URISyntaxException(text, "no host");
            }
            return uri.getHost() + ":" + (uri.getPort() < 0 ? defaultPort : uri.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " = '" + redact(url) + "': '" + text + "' is not host:port");
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String redact(String url) {
        return url.replaceAll("://[^@/]*@", "://***@");
    }
}
