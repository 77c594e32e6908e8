package dev.slipway.testsupport;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's Chromium driven by Playwright (no browser download). The binary is /usr/bin/chromium
 * unless SLIPWAY_CHROMIUM names another.
 */
public final class Browser implements AutoCloseable {

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;
    private final String baseUrl;

    public Browser(int port) {
        Path executable = Paths.get(System.getenv().getOrDefault("SLIPWAY_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("No Chromium at " + executable
                    + ": install Debian's chromium package (apt-get install -y chromium) or set SLIPWAY_CHROMIUM");
        }
        this.playwright = Playwright.create();
        this.chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        this.baseUrl = "http://localhost:" + port;
    }

    /** A fresh, isolated browser session (its own cookies), as a separate person would have. */
    public Page newPage() {
        BrowserContext context = chromium.newContext(new NewContextOptions()
                .setBaseURL(baseUrl)
                .setViewportSize(1280, 860));
        context.setDefaultTimeout(10_000);
        return context.newPage();
    }

    /** A fresh session signed in through the login form, as the person would; waits until the portal shows them. */
    public Page signIn(String username, String password) {
        Page page = newPage();
        page.navigate("/login");
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.locator(".topbar .user")).isVisible();
        return page;
    }

    public static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Paths.get("target", "screenshots", name + ".png"))
                .setFullPage(true));
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
