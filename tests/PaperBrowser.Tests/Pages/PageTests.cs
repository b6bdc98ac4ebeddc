using System.Net;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Pages;

/// <summary>Every page answers with its status and its key content, over the bundled samples.</summary>
[Collection(SampleSite.Collection)]
public sealed class PageTests(SampleSite site)
{
    [Fact]
    public async Task The_home_page_lists_the_newest_papers_with_facets_and_a_pager()
    {
        var papers = await site.PapersAsync();

        var page = await site.GetAsync("/", HttpStatusCode.OK);

        Assert.StartsWith("text/html", page.ContentType);
        Assert.Equal("PaperBrowser", page.Document.Title);
        Assert.Equal($"{papers.Count:N0} papers", page.H1!.TextContent.Trim());
        Assert.Equal(20, page.Document.QuerySelectorAll("ol.result-list > li.result").Length);
        Assert.NotNull(page.Document.QuerySelector("form.search-box input#q[name=q]"));
        Assert.NotEmpty(page.Document.QuerySelectorAll("form.facets input[type=checkbox][name=topic]"));
        Assert.NotNull(page.Document.QuerySelector("nav.pager a[rel=next]"));
        Assert.NotNull(page.Document.QuerySelector("select#sort option[value=newest][selected]"));
        Assert.Equal("/", page.Canonical);
        Assert.Empty(page.Notices);
    }

