package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.testing.Chromium;
import dev.herald.testing.DroppingProxy;
import dev.herald.testing.Jwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real headless Chromium, served by a real Payara Micro. */
class PageIT extends HeraldIT {

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Chromium.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void thePageShowsTheCountRisingOnAnOpenStream() throws IOException {
        browser.get(base.toExternalForm());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        wait.until(driver -> "open".equals(text("state")));
        wait.until(driver -> text("count").matches("\\d+"));
        long first = Long.parseLong(text("count"));
        wait.until(driver -> text("count").matches("\\d+") && Long.parseLong(text("count")) >= first + 2);

        long shown = Long.parseLong(text("count"));
        assertTrue(text("last-id").matches("[0-9a-z]+-" + shown), "the last event id is <epoch>-<count>: "
                + text("last-id"));
        assertTrue(Long.parseLong(text("received")) >= 3, "events received: " + text("received"));
        assertEquals("open", text("state"));
        Path screenshot = Path.of("target", "page.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void afterALostConnectionThePageCatchesUpWithoutGaps() throws Exception {
        try (DroppingProxy network = new DroppingProxy(base.toURI())) {
            browser.get(network.uri().toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(driver -> "open".equals(text("state")) && text("count").matches("\\d+"));

            network.dropAll();
            wait.until(driver -> "reconnecting".equals(text("state")));
            long countWhenLost = Long.parseLong(text("count"));

            // EventSource retries after the stream's retry: hint (3 s) and sends Last-Event-ID.
            wait.until(driver -> "open".equals(text("state")) && Long.parseLong(text("count")) > countWhenLost + 2);
            assertEquals("1", text("reconnects"));
            List<Long> counts = browser.findElements(By.cssSelector("#log li")).stream()
                    .map(WebElement::getText)
                    .filter(line -> line.contains("count "))
                    .map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
                    .toList();
            for (int i = 1; i < counts.size(); i++) {
                assertEquals(counts.get(i - 1) - 1, counts.get(i), "the log, newest first, has a gap: " + counts);
            }
        }
    }

    @Test
    void theHubPanelSubscribesAndShowsUpdatesPublishedFromThePageAndFromOutside() throws Exception {
        browser.get(base.toExternalForm());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.findElement(By.id("subscribe")).click();
        wait.until(driver -> "open".equals(text("hub-state")));

        String token = Jwts.hs256(HeraldIT.KEY, List.of("https://example.com/books/{id}"), List.of(), null);
        browser.findElement(By.id("publish-token")).sendKeys(token);
        WebElement data = browser.findElement(By.id("publish-data"));
        data.clear();
        data.sendKeys("first line\n\nthird line");
        browser.findElement(By.id("publish")).click();
        wait.until(driver -> text("publish-result").startsWith("published urn:uuid:"));
        wait.until(driver -> !browser.findElements(By.cssSelector("#updates tr")).isEmpty());
        assertEquals(List.of(text("publish-result").substring("published ".length()), "book",
                "https://example.com/books/1", "first line\n\nthird line"), firstRow());

        HttpRequest publish = HttpRequest.newBuilder(URI.create(base.toExternalForm() + ".well-known/mercure"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=https://example.com/books/2&data=from+outside"))
                .build();
        String id = HttpClient.newHttpClient().send(publish, HttpResponse.BodyHandlers.ofString()).body();
        wait.until(driver -> id.equals(firstRow().get(0)));
        assertEquals(List.of(id, "message", "https://example.com/books/{id}", "from outside"), firstRow());
        Files.write(Path.of("target", "hub.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aRefusedPublicationIsExplainedOnThePage() {
        browser.get(base.toExternalForm());
        browser.findElement(By.id("publish-token")).sendKeys("not-a-token");
        browser.findElement(By.id("publish")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> text("publish-result").startsWith("401"));
        assertTrue(text("publish-result").contains("not a signed JWT"), text("publish-result"));
    }

    @Test
    void theChartGetsAPointEverySecondThatRisesWhenUpdatesAreDelivered() throws Exception {
        browser.get(base.toExternalForm());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.findElement(By.id("subscribe")).click(); // the page's own hub subscription: books/{id}
        wait.until(driver -> "open".equals(text("hub-state")));
        wait.until(driver -> chartPoints().size() >= 2 && value(last(chartPoints()), "subscribers") >= 1);
        assertTrue(Long.parseLong(text("chart-subscribers").replaceAll("\\D", "")) >= 1, text("chart-subscribers"));
        int before = chartPoints().size();
        double quiet = chartPoints().stream().mapToDouble(point -> value(point, "rate")).max().orElseThrow();

        String token = Jwts.hs256(HeraldIT.KEY, List.of("https://example.com/books/{id}"), List.of(), null);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 50; i++) {
            HttpRequest publish = HttpRequest.newBuilder(URI.create(base.toExternalForm() + ".well-known/mercure"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("topic=https://example.com/books/1&data=" + i))
                    .build();
            assertEquals(200, http.send(publish, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        wait.until(driver -> browser.findElements(By.cssSelector("#updates tr")).size() >= 50);
        wait.until(driver -> chartPoints().stream().skip(before)
                .anyMatch(point -> value(point, "rate") >= quiet + 10));
        Long drawn = (Long) browser.executeScript(
                "const c = document.getElementById('chart');"
                        + "const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) n++; }"
                        + "return n;");
        assertTrue(drawn > 500, "the canvas has lines on it: " + drawn + " pixels drawn");
        Files.write(Path.of("target", "chart.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** The points the chart drew, oldest first: {@code rate} (deliveries per second) and {@code subscribers}. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> chartPoints() {
        return (List<Map<String, Object>>) browser.executeScript(
                "return JSON.parse(document.getElementById('chart').dataset.points || '[]');");
    }

    private static Map<String, Object> last(List<Map<String, Object>> points) {
        return points.get(points.size() - 1);
    }

    private static double value(Map<String, Object> point, String key) {
        return ((Number) point.get(key)).doubleValue();
    }

    /** The cells of the newest update row, read from the DOM exactly (line breaks included). */
    @SuppressWarnings("unchecked")
    private List<String> firstRow() {
        return (List<String>) browser.executeScript(
                "const row = document.querySelector('#updates tr');"
                        + "return row ? Array.from(row.cells).map(cell => cell.textContent) : [];");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }
}
