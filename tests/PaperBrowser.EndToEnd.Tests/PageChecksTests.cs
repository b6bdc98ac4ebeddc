using System.Text.Json;
using Microsoft.Playwright;
using PaperBrowser.EndToEnd.Tests.Infrastructure;

namespace PaperBrowser.EndToEnd.Tests;

/// <summary>
/// Every kind of page in both themes: axe-core finds no WCAG 2.1 A/AA violation, nothing is loaded
/// from another host, nothing scrolls sideways at 360 px, and screenshots are kept for a look.
/// </summary>
public abstract class PageChecksTests(AppFixture app) : AppTest(app)
{
    public const int NarrowWidth = 360;

    public static TheoryData<string> Pages() => ["home", "search", "paper", "paper-math", "browse", "about", "not-found"];

    protected async Task CheckAsync(string name, ColorScheme scheme)
    {
        var path = await PathAsync(name);
        await using var session = await App.NewSessionAsync(scheme);
        var page = session.Page;
        var response = await session.GotoAsync(path);
        Assert.Equal(name == "not-found" ? 404 : 200, response.Status);
        Assert.Equal(scheme == ColorScheme.Dark, await page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches"));

        var theme = scheme.ToString().ToLowerInvariant();
        await session.ScreenshotAsync($"{name}-{theme}-desktop");
        await session.AssertAccessibleAsync($"the {name} page ({path})");
        if (name == "search")
        {
            // Without JavaScript the forms show their Apply and Sort buttons. axe cannot run with
            // JavaScript off, so show them the way a no-script page has them and check again.
            await page.EvaluateAsync("() => document.querySelectorAll('.js-autosubmit').forEach(f => f.classList.remove('js-autosubmit'))");
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).IsVisibleAsync());
            await session.AssertAccessibleAsync($"the {name} page as shown without JavaScript");
            await session.ScreenshotAsync($"{name}-{theme}-nojs");
        }

        // Nothing in the filter sidebar sticks out of it (long source names once pushed their counts out).
        var outside = await page.EvaluateAsync<string[]>("""
            () => Array.from(document.querySelectorAll('.sidebar *'))
                .filter(e => e.getBoundingClientRect().right > e.closest('.sidebar').getBoundingClientRect().right + 0.5)
                .map(e => (e.textContent || e.tagName).trim().slice(0, 60))
            """);
        Assert.True(outside.Length == 0, $"Elements stick out of the sidebar on the {name} page: {string.Join(" | ", outside)}");

        await page.SetViewportSizeAsync(NarrowWidth, 780);
        await session.ScreenshotAsync($"{name}-{theme}-{NarrowWidth}");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > NarrowWidth)
        {
            var culprits = await page.EvaluateAsync<string[]>($$"""
                () => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > {{NarrowWidth}} + 0.5)
                    .slice(0, 8)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))
                """);
            Assert.Fail($"The {name} page scrolls sideways at {NarrowWidth} px (scrollWidth {scrollWidth}). Too wide:\n{string.Join("\n", culprits)}");
        }

        session.AssertOnlyLocalRequests();
        session.AssertNoScriptErrors();
    }

    private async Task<string> PathAsync(string name) => name switch
    {
        "home" => "/",
        "search" => await FilteredSearchPathAsync(),
        // A paper with authors, a date, code links and topics; and one whose title has TeX math.
        "paper" => await App.FirstPaperPathAsync("title:\"Momentum Auxiliary Network\""),
        "paper-math" => await App.FirstPaperPathAsync("S2FT"),
        "browse" => "/browse",
        "about" => "/about",
        "not-found" => "/no/such/page",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>A query with the most common topic and "has code" ticked: chips, year chart, pager and all.</summary>
    private async Task<string> FilteredSearchPathAsync()
    {
        var query = SearchJourneyTests.Query;
        using var json = JsonDocument.Parse(await App.Http.GetStringAsync($"{App.BaseUrl}/api/search?q={query}&size=1"));
        var topic = json.RootElement.GetProperty("facets").EnumerateArray()
            .First(f => f.GetProperty("name").GetString() == "topic")
            .GetProperty("values")[0].GetProperty("value").GetString()!;
        return $"/?q={query}&topic={Uri.EscapeDataString(topic)}&code=yes";
    }
}

/// <summary>The light theme.</summary>
public sealed class LightThemePageTests(AppFixture app) : PageChecksTests(app)
{
    [Theory]
    [MemberData(nameof(Pages))]
    public Task Page_is_accessible_local_and_fits_a_phone(string name) => CheckAsync(name, ColorScheme.Light);
}

/// <summary>The dark theme.</summary>
public sealed class DarkThemePageTests(AppFixture app) : PageChecksTests(app)
{
    [Theory]
    [MemberData(nameof(Pages))]
    public Task Page_is_accessible_local_and_fits_a_phone(string name) => CheckAsync(name, ColorScheme.Dark);
}