    [Fact]
    public async Task A_search_shows_its_query_highlighted_hits_and_links_to_papers()
    {
        var page = await site.GetAsync("/?q=diffusion", HttpStatusCode.OK);

        Assert.Equal("diffusion · PaperBrowser", page.Document.Title);
        Assert.Equal("diffusion", page.H1!.QuerySelector("q")!.TextContent);
        Assert.Matches(@"^\d+ papers for diffusion$", page.H1.TextContent.Trim());
        var results = page.Document.QuerySelectorAll("li.result");
        Assert.Equal(20, results.Length);
        Assert.All(results, r => Assert.StartsWith("/papers/", r.QuerySelector("h2.result-title a")!.GetAttribute("href")));
        Assert.Contains(results, r => r.QuerySelectorAll("mark").Any(m => m.TextContent.Contains("iffusion", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("diffusion", page.Document.QuerySelector("input#q")!.GetAttribute("value"));
        Assert.NotNull(page.Document.QuerySelector("select#sort option[value=relevance][selected]"));
        Assert.Equal("/feed?q=diffusion", page.Document.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href"));
        Assert.Equal("/api/search?q=diffusion", page.Document.QuerySelector("link[rel=alternate][type='application/json']")!.GetAttribute("href"));
        Assert.NotNull(page.Document.QuerySelector("figure.year-chart svg"));
    }

    [Fact]
    public async Task A_quoted_phrase_is_shown_in_the_heading_with_its_own_quotes_only()
    {
        var phrase = await site.GetAsync("/?q=%22diffusion%20models%22", HttpStatusCode.OK);
        var mixed = await site.GetAsync("/?q=%22diffusion%20models%22%20video", HttpStatusCode.OK);

        // The phrase carries its quotes; a <q> around it would show a second pair.
        Assert.Null(phrase.H1!.QuerySelector("q"));
        Assert.Equal("\"diffusion models\"", phrase.H1.QuerySelector("span.query")!.TextContent);
        Assert.Matches(@"^\d+ papers? for ""diffusion models""$", phrase.H1.TextContent.Trim());
        // Anything more than one phrase is quoted as a whole, as a plain query is.
        Assert.Equal("\"diffusion models\" video", mixed.H1!.QuerySelector("q")!.TextContent);
    }

    [Fact]
    public async Task A_search_with_no_hits_explains_and_offers_a_way_out()
    {
        var page = await site.GetAsync("/?q=qwzxv+plmoknijb", HttpStatusCode.OK);

        Assert.Matches(@"^0 papers for", page.H1!.TextContent.Trim());
        Assert.Empty(page.Document.QuerySelectorAll("li.result"));
        var empty = page.Document.QuerySelector("div.empty")!;
        Assert.Contains("No papers found", empty.TextContent);
        Assert.Contains(empty.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/");
        Assert.Null(page.Document.QuerySelector("nav.pager"));
    }

    [Fact]
    public async Task A_filtered_view_shows_its_chips_and_checked_boxes()
    {
        var page = await site.GetAsync("/?q=diffusion&code=yes", HttpStatusCode.OK);

        Assert.Single(page.Document.QuerySelectorAll("ul.chips a.chip:not(.clear)"));
        Assert.Equal("/?q=diffusion", page.Document.QuerySelector("ul.chips a.chip:not(.clear)")!.GetAttribute("href"));
        Assert.NotNull(page.Document.QuerySelector("input[type=checkbox][name=code][value=yes][checked]"));
        Assert.All(page.Document.QuerySelectorAll("li.result"), r => Assert.NotNull(r.QuerySelector("a.code")));
    }

    [Fact]
    public async Task The_paper_page_shows_the_paper_its_citations_and_related_papers()
    {
        var paper = await site.PaperAsync("Forward Learning of Graph Neural Networks");
        var url = PaperUrl.For(paper.Id, paper.Title);

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        Assert.Equal($"{paper.Title} · PaperBrowser", page.Document.Title);
        Assert.Equal(paper.Title, page.H1!.TextContent);
        Assert.Equal(url, page.Canonical);
        Assert.Equal(paper.Title, page.Document.QuerySelector("meta[name=citation_title]")!.GetAttribute("content"));
        var abstractText = page.Document.QuerySelector("section.abstract")!.TextContent;
        Assert.Contains("forward-forward algorithm", abstractText);
        Assert.Contains(page.Document.QuerySelectorAll("section.abstract a"), a => a.GetAttribute("href") == "https://github.com/facebookresearch/forwardgnn");
        Assert.NotNull(page.Document.QuerySelector($"a[href='/papers/{paper.Id}/cite.bib']"));
        Assert.NotNull(page.Document.QuerySelector($"a[href='/papers/{paper.Id}/cite.ris']"));
        var related = page.Document.QuerySelectorAll("section.related ol.related-list > li a");
        Assert.NotEmpty(related);
        Assert.All(related, a => Assert.StartsWith("/papers/", a.GetAttribute("href")));
        Assert.DoesNotContain(related, a => a.GetAttribute("href") == url);
        Assert.Contains(page.Document.QuerySelectorAll("dt"), dt => dt.TextContent == "Imported from");
        // A page capture's entries span lines: the entry's number and the line it starts on.
        Assert.Matches(@"^\S+\.txt, entry \d+ \(line \d+\)", page.Document.QuerySelector("ul.sources li")!.TextContent);
    }

    [Fact]
    public async Task The_browse_page_lists_every_facet_value_as_a_link_with_its_count()
    {
        var page = await site.GetAsync("/browse", HttpStatusCode.OK);

        Assert.Equal("Browse · PaperBrowser", page.Document.Title);
        Assert.Equal("/browse", page.Canonical);
        var topicLinks = page.Document.QuerySelectorAll("section[aria-labelledby=browse-topic] li a");
        Assert.NotEmpty(topicLinks);
        Assert.All(topicLinks, a => Assert.StartsWith("/?topic=", a.GetAttribute("href")));
        Assert.All(page.Document.QuerySelectorAll("ul.browse-list li"), li => Assert.Matches(@"^[\d,.\s]+$", li.QuerySelector(".count")!.TextContent));
        Assert.NotEmpty(page.Document.QuerySelectorAll("section[aria-labelledby=browse-source] li a"));
    }

    [Fact]
    public async Task The_about_page_shows_the_library_status_and_the_last_import()
    {
        var papers = await site.PapersAsync();

        var page = await site.GetAsync("/about", HttpStatusCode.OK);

        Assert.Equal("About · PaperBrowser", page.Document.Title);
        var status = page.Document.QuerySelector("dl.status")!;
        Assert.Equal($"{papers.Count:N0}", status.QuerySelector("dd")!.TextContent);
        Assert.Contains("up to date", status.TextContent);
        Assert.Contains("Last import", page.Document.Body!.TextContent);
        Assert.DoesNotContain("Nothing has been imported yet", page.Body);
    }

    [Fact]
    public async Task The_feed_is_atom()
    {
        var page = await site.GetAsync("/feed", HttpStatusCode.OK);

        Assert.StartsWith("application/atom+xml", page.ContentType);
        Assert.Contains("http://www.w3.org/2005/Atom", page.Body);
    }

    [Fact]
    public async Task The_not_found_page_is_a_404_with_ways_on()
    {
        var page = await site.GetAsync("/not-found", HttpStatusCode.NotFound);

        Assert.Equal("Not found", page.H1!.TextContent);
        Assert.Contains(page.Document.QuerySelectorAll("main a"), a => a.GetAttribute("href") == "/");
    }

    [Fact]
    public async Task Every_page_has_the_site_header_a_skip_link_and_one_h1()
    {
        var paper = (await site.PapersAsync())[0];
        foreach (var url in new[] { "/", "/?q=diffusion", PaperUrl.For(paper.Id, paper.Title), "/browse", "/about", "/not-found" })
        {
            var page = await site.GetAsync(url);

            Assert.Equal("en", page.Document.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(page.Document.QuerySelector("a.skip[href='#main']"));
            Assert.NotNull(page.Document.QuerySelector("main#main"));
            Assert.NotNull(page.Document.QuerySelector("header.site a[href='/browse']"));
            Assert.True(page.Document.QuerySelectorAll("h1").Length == 1, $"{url} has {page.Document.QuerySelectorAll("h1").Length} h1 elements");
            Assert.False(string.IsNullOrWhiteSpace(page.Document.Title), url);
        }
    }
}
