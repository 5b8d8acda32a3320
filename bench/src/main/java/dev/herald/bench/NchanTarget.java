package dev.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C reference: nginx with the Nchan module from Debian's packages, an EventSource subscriber location, an HTTP
 * publisher location, and a 1,000-message buffer per channel.
 */
final class NchanTarget implements Target {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final Pattern LAST_MESSAGE_ID = Pattern.compile("\"last_message_id\": ?\"([^\"]+)\"");
    private static final Pattern SUBSCRIBERS = Pattern.compile("(?m)^subscribers: (\\d+)");

    private final String name;
    private final int workers;
    private final Path directory;
    private final URI server;
    /** Where Nchan keeps its channels and messages, shared with other instances; null for its own shared memory. */
    private final String redis;
    private Process process;

    NchanTarget(int workers, Path directory) {
        this("nginx + Nchan, " + workers + (workers == 1 ? " worker" : " workers"), workers, directory, 8090, null);
    }

    /** An instance on {@code port} that keeps its messages in the Redis at {@code redis} (a cluster's node). */
    NchanTarget(String name, int workers, Path directory, int port, String redis) {
        this.name = name;
        this.workers = workers;
        this.directory = directory;
        this.server = URI.create("http://127.0.0.1:" + port);
        this.redis = redis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        Path module = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
        if (!Files.exists(Path.of("/usr/sbin/nginx")) || !Files.exists(module)) {
            throw new IllegalStateException("nginx and Nchan are missing: apt-get install nginx libnginx-mod-nchan");
        }
        Files.createDirectories(directory.resolve("logs"));
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, """
                load_module %s;
                worker_processes %d;
                worker_rlimit_nofile 20000;
                daemon off;
                pid %s/nginx.pid;
                error_log %s/logs/error.log warn;
                events { worker_connections 20000; }
                http {
                    access_log off;
                    client_body_temp_path %s;
                    %s
                    server {
                        # The accept queue Payara and WildFly get (this machine's somaxconn): with nginx's own
                        # 511, a reconnect storm would measure the kernel's retries of dropped connections.
                        listen 127.0.0.1:%d backlog=4096;
                        location = /status { return 200 "up\\n"; }
                        location = /nchan_status { nchan_stub_status; }
                        location = /sub {
                            nchan_subscriber eventsource;
                            nchan_eventsource_ping_interval 5;
                            nchan_channel_id $arg_topic;
                            %s
                        }
                        location = /pub {
                            nchan_publisher;
                            nchan_channel_id $arg_topic;
                            nchan_message_buffer_length 1000;
                            nchan_message_timeout 1h;
                            %s
                        }
                    }
                }
                """.formatted(module, workers, directory, directory, directory,
                // Nchan 1.3's way to Redis (nchan_redis_url is the older one): an upstream of Redis servers, and
                // nchan_redis_pass in each location; storage mode "distributed" (the default) keeps everything there.
                redis == null ? "" : "upstream redis { nchan_redis_server " + redis + "; }",
                server.getPort(), redisPass(), redisPass()));
        process = new ProcessBuilder("/usr/sbin/nginx", "-c", config.toString(), "-p", directory.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("logs/nginx.out").toFile()).start();
        Processes.awaitUp(server.resolve("/status"), 30, process);
        // The master's, then each worker's (set by worker_rlimit_nofile).
        System.out.println("  " + name + " at " + server + ": max open files "
                + Processes.openFilesLimit(process.toHandle()));
    }

    private String redisPass() {
        return redis == null ? "" : "nchan_redis_pass redis;";
    }

    @Override
    public URI server() {
        return server;
    }

    @Override
    public String subscribePath(String topic) {
        return "/sub?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    @Override
    public String replayHeaders(String lastEventId) {
        return "Last-Event-ID: " + lastEventId + "\r\n";
    }

    @Override
    public String publish(String topic, String payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve("/pub?topic="
                        + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
                .header("Accept", "text/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 202) {
            throw new IOException("publish answered " + response.statusCode() + ": " + response.body());
        }
        Matcher id = LAST_MESSAGE_ID.matcher(response.body());
        if (!id.find()) {
            throw new IOException("publish answered without a message id: " + response.body());
        }
        return id.group(1);
    }

    @Override
    public int subscriberCount() throws IOException, InterruptedException {
        return Processes.countOnPage(server.resolve("/nchan_status"), SUBSCRIBERS);
    }

    @Override
    public ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public CpuTime cpuTime() throws IOException {
        return Processes.cpuTime(process.toHandle());
    }

    @Override
    public long rssBytes() throws IOException {
        return Processes.rss(process.toHandle());
    }

    @Override
    public long heapAfterGcBytes() {
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
