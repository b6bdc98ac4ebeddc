using System.Net;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Pages;

/// <summary>Security headers on every response: pages, errors, redirects, feeds, downloads, the API, static files.</summary>
[Collection(SampleSite.Collection)]
public sealed class SecurityHeaderTests(SampleSite site)
{
    /// <summary>The policy's directives by name, each with its sources.</summary>
    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0].ToLowerInvariant(), d => d[1..]);

    private static void AssertSecurityHeaders(PageResponse page, string url)
    {
        var csp = page.Header("Content-Security-Policy");
        Assert.False(csp is null, $"{url} has no Content-Security-Policy");
        var directives = Directives(csp);
        // Scripts fall back to default-src when script-src is missing; either way no inline or eval.
        var scriptSources = directives.TryGetValue("script-src", out var s) ? s : directives["default-src"];
        Assert.DoesNotContain("'unsafe-inline'", scriptSources);
        Assert.DoesNotContain("'unsafe-eval'", scriptSources);
        Assert.DoesNotContain("*", scriptSources);
        Assert.DoesNotContain("data:", scriptSources);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        var referrer = page.Header("Referrer-Policy");
        Assert.Contains(referrer, new[] { "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin" });
    }

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/?q=diffusion", HttpStatusCode.OK)]
    [InlineData("/?page=-3&sort=bogus", HttpStatusCode.OK)]
    [InlineData("/browse", HttpStatusCode.OK)]
    [InlineData("/about", HttpStatusCode.OK)]
    [InlineData("/feed", HttpStatusCode.OK)]
    [InlineData("/feed?q=diffusion", HttpStatusCode.OK)]
    [InlineData("/not-found", HttpStatusCode.NotFound)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/papers/999999/x", HttpStatusCode.NotFound)]
    [InlineData("/papers/999999/cite.bib", HttpStatusCode.NotFound)]
    [InlineData("/api/search?q=diffusion", HttpStatusCode.OK)]
    [InlineData("/api/papers/999999", HttpStatusCode.NotFound)]
    [InlineData("/api/suggest?q=diff", HttpStatusCode.OK)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/readyz", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    public async Task Every_response_has_the_security_headers(string url, HttpStatusCode status)
    {
        var page = await site.GetAsync(url, status);

        AssertSecurityHeaders(page, url);
    }

    [Fact]
    public async Task Paper_pages_redirects_and_downloads_have_the_security_headers()
    {
        var paper = (await site.PapersAsync())[0];
        var urls = new (string Url, HttpStatusCode Status)[]
        {
            (PaperUrl.For(paper.Id, paper.Title), HttpStatusCode.OK),
            ($"/papers/{paper.Id}", HttpStatusCode.MovedPermanently),
            ($"/papers/{paper.Id}/wrong", HttpStatusCode.MovedPermanently),
            ($"/papers/{paper.Id}/cite.bib", HttpStatusCode.OK),
            ($"/papers/{paper.Id}/cite.ris", HttpStatusCode.OK),
            ($"/api/papers/{paper.Id}", HttpStatusCode.OK),
        };
        foreach (var (url, status) in urls)
        {
            var page = await site.GetAsync(url, status);
            AssertSecurityHeaders(page, url);
        }
    }

    [Fact]
    public async Task Static_files_have_the_security_headers()
    {
        var home = await site.GetAsync("/", HttpStatusCode.OK);
        var assets = home.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        Assert.Equal(2, assets.Count);

        foreach (var asset in assets)
        {
            var page = await site.GetAsync("/" + asset.TrimStart('/'), HttpStatusCode.OK);
            AssertSecurityHeaders(page, asset);
        }
    }

    [Fact]
    public async Task The_site_may_not_be_framed()
    {
        var page = await site.GetAsync("/", HttpStatusCode.OK);

        Assert.Equal("DENY", page.Header("X-Frame-Options"));
    }

    [Fact]
    public async Task Pages_load_no_inline_script()
    {
        var paper = (await site.PapersAsync())[0];
        foreach (var url in new[] { "/", "/?q=diffusion", PaperUrl.For(paper.Id, paper.Title), "/browse", "/about", "/not-found" })
        {
            var page = await site.GetAsync(url);

            Assert.All(page.Document.Scripts, script =>
            {
                Assert.False(string.IsNullOrEmpty(script.Source), $"{url} has an inline script");
                Assert.True(string.IsNullOrWhiteSpace(script.Text), $"{url} has an inline script");
            });
            Assert.Empty(page.Document.QuerySelectorAll("[style]"));
            Assert.Empty(page.Document.QuerySelectorAll("style"));
            Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        }
    }
}
