package dev.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import dev.herald.testing.DroppingProxy;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real headless Chromium, served by a real Payara Micro. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PageIT {

    @ArquillianResource
    private URL base;

    private ChromeDriver browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

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
        assertEquals(String.valueOf(shown), text("last-id"), "the last event id is the count");
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

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }
}
