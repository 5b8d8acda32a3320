package dev.herald.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Herald's WAR on Payara Micro or on WildFly, started from a build's target/ folder (see {@code bench.root}). */
final class HeraldTarget implements Target {

    static final String KEY = "herald-benchmark-secret-key-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final Pattern HUB_SUBSCRIBERS = Pattern.compile("\"hubSubscribers\":(\\d+)");
    private static final URI LOCAL = URI.create("http://127.0.0.1:8080/");

    private final String name;
    private final List<String> command;
    private final File directory;
    private final String jvmMarker;
    private final URI base;
    private final String token;
    private Process process;
    private ProcessHandle jvm;

    private HeraldTarget(String name, List<String> command, File directory, String jvmMarker, URI base, String key) {
        this.name = name;
        this.command = command;
        this.directory = directory;
        this.jvmMarker = jvmMarker;
        this.base = base;
        this.token = token(key);
    }

    /** A Herald that is already running at {@code base}, whose publishers' tokens are signed with {@code key}. */
    static HeraldTarget running(URI base, String key) {
        return new HeraldTarget("Herald at " + base, null, null, null, base, key);
    }

    static HeraldTarget payara(Path target) {
        return payara(target, "Herald on Payara Micro", 8080, List.of());
    }

    /**
     * Herald on Payara Micro on {@code port}, with {@code more} system properties after the usual settings: one node of
     * a cluster ({@code -Dherald.transport=redis://…}).
     */
    static HeraldTarget payara(Path target, String name, int port, List<String> more) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx2g", "-XX:+UseG1GC"));
        command.addAll(settings());
        command.addAll(more);
        command.addAll(List.of("-jar", target.resolve("payara-micro.jar").toString(),
                "--deploy", target.resolve("herald.war").toString(), "--contextroot", "/", "--port",
                Integer.toString(port), "--nocluster"));
        // Only checkouts from the hardening on have it; an older one runs Payara Micro as it ran then.
        Path preBoot = target.resolveSibling("src/main/payara/pre-boot-commands.asadmin");
        if (Files.exists(preBoot)) {
            command.addAll(List.of("--prebootcommandfile", preBoot.toString()));
        }
        return new HeraldTarget(name, command, target.toFile(), "payara-micro.jar",
                URI.create("http://127.0.0.1:" + port + "/"), KEY);
    }

    static HeraldTarget wildfly(Path target, Path wildflyHome) {
        if (!Files.isDirectory(wildflyHome)) {
            throw new IllegalStateException(wildflyHome + " is missing: '" + Bench.PREPARE + "' unpacks WildFly there");
        }
        try {
            Files.copy(target.resolve("herald.war"), wildflyHome.resolve("standalone/deployments/herald.war"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(wildflyHome.resolve("bin/standalone.sh").toString()));
        command.addAll(settings());
        return new HeraldTarget("Herald on WildFly", command, target.toFile(), "jboss-modules.jar", LOCAL, KEY);
    }

    private static List<String> settings() {
        // The same keep-alive interval as Nchan's pings; Herald finds clients that went away by its idle probe.
        return List.of("-Dherald.jwt.publisher.key=" + KEY, "-Dherald.anonymous=true",
                "-Dherald.history.size=10000", "-Dherald.queue.size=10000", "-Dherald.heartbeat=5s");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        if (command == null) {
            Processes.awaitUp(base.resolve("api/status"), 30, null);
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory)
                .redirectErrorStream(true)
                .redirectOutput(new File(directory, "bench-" + name.replace(' ', '-') + ".log"));
        builder.environment().put("JAVA_OPTS", "-Xmx2g -XX:+UseG1GC");
        process = builder.start();
        Processes.awaitUp(base.resolve("api/status"), 180, process);
        jvm = Processes.jvm(process, jvmMarker);
        System.out.println("  " + name + " at " + base + ": max open files " + Processes.openFilesLimit(jvm));
    }

    @Override
    public URI server() {
        return base;
    }

    @Override
    public String subscribePath(String topic) {
        return base.getPath() + ".well-known/mercure?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8);
    }

    @Override
    public String replayHeaders(String lastEventId) {
        return "Last-Event-ID: " + lastEventId + "\r\n";
    }

    @Override
    public String publish(String topic, String payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(".well-known/mercure"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
                        + "&data=" + URLEncoder.encode(payload, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("publish answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public int subscriberCount() throws IOException, InterruptedException {
        return Processes.countOnPage(base.resolve("api/status"), HUB_SUBSCRIBERS);
    }

    @Override
    public ProcessHandle process() {
        return jvm;
    }

    @Override
    public CpuTime cpuTime() throws IOException {
        return jvm == null ? CpuTime.UNKNOWN : Processes.cpuTime(jvm);
    }

    @Override
    public long rssBytes() throws IOException {
        return jvm == null ? -1 : Processes.rss(jvm);
    }

    @Override
    public long heapAfterGcBytes() throws IOException, InterruptedException {
        return jvm == null ? -1 : Processes.heapAfterGc(jvm.pid());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    /** An HS256 token that may publish anywhere, signed with {@code key}. */
    private static String token(String key) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString("{\"mercure\":{\"publish\":[\"*\"],\"subscribe\":[\"*\"]}}"
                .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = base64.encodeToString(mac.doFinal((header + "." + claims)
                    .getBytes(StandardCharsets.UTF_8)));
            return header + "." + claims + "." + signature;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
