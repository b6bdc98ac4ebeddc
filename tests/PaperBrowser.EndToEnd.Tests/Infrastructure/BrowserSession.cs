using System.Collections.Concurrent;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PaperBrowser.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One browser context and page for one test. It records every request the page makes and every
/// script error, so a test can check that the site stayed on 127.0.0.1 and ran cleanly.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _scriptErrors = new();

    private BrowserSession(AppFixture app, IBrowserContext context, IPage page, ColorScheme scheme, bool javaScript)
    {
        App = app;
        Context = context;
        Page = page;
        Scheme = scheme;
        JavaScript = javaScript;
    }

    public AppFixture App { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public ColorScheme Scheme { get; }
    public bool JavaScript { get; }
    public IReadOnlyCollection<string> Requests => _requests;

    public static async Task<BrowserSession> StartAsync(AppFixture app, ColorScheme scheme, bool javaScript, int width, int height)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ColorScheme = scheme,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(20_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(app, context, page, scheme, javaScript);
        context.Request += (_, request) => session._requests.Enqueue(request.Url);
        page.PageError += (_, error) => session._scriptErrors.Enqueue("uncaught: " + error);
        page.Console += (_, message) =>
        {
            // A 404 page's own status shows as "Failed to load resource"; anything else is a real error
            // (a Content-Security-Policy refusal, a script exception).
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal))
                session._scriptErrors.Enqueue("console: " + message.Text);
        };
        return session;
    }

    public async Task<IResponse> GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        return response;
    }

    /// <summary>Every request went to the app itself: no fonts, scripts, images or beacons from elsewhere.</summary>
    public void AssertOnlyLocalRequests()
    {
        var external = _requests.Where(url => !IsLocal(url)).Distinct().ToList();
        Assert.True(external.Count == 0, "The page made requests outside 127.0.0.1:\n" + string.Join("\n", external));
    }

    public void AssertNoScriptErrors() =>
        Assert.True(_scriptErrors.IsEmpty, "Script errors:\n" + string.Join("\n", _scriptErrors));

    private static bool IsLocal(string url)
    {
        if (url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal)) return true;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host == "127.0.0.1";
    }

    /// <summary>axe-core with the WCAG 2.1 A and AA rules; fails listing each violation and the elements.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        // axe runs as script in the page: with JavaScript off it would wait for ever.
        if (!JavaScript) throw new InvalidOperationException("axe-core needs a context with JavaScript enabled.");
        var result = await Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        }).WaitAsync(TimeSpan.FromSeconds(90));
        if (result.Violations.Length == 0) return;
        var message = new StringBuilder($"{result.Violations.Length} accessibility violation(s) on {what} ({Scheme} theme, {Page.Url}):\n");
        foreach (var violation in result.Violations)
        {
            message.Append($"- {violation.Id} [{violation.Impact}]: {violation.Help} ({violation.HelpUrl})\n");
            foreach (var node in violation.Nodes.Take(10))
            {
                var why = string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Distinct());
                message.Append($"    {node.Target}  {node.Html}\n      {why}\n");
            }
            if (violation.Nodes.Length > 10) message.Append($"    … and {violation.Nodes.Length - 10} more\n");
        }
        Assert.Fail(message.ToString());
    }

    /// <summary>A full-page screenshot into the artifacts folder.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(AppFixture.ScreenshotDirectory);
        var path = Path.Combine(AppFixture.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
