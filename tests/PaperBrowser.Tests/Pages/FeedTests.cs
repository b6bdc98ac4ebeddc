using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace PaperBrowser.Tests.Pages;

/// <summary>Atom feeds (RFC 4287) of search views, read with System.Xml.Linq.</summary>
[Collection(SampleSite.Collection)]
public sealed class FeedTests(SampleSite site)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private async Task<XElement> FeedAsync(string url)
    {
        var page = await site.GetAsync(url, HttpStatusCode.OK);
        Assert.Equal("application/atom+xml; charset=utf-8", page.ContentType);
        var feed = XDocument.Parse(page.Body).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        return feed;
    }

    private static string Required(XElement element, string name)
    {
        var child = element.Elements(Atom + name).ToList();
        Assert.True(child.Count == 1, $"<{element.Name.LocalName}> should have one <{name}>, has {child.Count}");
        Assert.False(string.IsNullOrWhiteSpace(child[0].Value), $"<{element.Name.LocalName}>'s <{name}> is empty");
        return child[0].Value;
    }

    private static XElement Link(XElement element, string rel)
    {
        var links = element.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == rel).ToList();
        Assert.True(links.Count >= 1, $"<{element.Name.LocalName}> has no link rel={rel}");
        Assert.False(string.IsNullOrWhiteSpace((string?)links[0].Attribute("href")));
        return links[0];
    }

    private static void AssertTimestamp(string value) =>
        Assert.True(DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            $"\"{value}\" is not an RFC 3339 timestamp");

    [Theory]
    [InlineData("/feed")]
    [InlineData("/feed?q=diffusion")]
    [InlineData("/feed?q=graph&code=yes")]
    public async Task The_feed_and_each_entry_have_the_elements_atom_requires(string url)
    {
        var feed = await FeedAsync(url);

        Required(feed, "id");
        Required(feed, "title");
        AssertTimestamp(Required(feed, "updated"));
        var self = Link(feed, "self");
        Assert.Equal("application/atom+xml", (string?)self.Attribute("type"));
        Assert.Equal(new Uri("http://localhost" + url), new Uri((string)self.Attribute("href")!));
        // Entries have no author of their own, so the feed must have one.
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.NotEmpty(entries);
        Assert.True(entries.Count <= 50);
        foreach (var entry in entries)
        {
            Assert.StartsWith("tag:", Required(entry, "id"));
            Required(entry, "title");
            AssertTimestamp(Required(entry, "updated"));
            var alternate = Link(entry, "alternate");
            var href = new Uri((string)alternate.Attribute("href")!);
            Assert.True(href.IsAbsoluteUri);
            Assert.StartsWith("/papers/", href.AbsolutePath);
        }
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
    }

    [Fact]
    public async Task Entry_links_lead_to_paper_pages()
    {
        var feed = await FeedAsync("/feed?q=diffusion");

        var href = new Uri((string)Link(feed.Elements(Atom + "entry").First(), "alternate").Attribute("href")!);
        var page = await site.GetAsync(href.PathAndQuery, HttpStatusCode.OK);
        Assert.Equal(href.AbsolutePath, page.Canonical);
    }

    [Fact]
    public async Task Ids_are_stable_across_requests()
    {
        var first = await FeedAsync("/feed?q=diffusion");
        var second = await FeedAsync("/feed?q=diffusion");

        Assert.Equal(first.Element(Atom + "id")!.Value, second.Element(Atom + "id")!.Value);
        Assert.Equal(
            first.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value),
            second.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal(first.Element(Atom + "updated")!.Value, second.Element(Atom + "updated")!.Value);
    }

    [Fact]
    public async Task The_same_view_in_another_parameter_order_is_the_same_feed()
    {
        var a = await FeedAsync("/feed?q=graph&code=yes");
        var b = await FeedAsync("/feed?code=yes&q=graph&sort=title&page=3");

        Assert.Equal(a.Element(Atom + "id")!.Value, b.Element(Atom + "id")!.Value);
        Assert.Equal(
            a.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value),
            b.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
    }

    [Fact]
    public async Task The_feed_is_newest_first_like_the_newest_sort()
    {
        var feed = await FeedAsync("/feed?q=diffusion");
        var page = await site.GetAsync("/?q=diffusion&sort=newest&size=50", HttpStatusCode.OK);

        var feedLinks = feed.Elements(Atom + "entry").Select(e => new Uri((string)Link(e, "alternate").Attribute("href")!).AbsolutePath);
        var pageLinks = page.Document.QuerySelectorAll("li.result h2 a").Select(a => a.GetAttribute("href"));
        Assert.Equal(pageLinks, feedLinks);
    }

    [Fact]
    public async Task The_feed_updated_time_is_the_latest_entry_update()
    {
        var feed = await FeedAsync("/feed");

        var updated = DateTimeOffset.Parse(feed.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture);
        var entries = feed.Elements(Atom + "entry").Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(entries.Max(), updated);
    }

    [Fact]
    public async Task A_feed_with_no_hits_is_still_a_valid_feed()
    {
        var feed = await FeedAsync("/feed?q=qwzxv+plmoknijb");

        Assert.Empty(feed.Elements(Atom + "entry"));
        Required(feed, "id");
        AssertTimestamp(Required(feed, "updated"));
        Link(feed, "self");
    }

    [Fact]
    public async Task The_search_page_links_to_its_feed()
    {
        var page = await site.GetAsync("/?q=diffusion&page=2", HttpStatusCode.OK);

        var href = page.Document.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href")!;
        Assert.Equal("/feed?q=diffusion", href);
        await FeedAsync(href);
    }
}
