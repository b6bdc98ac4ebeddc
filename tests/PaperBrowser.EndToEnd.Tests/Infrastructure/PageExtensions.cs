using Microsoft.Playwright;

namespace PaperBrowser.EndToEnd.Tests.Infrastructure;

public static class PageExtensions
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Waits until the page shows an address that satisfies the condition and that document has
    /// loaded. It polls rather than using WaitForURLAsync, whose load-state bookkeeping in the .NET
    /// client occasionally missed the "load" of a page reached by a click.
    /// </summary>
    public static async Task WaitForPageAsync(this IPage page, Func<string, bool> condition, string description)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition(page.Url))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {Timeout.TotalSeconds:0} s for {description}; the page is still at {page.Url}");
            await Task.Delay(25);
        }
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null,
            new PageWaitForFunctionOptions { PollingInterval = 25, Timeout = (float)Timeout.TotalMilliseconds });
    }

    /// <summary>Waits for the page at exactly this path (and query) on the app.</summary>
    public static Task WaitForPathAsync(this IPage page, string pathAndQuery) =>
        page.WaitForPageAsync(url => new Uri(url).PathAndQuery == pathAndQuery, pathAndQuery);
}
