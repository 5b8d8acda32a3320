package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Chromium;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inventory example (examples/inventory, built by this build against Herald's classes jar): Herald embedded in
 * another application's WAR as a dependency. A stock change that commits reaches the page in a real Chromium; one
 * that fails validation after its write rolls back, and reaches nobody and changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InventoryExampleIT {

    /** Where maven-invoker-plugin (pom.xml) builds the example. */
    private static final String WAR = "target/examples/inventory/target/inventory.war";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    public static WebArchive war() {
        return HeraldIT.built(WAR);
    }

    @Test
    void aCommittedChangeReachesThePageAndARolledBackOneReachesNobodyAndChangesNothing() throws Exception {
        String sku = "W-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, put(sku, "Widget", "10").statusCode());
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(base.toExternalForm());
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(driver -> "open".equals(driver.findElement(By.id("state")).getText()));
            wait.until(driver -> "10".equals(shownQuantity(browser, sku)));

            assertEquals(200, adjust(sku, "5").statusCode());
            wait.until(driver -> changes(browser, sku).equals(List.of("15")));
            assertEquals("15", shownQuantity(browser, sku));

            HttpResponse<String> refused = adjust(sku, "-100");
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("not changed") && refused.body().contains("-85"), refused.body());
            assertTrue(get("api/items/" + sku).body().contains("\"quantity\":15"), "rolled back in the database");

            // The rolled-back change was fired before this one: had it been published, it would arrive first.
            assertEquals(200, adjust(sku, "-2").statusCode());
            wait.until(driver -> changes(browser, sku).size() == 2);
            assertEquals(List.of("15", "13"), changes(browser, sku), "the page's log, oldest first");
            assertEquals("13", shownQuantity(browser, sku));
            assertTrue(get("api/items/" + sku).body().contains("\"quantity\":13"), get("api/items/" + sku).body());
            Files.write(Path.of("target", "inventory.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    @Test
    void theApplicationKeepsItsOwnRestApiAndGetsTheHubWithItsDiscoveryAndItsLimits() throws Exception {
        HttpResponse<String> items = get("api/items");
        assertEquals(200, items.statusCode());
        assertTrue(items.body().startsWith("["), items.body());
        assertEquals(404, get("api/status").statusCode(), "Herald's own API is not part of the classes jar");
        assertEquals(404, get("api/counter").statusCode(), "Herald's own API is not part of the classes jar");

        String hub = base.getPath() + ".well-known/mercure";
        assertEquals("<" + hub + ">; rel=\"mercure\"", items.headers().firstValue("Link").orElse(null));

        HttpResponse<String> publish = HTTP.send(HttpRequest.newBuilder(uri(".well-known/mercure"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=https://inventory.example/items/x&data=forged"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, publish.statusCode(), "publishing over HTTP needs a publisher's token: " + publish.body());

        String tooMany = IntStream.rangeClosed(1, 33)
                .mapToObj(i -> "topic=" + URLEncoder.encode("https://inventory.example/items/" + i, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> subscribe = HTTP.send(HttpRequest.newBuilder(uri(".well-known/mercure?" + tooMany))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, subscribe.statusCode());
        assertTrue(subscribe.body().contains("herald.subscription.max-selectors"), subscribe.body());
    }

    @Test
    void badInputIsRefusedNamingWhatToFix() throws Exception {
        assertRefused(400, "quantity must be a whole number", put("W-1", "Widget", "many"));
        assertRefused(400, "quantity must be a whole number", put("W-1", "Widget", "-1"));
        assertRefused(400, "sku", put("x".repeat(41), "Widget", "1"));
        assertRefused(400, "name must be given", put("W-1", "", "1"));
        assertRefused(400, "name must be given", put("W-1", "n".repeat(101), "1"));
        assertRefused(400, "by must be a whole number", adjust("W-1", "99999999999"));
        assertRefused(404, "no item W-nothing", adjust("W-nothing", "1"));
        String sku = "W-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, put(sku, "Widget", "999999").statusCode());
        assertRefused(409, "must not rise above 1000000", adjust(sku, "2"));
    }

    @Test
    void theClassesJarBringsItsLibrariesAndNoJaxRsApplicationResourceOrProviderNorResourceInjection()
            throws Exception {
        try (ZipFile war = new ZipFile(WAR)) {
            List<String> libraries = war.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/")).map(name -> name.substring(12)).toList();
            for (String library : List.of("herald-", "nimbus-jose-jwt-", "re2j-", "jedis-", "commons-pool2-2.12.1")) {
                assertTrue(libraries.stream().anyMatch(name -> name.startsWith(library)), library + " in " + libraries);
            }
            String jar = libraries.stream().filter(name -> name.matches("herald-.*-classes\\.jar")).findFirst()
                    .orElseThrow();
            List<String> classes = new ArrayList<>();
            boolean beansXml = false;
            try (InputStream in = war.getInputStream(war.getEntry("WEB-INF/lib/" + jar));
                 JarInputStream entries = new JarInputStream(in)) {
                for (JarEntry entry = entries.getNextJarEntry(); entry != null; entry = entries.getNextJarEntry()) {
                    beansXml |= entry.getName().equals("META-INF/beans.xml");
                    if (entry.getName().endsWith(".class")) {
                        classes.add(entry.getName().replace('/', '.').replace(".class", ""));
                    }
                }
            }
            assertTrue(beansXml, "CDI finds Herald's beans in the jar through META-INF/beans.xml");
            assertTrue(classes.contains("dev.herald.http.MercureServlet") && classes.contains(
                    "dev.herald.publish.Publisher"), "the hub and the Publisher: " + classes);
            List<String> jaxRs = new ArrayList<>();
            List<String> resources = new ArrayList<>();
            for (String name : classes) {
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)
                        || type.isAnnotationPresent(jakarta.ws.rs.ext.Provider.class)
                        || type.isAnnotationPresent(jakarta.ws.rs.ApplicationPath.class)) {
                    jaxRs.add(name);
                }
                Arrays.stream(type.getDeclaredFields())
                        .filter(field -> field.isAnnotationPresent(jakarta.annotation.Resource.class))
                        .forEach(field -> resources.add(name + "." + field.getName()));
            }
            assertEquals(Collections.emptyList(), jaxRs, "these would join the embedding application's JAX-RS");
            assertEquals(Collections.emptyList(), resources, "Payara binds no @Resource in a library jar: use"
                    + " dev.herald.ContainerThreads (or a JNDI lookup) instead");
        }
    }

    private static void assertRefused(int status, String reason, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(reason), "'" + reason + "' in: " + response.body());
    }

    /** The quantity the page's table shows for the item, or null while it shows none. */
    private static String shownQuantity(ChromeDriver browser, String sku) {
        return (String) browser.executeScript("const row = document.querySelector('#items tr[data-sku=\"' + arguments[0]"
                + " + '\"]'); return row ? row.dataset.quantity : null;", sku);
    }

    /** The quantities of the item's changes in the page's log, oldest first. */
    @SuppressWarnings("unchecked")
    private static List<String> changes(ChromeDriver browser, String sku) {
        List<String> newestFirst = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "'#changes li')).filter(li => li.dataset.sku === arguments[0]).map(li => li.dataset.quantity);", sku);
        assertNotNull(newestFirst);
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private HttpResponse<String> put(String sku, String name, String quantity) throws IOException, InterruptedException {
        return form("PUT", "api/items/" + sku, "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&quantity=" + URLEncoder.encode(quantity, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> adjust(String sku, String by) throws IOException, InterruptedException {
        return form("POST", "api/items/" + sku + "/adjustments", "by=" + URLEncoder.encode(by, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> form(String method, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base.toExternalForm()).resolve(path);
    }
}
