using System.Net;
using AngleSharp.Dom;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Pages;

/// <summary>
/// Paper text is data: markup, script links and entities imported from a crafted capture file
/// appear only as text on the search page, the paper page and the feed.
/// </summary>
[Collection(CraftedSite.Collection)]
public sealed class XssTests(CraftedSite site)
{
    private static readonly string[] AttackTitles = [CraftedSite.ScriptTitle, CraftedSite.ImageTitle, CraftedSite.EntityTitle, CraftedSite.LinkTitle];

    /// <summary>
    /// Nothing in the document can run script: scripts only from the site's own files, no event
    /// handler attributes, no script URLs, no elements that embed or load other content.
    /// </summary>
    private static void AssertNoLiveScript(PageResponse page, string url)
    {
        var document = page.Document;
        foreach (var script in document.Scripts)
        {
            Assert.True(script.Source is { Length: > 0 } src && src.StartsWith("js/", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(script.Text),
                $"{url}: unexpected script {script.OuterHtml}");
        }
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase),
                    $"{url}: event handler attribute on {element.OuterHtml[..Math.Min(200, element.OuterHtml.Length)]}");
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href" or "data")
                {
                    var value = new string([.. attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))]);
                    Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                                 || value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
                                 || value.StartsWith("data:text", StringComparison.OrdinalIgnoreCase),
                        $"{url}: script URL in {element.LocalName} {attribute.Name}=\"{attribute.Value}\"");
                }
            }
        }
        // Nothing in the page's content loads or embeds anything.
        foreach (var tag in new[] { "img", "iframe", "frame", "object", "embed", "video", "audio", "link", "meta", "base", "style", "script" })
            Assert.Empty(document.QuerySelectorAll("main " + tag));
        Assert.Single(document.QuerySelectorAll("base"));
        // The raw attack strings never appear unencoded in the markup.
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg onload", page.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_crafted_papers_were_imported_with_their_text_as_it_was()
    {
        var papers = await site.PapersAsync();

        foreach (var title in AttackTitles)
            Assert.Contains(papers, p => p.Title == title);
    }

    [Fact]
    public async Task The_search_page_shows_crafted_titles_and_abstracts_as_text()
    {
        const string url = "/?q=" + CraftedSite.Marker + "&size=50";

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        AssertNoLiveScript(page, url);
        var titles = page.Document.QuerySelectorAll("li.result h2 a").Select(a => a.TextContent).ToList();
        foreach (var title in AttackTitles)
            Assert.Contains(title, titles);
        var fragments = string.Join("\n", page.Document.QuerySelectorAll("li.result p.fragment").Select(p => p.TextContent));
        Assert.Contains("<script>alert(1)</script>", fragments);
        Assert.Contains("<img src=x onerror=alert(1)>", fragments);
    }

    [Fact]
    public async Task The_search_page_without_a_query_is_safe_too()
    {
        var page = await site.GetAsync("/?size=50", HttpStatusCode.OK);

        AssertNoLiveScript(page, "/?size=50");
        Assert.Contains(CraftedSite.ScriptTitle, page.Document.QuerySelectorAll("li.result h2 a").Select(a => a.TextContent));
    }

    [Theory]
    [InlineData(CraftedSite.ScriptTitle)]
    [InlineData(CraftedSite.ImageTitle)]
    [InlineData(CraftedSite.EntityTitle)]
    [InlineData(CraftedSite.LinkTitle)]
    public async Task The_paper_page_shows_a_crafted_paper_as_text(string title)
    {
        var paper = (await site.PapersAsync()).Single(p => p.Title == title);
        var url = PaperUrl.For(paper.Id, paper.Title);

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        AssertNoLiveScript(page, url);
        Assert.Equal(title, page.H1!.TextContent);
        Assert.Equal($"{title} · PaperBrowser", page.Document.Title);
        Assert.Equal(title, page.Document.QuerySelector("meta[name=citation_title]")!.GetAttribute("content"));
        var abstractText = page.Document.QuerySelector("section.abstract")!.TextContent;
        Assert.Contains("<script>alert(1)</script>", abstractText);
        Assert.Contains("<img src=x onerror=alert(1)>", abstractText);
        Assert.Contains("<svg onload=alert(1)>", abstractText);
        Assert.Contains("javascript:alert(1)", abstractText);
        // No link in the abstract goes anywhere but the web.
        Assert.All(page.Document.QuerySelectorAll("section.abstract a"), a => Assert.StartsWith("http", a.GetAttribute("href")));
        // The COinS title carries the text escaped, not as markup.
        var coins = page.Document.QuerySelector("span.Z3988")!.GetAttribute("title")!;
        Assert.Contains("rft.atitle=" + Uri.EscapeDataString(title), coins);
    }

    [Fact]
    public async Task The_entity_title_is_shown_with_its_entities_as_written()
    {
        var paper = (await site.PapersAsync()).Single(p => p.Title == CraftedSite.EntityTitle);

        var page = await site.GetAsync(PaperUrl.For(paper.Id, paper.Title), HttpStatusCode.OK);

        // The text has "&lt;b&gt;": it is shown as those characters, not turned into a <b> element.
        Assert.Empty(page.Document.QuerySelectorAll("main b, main h1 script"));
        Assert.Contains("&#60;script&#62;", page.H1!.TextContent);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><script>alert(1)</script>")]
    [InlineData("'><img src=x onerror=alert(1)>")]
    [InlineData("</title><script>alert(1)</script>")]
    [InlineData("javascript:alert(1)")]
    public async Task A_query_with_markup_is_echoed_encoded(string query)
    {
        var url = "/?q=" + Uri.EscapeDataString(query);

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        AssertNoLiveScript(page, url);
        Assert.Equal(query, page.Document.QuerySelector("input#q")!.GetAttribute("value"));
        Assert.Equal(query, page.H1!.QuerySelector("q")!.TextContent);
        Assert.Equal($"{query} · PaperBrowser", page.Document.Title);
    }

    [Fact]
    public async Task A_filter_value_with_markup_is_echoed_encoded()
    {
        const string value = "<script>alert(1)</script>";
        var url = "/?topic=" + Uri.EscapeDataString(value) + "&source=" + Uri.EscapeDataString("<img src=x onerror=alert(1)>");

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        AssertNoLiveScript(page, url);
        Assert.Contains(page.Document.QuerySelectorAll("a.chip"), a => a.TextContent.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_feed_carries_crafted_text_as_escaped_text()
    {
        var page = await site.GetAsync("/feed?q=" + CraftedSite.Marker, HttpStatusCode.OK);

        var atom = (System.Xml.Linq.XNamespace)"http://www.w3.org/2005/Atom";
        var feed = System.Xml.Linq.XDocument.Parse(page.Body).Root!;
        var titles = feed.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value).ToList();
        foreach (var title in AttackTitles)
            Assert.Contains(title, titles);
        // Plain-text constructs only: nothing a reader would render as HTML.
        Assert.All(feed.Descendants(atom + "title").Concat(feed.Descendants(atom + "summary")),
            e => Assert.True(e.Attribute("type") is null || (string?)e.Attribute("type") == "text"));
        Assert.DoesNotContain("<script>", page.Body);
    }

    [Fact]
    public async Task Control_characters_in_paper_text_do_not_break_the_feed()
    {
        Assert.Contains(await site.PapersAsync(), p => p.Title.Contains("Zebrafish Signals", StringComparison.Ordinal));

        foreach (var url in new[] { "/feed", "/feed?q=" + CraftedSite.Marker, "/feed?q=bell" })
        {
            var page = await site.GetAsync(url, HttpStatusCode.OK);

            var atom = (System.Xml.Linq.XNamespace)"http://www.w3.org/2005/Atom";
            var titles = System.Xml.Linq.XDocument.Parse(page.Body).Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value);
            Assert.Contains(titles, t => t.Contains("Zebrafish Signals", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_api_returns_crafted_text_as_data_with_encoded_highlights()
    {
        var page = await site.GetAsync("/api/search?q=" + CraftedSite.Marker, HttpStatusCode.OK);

        Assert.StartsWith("application/json", page.ContentType);
        using var json = System.Text.Json.JsonDocument.Parse(page.Body);
        var hits = json.RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.Contains(hits, h => h.GetProperty("title").GetString() == CraftedSite.ScriptTitle);
        Assert.All(hits, h => Assert.DoesNotContain("<script", h.GetProperty("titleHtml").GetString()));
    }
}
