package dev.herald.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Chromium and chromedriver from Debian's packages (.ci/run installs them), driven by Selenium. */
public final class Chromium {

    private Chromium() {
    }

    public static ChromeDriver start() {
        File browser = installed("chromium.binary", "/usr/bin/chromium");
        File driver = installed("chromedriver.binary", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser)
                // The machines here are offline: without these flags Chromium keeps trying to reach Google.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1200,1400",
                        "--user-data-dir=" + temporaryProfile());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).build();
        return new ChromeDriver(service, options);
    }

    private static File installed(String property, String fallback) {
        File file = new File(System.getProperty(property, fallback));
        if (!file.canExecute()) {
            throw new IllegalStateException(file + " is missing: install Debian's chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver), or set -D" + property + "=PATH");
        }
        return file;
    }

    private static Path temporaryProfile() {
        try {
            return Files.createTempDirectory("herald-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
