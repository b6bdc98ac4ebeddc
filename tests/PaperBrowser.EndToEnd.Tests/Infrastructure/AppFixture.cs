using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The app under test on real Kestrel (127.0.0.1, a free port chosen by the OS) with a fresh data
/// folder that imports the bundled samples, and one headless Chromium shared by all the tests.
/// Each test opens its own browser context (<see cref="BrowserSession"/>).
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _dataDirectory;

    /// <summary>Like http://127.0.0.1:41234, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not running.");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultChromium;

    /// <summary>SCREENSHOT_DIR, or TestResults/screenshots next to the test assembly.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        // Fail loudly (never skip) when the browser is missing: a green run must mean the pages were checked.
        var chromium = ChromiumPath;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Chromium was not found at '{chromium}'. The end-to-end tests need it: install it with " +
                "'apt-get install -y chromium' or set CHROMIUM_PATH to a Chromium executable.");

        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        if (!Directory.Exists(samples) || !Directory.EnumerateFiles(samples, "*.txt").Any())
            throw new InvalidOperationException($"The sample captures were not copied to '{samples}'.");

        _dataDirectory = Path.Combine(Path.GetTempPath(), "paperbrowser-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDirectory);

        _app = PaperBrowserApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            // The test host is the entry assembly; the static web asset manifests are named after the app.
            "--applicationName", "PaperBrowser",
            "--contentRoot", AppContext.BaseDirectory,
            "--PaperBrowser:DataDirectory", _dataDirectory,
            "--PaperBrowser:SamplesDirectory", samples,
            "--PaperBrowser:ImportSamplesWhenEmpty", "true",
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await _app.StartAsync();

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)).TrimEnd('/');
        await WaitUntilReadyAsync();

        _playwright = await Playwright.CreateAsync();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync"],
            });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"Chromium at '{chromium}' could not be started: {e.Message}", e);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync(BaseUrl + "/readyz");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{BaseUrl}/readyz did not answer 200 within {ReadyTimeout.TotalSeconds:0} s; last: {last}");
    }

    /// <summary>A new browser context (own cookies, theme, viewport, JavaScript setting) with one page.</summary>
    public Task<BrowserSession> NewSessionAsync(ColorScheme scheme = ColorScheme.Light, bool javaScript = true, int width = 1280, int height = 900) =>
        BrowserSession.StartAsync(this, scheme, javaScript, width, height);

    /// <summary>The site path of the first hit of a search, through the JSON API (for tests that need "some paper").</summary>
    public async Task<string> FirstPaperPathAsync(string query)
    {
        using var response = await Http.GetAsync($"{BaseUrl}/api/search?q={Uri.EscapeDataString(query)}&size=1");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var hits = json.RootElement.GetProperty("hits");
        Assert.True(hits.GetArrayLength() > 0, $"The samples have no paper for '{query}'.");
        return hits[0].GetProperty("url").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_dataDirectory is not null)
        {
            try { Directory.Delete(_dataDirectory, recursive: true); }
            catch (IOException) { /* a file still held open; the temp folder is cleaned by the system */ }
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>
/// All the test classes share one app and one browser, so they form one collection (run one after
/// another); xUnit starts the fixture before the first and disposes it after the last.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "PaperBrowser app and browser";
}

/// <summary>Base of the test classes: the shared app and browser.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(AppFixture app)
{
    protected AppFixture App { get; } = app;
}
