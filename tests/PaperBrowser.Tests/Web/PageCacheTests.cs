using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperBrowser.Papers;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Web;

/// <summary>
/// Rendered views are kept per URL until the index changes. These tests change a row behind the
/// index's back to see whether an answer came from the cache, then move the index on.
/// </summary>
public sealed class PageCacheTests
{
    private sealed class Site(int cacheSeconds) : PaperBrowserFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["PaperBrowser:PageCacheSeconds"] = cacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static async Task<(int Id, string Title)> AnyPaperAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/search?q=diffusion&size=1"));
        var hit = doc.RootElement.GetProperty("hits")[0];
        return (hit.GetProperty("id").GetInt32(), hit.GetProperty("title").GetString()!);
    }

    /// <summary>A client of the site, and a paper with the URL of its API answer.</summary>
    private static async Task<(HttpClient Client, int Id, string Title, string Url)> OpenAsync(Site site)
    {
        var client = site.CreateClient();
        var (id, title) = await AnyPaperAsync(client);
        return (client, id, title, $"/api/papers/{id}");
    }

    private static async Task RenameBehindTheIndexAsync(PaperBrowserFactory site, int id, string title)
    {
        var dbFactory = site.Services.GetRequiredService<IDbContextFactory<PaperDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var paper = await db.Papers.SingleAsync(p => p.Id == id);
        paper.Title = title;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_view_is_served_from_the_cache_until_the_index_changes()
    {
        using var site = new Site(600);
        var (client, id, title, url) = await OpenAsync(site);
        using var _ = client;
        Assert.Contains(JsonEncodedText.Encode(title).Value, await client.GetStringAsync(url), StringComparison.Ordinal);

        await RenameBehindTheIndexAsync(site, id, "Cache probe: a renamed paper");
        // Same URL, same index state: the kept answer.
        Assert.DoesNotContain("Cache probe", await client.GetStringAsync(url), StringComparison.Ordinal);
        // Another URL is rendered anew (the query string is part of the key).
        Assert.Contains("Cache probe", await client.GetStringAsync(url + "?fresh=1"), StringComparison.Ordinal);

        // The index moves on (as after an import): the next answer is rendered from the new state.
        await site.Services.GetRequiredService<PaperIndexWriter>().UpdateAsync([id]);
        site.Services.GetRequiredService<PaperIndex>().RefreshNow();
        Assert.Contains("Cache probe", await client.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_page_is_cached_per_url_and_the_about_page_never()
    {
        using var site = new Site(600);
        using var client = site.CreateClient();
        var (id, _) = await AnyPaperAsync(client);
        var first = await client.GetStringAsync("/?q=diffusion");
        Assert.Equal(first, await client.GetStringAsync("/?q=diffusion"));
        Assert.NotEqual(first, await client.GetStringAsync("/?q=pruning"));

        await RenameBehindTheIndexAsync(site, id, "Cache probe: a renamed paper");
        Assert.DoesNotContain("Cache probe", await client.GetStringAsync("/?q=diffusion"), StringComparison.Ordinal);
        Assert.Contains("Cache probe", await client.GetStringAsync("/?q=diffusion&sort=relevance"), StringComparison.Ordinal);

        // Not-found answers are not kept: an id that appears later is found at once.
        using var missing = await client.GetAsync("/api/papers/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // A cached answer carries its age; the status page (last import, index state) is always rendered.
        (await client.GetAsync("/?q=diffusion")).Dispose();
        using (var cached = await client.GetAsync("/?q=diffusion"))
            Assert.NotNull(cached.Headers.Age);
        (await client.GetAsync("/about")).Dispose();
        using (var about = await client.GetAsync("/about"))
            Assert.Null(about.Headers.Age);
    }

    [Fact]
    public async Task With_the_cache_off_every_answer_is_rendered_from_the_current_rows()
    {
        using var site = new Site(0);
        var (client, id, _, url) = await OpenAsync(site);
        using var __ = client;
        Assert.DoesNotContain("Cache probe", await client.GetStringAsync(url), StringComparison.Ordinal);
        await RenameBehindTheIndexAsync(site, id, "Cache probe: a renamed paper");
        Assert.Contains("Cache probe", await client.GetStringAsync(url), StringComparison.Ordinal);
    }
}
