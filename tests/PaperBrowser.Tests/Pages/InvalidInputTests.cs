using System.Net;

namespace PaperBrowser.Tests.Pages;

/// <summary>Bad addresses never break a page: invalid values fall back with a notice, unknown ones are ignored, unknown papers are a 404.</summary>
[Collection(SampleSite.Collection)]
public sealed class InvalidInputTests(SampleSite site)
{
    [Theory]
    [InlineData("?q=diffusion&page=-3", "/?q=diffusion")]
    [InlineData("?q=diffusion&size=10000", "/?q=diffusion")]
    [InlineData("?q=diffusion&year=abc", "/?q=diffusion")]
    [InlineData("?q=diffusion&sort=bogus", "/?q=diffusion")]
    [InlineData("?page=abc", "/")]
    [InlineData("?size=-1", "/")]
    [InlineData("?year=2020-20x", "/")]
    [InlineData("?year=99999", "/")]
    public async Task An_invalid_parameter_gives_the_default_view_with_a_notice(string query, string canonical)
    {
        var page = await site.GetAsync("/" + query, HttpStatusCode.OK);

        Assert.NotEmpty(page.Notices);
        Assert.Equal(canonical, page.Canonical);
        Assert.NotEmpty(page.Document.QuerySelectorAll("li.result"));
        Assert.Equal("status", page.Document.QuerySelector("p.notice")!.GetAttribute("role"));
    }

    [Fact]
    public async Task Each_invalid_parameter_gets_its_own_notice()
    {
        var page = await site.GetAsync("/?page=-3&size=10000&year=abc&sort=bogus", HttpStatusCode.OK);

        Assert.Equal(4, page.Notices.Count);
        Assert.Contains(page.Notices, n => n.Contains("bogus", StringComparison.Ordinal));
        Assert.Contains(page.Notices, n => n.Contains("abc", StringComparison.Ordinal));
        Assert.Equal(20, page.Document.QuerySelectorAll("li.result").Length);
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored()
    {
        var plain = await site.GetAsync("/?q=diffusion", HttpStatusCode.OK);
        var noisy = await site.GetAsync("/?utm_source=newsletter&q=diffusion&fbclid=abc&page_size=3", HttpStatusCode.OK);

        Assert.Empty(noisy.Notices);
        Assert.Equal("/?q=diffusion", noisy.Canonical);
        Assert.Equal(plain.H1!.TextContent, noisy.H1!.TextContent);
        Assert.Equal(
            plain.Document.QuerySelectorAll("li.result h2 a").Select(a => a.GetAttribute("href")),
            noisy.Document.QuerySelectorAll("li.result h2 a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task A_page_past_the_end_shows_the_last_page_with_a_notice()
    {
        var page = await site.GetAsync("/?q=diffusion&page=500", HttpStatusCode.OK);

        Assert.Contains(page.Notices, n => n.Contains("no page 500", StringComparison.Ordinal));
        Assert.NotEmpty(page.Document.QuerySelectorAll("li.result"));
        Assert.Null(page.Document.QuerySelector("nav.pager a[rel=next]"));
        var last = page.Document.QuerySelector("nav.pager [aria-current=page]")!.TextContent;
        Assert.Equal($"/?q=diffusion&page={last}", page.Canonical);
    }

    [Theory]
    [InlineData("\"unclosed phrase")]
    [InlineData("AND")]
    [InlineData("OR OR NOT")]
    [InlineData("title:")]
    [InlineData("*")]
    [InlineData("((((diffusion")]
    [InlineData("~~~")]
    [InlineData("author:\"")]
    [InlineData("-")]
    [InlineData("\\")]
    [InlineData("😀 ü ß 漢字")]
    [InlineData("a:b:c:d")]
    [InlineData("[1 TO 2]")]
    [InlineData("/regex/")]
    public async Task Odd_queries_give_a_page_never_an_error(string query)
    {
        var page = await site.GetAsync("/?q=" + Uri.EscapeDataString(query), HttpStatusCode.OK);

        Assert.NotNull(page.H1);
        Assert.Equal(query.Trim(), page.Document.QuerySelector("input#q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_very_long_query_gives_a_page()
    {
        var query = string.Join(' ', Enumerable.Repeat("diffusion", 800));

        var page = await site.GetAsync("/?q=" + Uri.EscapeDataString(query), HttpStatusCode.OK);

        Assert.NotNull(page.H1);
    }

    [Fact]
    public async Task Repeated_and_empty_parameters_give_a_page()
    {
        var page = await site.GetAsync("/?q=&q=diffusion&page=&page=2&sort=&size=&year=&topic=&topic=", HttpStatusCode.OK);

        Assert.Equal("/?q=diffusion&page=2", page.Canonical);
    }

    [Fact]
    public async Task Invalid_parameters_on_the_feed_fall_back_silently()
    {
        var page = await site.GetAsync("/feed?page=-3&size=10000&year=abc&sort=bogus", HttpStatusCode.OK);

        Assert.StartsWith("application/atom+xml", page.ContentType);
        System.Xml.Linq.XDocument.Parse(page.Body);
    }

    [Theory]
    [InlineData("%01")]
    [InlineData("a%0Bb")]
    [InlineData("diffusion%1B")]
    [InlineData("%EF%BF%BE")]
    [InlineData("%ED%A0%80")]
    public async Task Characters_xml_cannot_hold_do_not_break_the_feed_or_the_page(string query)
    {
        var feed = await site.GetAsync("/feed?q=" + query, HttpStatusCode.OK);
        var page = await site.GetAsync("/?q=" + query, HttpStatusCode.OK);

        var root = System.Xml.Linq.XDocument.Parse(feed.Body).Root!;
        Assert.StartsWith("PaperBrowser: ", root.Element((System.Xml.Linq.XNamespace)"http://www.w3.org/2005/Atom" + "title")!.Value);
        Assert.NotNull(page.H1);
    }

    [Theory]
    [InlineData("/papers/999999/some-title")]
    [InlineData("/papers/999999")]
    [InlineData("/papers/0/x")]
    [InlineData("/papers/abc")]
    [InlineData("/papers/2147483648/x")]
    [InlineData("/no/such/page")]
    [InlineData("/papers")]
    [InlineData("/index.php")]
    public async Task An_unknown_paper_or_path_is_a_helpful_404(string url)
    {
        var page = await site.GetAsync(url, HttpStatusCode.NotFound);

        Assert.StartsWith("text/html", page.ContentType);
        Assert.Equal("Not found", page.H1?.TextContent);
        Assert.Equal("Not found · PaperBrowser", page.Document.Title);
        var links = page.Document.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/", links);
        Assert.Contains("/browse", links);
        // Still the site: header, styles.
        Assert.NotNull(page.Document.QuerySelector("header.site"));
    }

    [Theory]
    [InlineData("/papers/999999/cite.bib")]
    [InlineData("/papers/999999/cite.ris")]
    public async Task Citations_of_an_unknown_paper_are_404(string url)
    {
        await site.GetAsync(url, HttpStatusCode.NotFound);
    }
}
