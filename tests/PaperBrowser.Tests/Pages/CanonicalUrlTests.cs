using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using PaperBrowser.Web.Papers;
using PaperBrowser.Web.Search;

namespace PaperBrowser.Tests.Pages;

/// <summary>Each view has one URL: the page's canonical link, and the 301 from any other address of a paper.</summary>
[Collection(SampleSite.Collection)]
public sealed class CanonicalUrlTests(SampleSite site)
{
    private static string Expected(string query) => SearchUrl.Build("/", SearchUrl.Parse(QueryHelpers.ParseQuery(query)).Request);

    [Theory]
    [InlineData("", "/")]
    [InlineData("?q=diffusion", "/?q=diffusion")]
    [InlineData("?q=graph+neural+networks", "/?q=graph+neural+networks")]
    [InlineData("?page=1&size=20&q=&topic=", "/")]
    [InlineData("?sort=newest", "/")]
    [InlineData("?q=diffusion&sort=relevance", "/?q=diffusion")]
    [InlineData("?page=2&q=diffusion", "/?q=diffusion&page=2")]
    [InlineData("?size=10&sort=oldest&code=yes&q=diffusion", "/?q=diffusion&code=yes&sort=oldest&size=10")]
    [InlineData("?year=2024-2020&q=learning", "/?q=learning&year=2020-2024")]
    public async Task The_canonical_link_is_the_view_in_canonical_form(string query, string canonical)
    {
        var page = await site.GetAsync("/" + query, HttpStatusCode.OK);

        Assert.Equal(canonical, page.Canonical);
        Assert.Equal(Expected(query), page.Canonical);
    }

    [Fact]
    public async Task The_canonical_link_equals_the_built_url_of_the_parsed_view_for_every_parameter()
    {
        // Filter values that exist together, found through the facets, so page 2 of 1 has a hit.
        var topic = await TopValueAsync("/?q=learning", "topic");
        var source = await TopValueAsync($"/?q=learning&topic={Uri.EscapeDataString(topic.Value)}", "source");
        var code = await TopValueAsync($"/?q=learning&topic={Uri.EscapeDataString(topic.Value)}&source={Uri.EscapeDataString(source.Value)}", "code");
        Assert.True(code.Count >= 2, $"need two papers for page 2, have {code.Count}");
        var query = $"?size=1&page=2&sort=oldest&source={Uri.EscapeDataString(source.Value)}&code={code.Value}&year=1990-2100&topic={Uri.EscapeDataString(topic.Value)}&q=learning";

        var page = await site.GetAsync("/" + query, HttpStatusCode.OK);

        Assert.Empty(page.Notices);
        Assert.Single(page.Document.QuerySelectorAll("li.result"));
        Assert.Equal(Expected(query), page.Canonical);
        var names = QueryHelpers.ParseQuery(new Uri("http://x" + page.Canonical).Query).Keys.ToList();
        Assert.Equal(["q", "topic", "year", "code", "source", "sort", "page", "size"], names);
    }

    private async Task<(string Value, int Count)> TopValueAsync(string url, string facet)
    {
        var page = await site.GetAsync(url, HttpStatusCode.OK);
        var box = page.Document.QuerySelector($"fieldset#facet-{facet} input[type=checkbox]");
        Assert.True(box is not null, $"{url} has no {facet} values");
        var count = page.Document.QuerySelector($"label[for='{box.Id}'] .count")!.TextContent;
        return (box.GetAttribute("value")!, int.Parse(count, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.CurrentCulture));
    }

    [Fact]
    public async Task The_same_view_in_a_different_parameter_order_has_the_same_canonical_link()
    {
        var a = await site.GetAsync("/?q=learning&code=yes&sort=oldest&size=10&page=2", HttpStatusCode.OK);
        var b = await site.GetAsync("/?page=2&size=10&sort=oldest&code=yes&q=learning", HttpStatusCode.OK);
        var c = await site.GetAsync("/?SIZE=10&Sort=OLDEST&page=2&code=yes&q=learning&utm_campaign=x", HttpStatusCode.OK);

        Assert.Equal("/?q=learning&code=yes&sort=oldest&page=2&size=10", a.Canonical);
        Assert.Equal(a.Canonical, b.Canonical);
        Assert.Equal(a.Canonical, c.Canonical);
        // Same view, same results.
        Assert.Equal(Titles(a), Titles(b));
        Assert.Equal(Titles(a), Titles(c));
    }

    [Fact]
    public async Task Links_the_page_makes_are_canonical_too()
    {
        var page = await site.GetAsync("/?size=10&q=diffusion&page=2", HttpStatusCode.OK);

        var next = page.Document.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;
        var prev = page.Document.QuerySelector("nav.pager a[rel=prev]")!.GetAttribute("href")!;
        Assert.Equal("/?q=diffusion&page=3&size=10", next);
        Assert.Equal("/?q=diffusion&size=10", prev);
        foreach (var a in page.Document.QuerySelectorAll("a[href^='/?']"))
        {
            var href = a.GetAttribute("href")!;
            var query = href[1..];
            if (query.Contains("more=", StringComparison.Ordinal)) continue; // the facet panel's expand link adds a UI parameter
            Assert.Equal(Expected(query), href);
        }
    }

    [Fact]
    public async Task The_paper_page_canonical_is_its_id_and_slug()
    {
        var paper = (await site.PapersAsync())[5];

        var page = await site.GetAsync(PaperUrl.For(paper.Id, paper.Title), HttpStatusCode.OK);

        Assert.Equal($"/papers/{paper.Id}/{PaperUrl.Slug(paper.Title)}", page.Canonical);
    }

    [Fact]
    public async Task A_paper_address_without_its_slug_redirects_permanently_to_the_canonical_one()
    {
        var paper = (await site.PapersAsync())[3];
        var canonical = PaperUrl.For(paper.Id, paper.Title);

        var page = await site.GetAsync($"/papers/{paper.Id}", HttpStatusCode.MovedPermanently);

        Assert.Equal(canonical, page.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/wrong-slug")]
    [InlineData("/")]
    [InlineData("/SLUG-IN-CAPITALS")]
    public async Task A_paper_address_with_a_wrong_slug_redirects_permanently_to_the_canonical_one(string suffix)
    {
        var paper = (await site.PapersAsync())[3];
        var canonical = PaperUrl.For(paper.Id, paper.Title);

        var page = await site.GetAsync($"/papers/{paper.Id}{suffix}", HttpStatusCode.MovedPermanently);

        Assert.Equal(canonical, page.Location?.OriginalString);
        // The target is a page, not another redirect.
        await site.GetAsync(page.Location!.OriginalString, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_redirect_keeps_the_query_string()
    {
        var paper = (await site.PapersAsync())[3];

        var page = await site.GetAsync($"/papers/{paper.Id}/wrong?ref=feed", HttpStatusCode.MovedPermanently);

        Assert.Equal(PaperUrl.For(paper.Id, paper.Title) + "?ref=feed", page.Location?.OriginalString);
    }

    [Fact]
    public async Task Citation_downloads_are_not_redirected()
    {
        var paper = (await site.PapersAsync())[3];

        await site.GetAsync($"/papers/{paper.Id}/cite.bib", HttpStatusCode.OK);
        await site.GetAsync($"/papers/{paper.Id}/cite.ris", HttpStatusCode.OK);
    }

    private static List<string> Titles(PageResponse page) =>
        [.. page.Document.QuerySelectorAll("li.result h2 a").Select(a => a.GetAttribute("href")!)];
}
