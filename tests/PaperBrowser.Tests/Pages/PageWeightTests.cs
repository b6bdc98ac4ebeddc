using System.Net;

namespace PaperBrowser.Tests.Pages;

/// <summary>The search page stays light: HTML plus everything it loads under 100 KB.</summary>
[Collection(SampleSite.Collection)]
public sealed class PageWeightTests(SampleSite site)
{
    private const int Budget = 100 * 1024;

    [Theory]
    [InlineData("/")]
    [InlineData("/?q=diffusion")]
    [InlineData("/?q=learning&code=yes")]
    public async Task The_search_page_with_its_styles_and_scripts_weighs_under_100_KB(string url)
    {
        var page = await site.GetAsync(url, HttpStatusCode.OK);

        long total = page.Bytes;
        var assets = page.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src], img[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            using var response = await site.Client.GetAsync("/" + asset.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.True(total < Budget, $"{url} weighs {total:N0} bytes (HTML {page.Bytes:N0})");
        Assert.NotEmpty(page.Document.QuerySelectorAll("li.result"));
    }
}
