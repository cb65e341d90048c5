package dev.scimledger.gateway.console;

import dev.scimledger.gateway.RunningService;
import dev.scimledger.gateway.admin.AdminActor;
import dev.scimledger.gateway.operator.Operators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: Debian's chromium, headless, driven through /usr/bin/chromedriver (installed by
 * .ci/run; never a browser download). Screenshots of each page go to target/console-screenshots.
 */
class ConsoleBrowserTest extends RunningService {

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static ChromeDriver browser;

    @Autowired
    Operators operators;
    @Autowired
    SignInThrottle throttle;
    @Autowired
    dev.scimledger.gateway.provisioninglog.ProvisioningLogWriter writer;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,960", "--lang=en");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.manage().deleteAllCookies();
        throttle.clear(); // every test signs in from 127.0.0.1
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String account, String password) {
        browser.get(url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(account);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(browser.findElement(By.cssSelector("button[type=submit]")));
    }

    /** Clicks a button that sends a form or follows a link, and waits until the next page has replaced this one. */
    private void submit(WebElement button) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            try {
                button.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                // stale, or (chromedriver, mid-navigation) "does not belong to the document": the page was replaced
                return true;
            }
        });
    }

    /** Keeps a screenshot of the page as a test artefact, after checking the page's accessibility. */
    private void screenshot(String name) throws IOException {
        accessible(name);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Runs axe-core (Deque's rules engine, from its webjar) in the page as it is and fails on any violation of the
     * WCAG 2.1 A and AA rules it checks: labels, names of buttons and links, contrast, landmarks, ARIA use, language.
     */
    private void accessible(String page) throws IOException {
        if (axe == null) {
            java.util.Properties webjar = new java.util.Properties();
            try (var in = ConsoleBrowserTest.class.getResourceAsStream(
                    "/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
                assertThat(in).as("axe-core's webjar").isNotNull();
                webjar.load(in);
            }
            try (var in = ConsoleBrowserTest.class.getResourceAsStream(
                    "/META-INF/resources/webjars/axe-core/" + webjar.getProperty("version") + "/axe.min.js")) {
                assertThat(in).as("axe-core's webjar").isNotNull();
                axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        org.openqa.selenium.JavascriptExecutor script = (org.openqa.selenium.JavascriptExecutor) browser;
        script.executeScript(axe);
        Object violations = script.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                        + v.nodes.map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));""");
        assertThat((List<?>) violations).as("accessibility of " + page + " (" + browser.getCurrentUrl() + ")")
                .isEmpty();
    }

    private static String axe;

    private String value(String id) {
        return browser.findElement(By.id(id)).getDomAttribute("value");
    }

    @Test
    void anAdminSetsUpProvisioningAndAnAuditorCannotRevokeTheToken() throws Exception {
        browser.get(url("/console/login"));
        screenshot("1-sign-in");
        signIn("admin", CONSOLE_ADMIN_PASSWORD);
        assertThat(browser.getCurrentUrl()).endsWith("/console/tenants");

        String name = unique("Console tenant");
        browser.findElement(By.id("tenant-name")).sendKeys(name);
        submit(browser.findElement(By.xpath("//button[text()='Create tenant']")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(name);
        String tenantPage = browser.getCurrentUrl();
        String tenantId = tenantPage.substring(tenantPage.lastIndexOf('/') + 1);

        // provisioning off, then on again
        WebElement toggle = browser.findElement(By.id("provisioning-switch"));
        assertThat(toggle.getDomAttribute("aria-checked")).isEqualTo("true");
        submit(toggle);
        assertThat(browser.findElement(By.id("provisioning-switch")).getDomAttribute("aria-checked")).isEqualTo("false");
        submit(browser.findElement(By.id("provisioning-switch")));
        assertThat(browser.findElement(By.id("provisioning-switch")).getDomAttribute("aria-checked")).isEqualTo("true");

        String tenantUrl = value("tenant-url");
        assertThat(tenantUrl).isEqualTo(url(BASE));
        browser.findElement(By.id("token-name")).sendKeys("Entra provisioning");
        submit(browser.findElement(By.id("generate-token")));
        WebElement dialog = browser.findElement(By.id("issued-token"));
        assertThat(dialog.isDisplayed()).isTrue();
        assertThat(dialog.getText()).contains("shown this once");
        String token = value("secret-token");
        assertThat(token).startsWith("scimlt_");
        screenshot("3-token-shown-once");
        browser.findElement(By.xpath("//dialog//button[text()='I have copied it']")).click();
        screenshot("2-tenant");

        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("secret-token"))).as("after a reload the token is not shown again").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(token);

        // the SCIM client, with the URL and the token as pasted
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(tenantUrl + "/Users"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(entraUser(unique("console-user"), "console-ext")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String userId = JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(tenantUrl + "/Users"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"No user name\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        String refusal = JSON.readTree(refused.body()).path("detail").asText();

        // both in the provisioning log, the refusal with its SCIM error
        writer.flush();
        browser.get(tenantPage);
        submit(browser.findElement(By.id("provisioning-log-link")));
        List<WebElement> rows = browser.findElements(By.cssSelector("#requests tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("POST /Users", "400 refused", refusal);
        assertThat(rows.get(1).getText()).contains("POST /Users", "201 accepted");
        assertThat(browser.findElement(By.id("chart-summary")).getText()).startsWith("2 requests, 1 of them errors");
        screenshot("5-provisioning-log");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("outcome"))).selectByValue("refused");
        submit(browser.findElement(By.xpath("//button[text()='Filter']")));
        assertThat(browser.findElements(By.cssSelector("#requests tbody tr"))).hasSize(1);

        // an auditor, made by the admin
        browser.get(url("/console/accounts"));
        String auditor = unique("auditor").toLowerCase();
        browser.findElement(By.id("account-name")).sendKeys(auditor);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("account-role"))).selectByValue("auditor");
        submit(browser.findElement(By.xpath("//button[text()='Create account']")));
        String auditorPassword = value("account-password");
        screenshot("4-accounts");
        browser.findElement(By.xpath("//dialog//button[text()='Done']")).click();
        submit(browser.findElement(By.xpath("//button[text()='Sign out']")));
        assertThat(browser.getCurrentUrl()).contains("/console/login?signedOut");

        signIn(auditor, auditorPassword);
        // the auditor reads the audit trail (a projection of its own: the create reaches it a moment later) and the
        // user's timeline
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (call("GET", "/admin/tenants/" + tenantId + "/audit?resourceId=" + userId, ADMIN_TOKEN, null).body()
                .get("events").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        browser.get(tenantPage);
        submit(browser.findElement(By.id("audit-link")));
        List<WebElement> events = browser.findElements(By.cssSelector("#audit-events tbody tr"));
        assertThat(events).extracting(WebElement::getText)
                .anyMatch(row -> row.contains("TokenIssuedEvent") && row.contains("console:admin"))
                .anyMatch(row -> row.contains("UserCreatedEvent") && row.contains(userId)
                        && row.contains("Entra provisioning"));
        screenshot("6-audit-trail");
        submit(browser.findElement(By.linkText("User " + userId)));
        assertThat(browser.findElement(By.id("as-of")).getText()).endsWith("present");
        assertThat(browser.findElement(By.id("timeline-attributes")).getText()).contains("console-user");
        assertThat(browser.findElements(By.cssSelector("#timeline-events tbody tr"))).hasSize(1);
        screenshot("7-timeline");
        browser.get(url("/console/chain"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("chain-tenant"))).selectByValue(tenantId);
        submit(browser.findElement(By.id("verify-chain")));
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("Intact");
        screenshot("8-chain");

        browser.get(tenantPage);
        assertThat(browser.findElements(By.xpath("//button[starts-with(@aria-label,'Revoke')]")))
                .as("an auditor is offered no revoke").isEmpty();
        String tokenId = browser.findElement(By.cssSelector("tr[data-token-id]")).getDomAttribute("data-token-id");
        // the request the page does not offer, sent anyway with the page's own CSRF token
        ((JavascriptExecutor) browser).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const csrf = document.querySelector('input[name=_csrf]').cloneNode();
                form.appendChild(csrf);
                document.body.appendChild(form);
                form.submit();""", "/console/tenants/" + tenantId + "/tokens/" + tokenId + "/revoke");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(
                ExpectedConditions.textToBe(By.tagName("h1"), "Not allowed"));
        assertThat(call("GET", "/admin/tenants/" + tenantId + "/tokens/" + tokenId, ADMIN_TOKEN, null).text("/status"))
                .as("nothing changed").isEqualTo("active");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tenantUrl + "/Users?count=1"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRebuildStartedFromTheConsoleShowsItsProgressAndEndsEqual() throws Exception {
        // a tenant of its own, so that the comparison is of rows no other test tampers with
        TenantAccess tenant = newTenant();
        assertThat(scim("POST", "/Users", tenant.token(), entraUser(unique("rebuilt"), "rebuilt")).status())
                .isEqualTo(201);
        signIn("admin", CONSOLE_ADMIN_PASSWORD);
        browser.get(url("/console/rebuilds"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("rebuild-projection")))
                .selectByValue("audit-trail");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("rebuild-tenant")))
                .selectByValue(tenant.tenantId());
        submit(browser.findElement(By.id("start-rebuild")));
        assertThat(browser.getCurrentUrl()).contains("/console/rebuilds/audit-trail/");
        assertThat(browser.findElement(By.id("rebuild-progress")).getTagName()).isEqualTo("progress");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (browser.findElements(By.id("rebuild-verdict")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500); // the page refreshes itself each second while the rebuild runs
        }
        assertThat(browser.findElement(By.id("rebuild-verdict")).getText()).isEqualTo("Verdict: equal");
        assertThat(browser.findElement(By.id("rebuild-progress")).getDomAttribute("value"))
                .isEqualTo(browser.findElement(By.id("rebuild-progress")).getDomAttribute("max"));
        screenshot("9-rebuild");
    }

    @Test
    void theStatusPageShowsTheQuarantineAndThePublishingLag() throws IOException {
        signIn("admin", CONSOLE_ADMIN_PASSWORD);
        browser.get(url("/console/status"));
        assertThat(browser.findElements(By.cssSelector("#quarantine-counts tbody tr")))
                .extracting(WebElement::getText)
                .anyMatch(row -> row.startsWith("audit-trail")).anyMatch(row -> row.startsWith("kafka-publisher"));
        assertThat(browser.findElement(By.id("publishing-lag")).getText()).contains("events not yet on scim.events");
        screenshot("10-status");
    }

    @Test
    void fiveWrongPasswordsInARowPauseTheAccountsSignIn() {
        Operators.NewPassword account = operators.createAccount(unique("throttled").toLowerCase(), "auditor",
                AdminActor.system("test"));
        String name = account.account().username();
        for (int i = 0; i < 5; i++) {
            signIn(name, "wrong-" + i);
            assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                    .contains("The account or the password is wrong");
        }
        signIn(name, account.password());
        assertThat(browser.getCurrentUrl()).contains("throttled=");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("Too many wrong passwords");
    }

    /**
     * An account's holder changes its own password (an auditor too: the one change an auditor may make); an admin
     * disables the account, and its session, signed in before, ends at its next request; enabled again and its
     * password reset by an admin, it signs in with the new one only. Each step is an event with its actor.
     */
    @Test
    void anAccountChangesItsPasswordAndADisabledAccountsSessionEnds() throws Exception {
        Operators.NewPassword made = operators.createAccount(unique("holder").toLowerCase(), "auditor",
                AdminActor.system("test"));
        String name = made.account().username();
        signIn(name, made.password());
        browser.get(url("/console/accounts"));
        browser.findElement(By.id("current-password")).sendKeys("not my password");
        browser.findElement(By.id("chosen-password")).sendKeys("a new password of mine");
        browser.findElement(By.id("repeated-password")).sendKeys("a new password of mine");
        submit(browser.findElement(By.xpath("//button[text()='Change password']")));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("the current password is not right");
        browser.findElement(By.id("current-password")).sendKeys(made.password());
        browser.findElement(By.id("chosen-password")).sendKeys("a new password of mine");
        browser.findElement(By.id("repeated-password")).sendKeys("a new password of mine");
        submit(browser.findElement(By.xpath("//button[text()='Change password']")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("Your password is changed");
        submit(browser.findElement(By.xpath("//button[text()='Sign out']")));
        signIn(name, made.password());
        assertThat(browser.getCurrentUrl()).as("the old password").contains("error");
        signIn(name, "a new password of mine");
        assertThat(browser.getCurrentUrl()).endsWith("/console/tenants");

        // disabled by an admin elsewhere (another node, the command line): this session ends at its next request
        operators.disable(name, AdminActor.system("test-admin"));
        browser.get(url("/console/tenants"));
        assertThat(browser.getCurrentUrl()).contains("/console/login?disabled");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("disabled");
        browser.get(url("/console/tenants"));
        assertThat(browser.getCurrentUrl()).as("the session is gone").contains("/console/login");
        signIn(name, "a new password of mine");
        assertThat(browser.getCurrentUrl()).as("a disabled account cannot sign in").contains("error");

        // an admin enables it and resets its password in the console
        signIn("admin", CONSOLE_ADMIN_PASSWORD);
        browser.get(url("/console/accounts"));
        submit(browser.findElement(By.cssSelector("button[aria-label='Enable " + name + "']")));
        submit(browser.findElement(By.cssSelector("button[aria-label='Reset the password of " + name + "']")));
        String reset = value("account-password");
        browser.findElement(By.xpath("//dialog//button[text()='Done']")).click();
        // the audit trail is a projection of its own: the latest events reach it a moment later
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!browser.getPageSource().contains("ConsoleAccountPasswordChangedEvent accounts." + name + ".password")
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
            browser.get(url("/console/accounts"));
        }
        assertThat(browser.findElement(By.id("activity")).getText())
                .contains("ConsoleAccountEnabledEvent accounts." + name + ".disabled")
                .contains("ConsoleAccountPasswordChangedEvent accounts." + name + ".password");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('activity').scrollIntoView()");
        screenshot("4b-accounts-activity");
        submit(browser.findElement(By.xpath("//button[text()='Sign out']")));
        signIn(name, "a new password of mine");
        assertThat(browser.getCurrentUrl()).contains("error");
        signIn(name, reset);
        assertThat(browser.getCurrentUrl()).endsWith("/console/tenants");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenChangesNothing() throws Exception {
        signIn("admin", CONSOLE_ADMIN_PASSWORD);
        Cookie session = browser.manage().getCookieNamed("scim_console");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        String name = unique("csrf");
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url("/console/tenants")))
                .header("Cookie", "scim_console=" + session.getValue())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        List<String> names = call("GET", "/admin/tenants", ADMIN_TOKEN, null).body().findValuesAsText("name");
        assertThat(names).doesNotContain(name);
    }
}
