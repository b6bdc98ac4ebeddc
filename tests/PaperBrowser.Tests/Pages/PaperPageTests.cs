using System.Net;
using System.Xml.Linq;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Pages;

/// <summary>The paper page over crafted arXiv entries: TeX as MathML, citation downloads, COinS, metadata.</summary>
[Collection(CraftedSite.Collection)]
public sealed class PaperPageTests(CraftedSite site)
{
    private async Task<(PaperBrowser.Papers.Paper Paper, string Url)> TexPaperAsync()
    {
        var paper = await site.PaperAsync("Quadratic Sorting Bounds");
        return (paper, PaperUrl.For(paper.Id, paper.Title));
    }

    [Fact]
    public async Task Tex_in_the_title_and_abstract_is_shown_as_mathml()
    {
        var (_, url) = await TexPaperAsync();

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        var h1 = page.H1!;
        Assert.NotNull(h1.QuerySelector("math"));
        Assert.DoesNotContain("$", h1.TextContent);
        var abstractSection = page.Document.QuerySelector("section.abstract")!;
        var math = abstractSection.QuerySelectorAll("math");
        Assert.Equal(2, math.Length);
        Assert.NotNull(math[0].QuerySelector("msup"));
        Assert.Contains("α", math[1].TextContent);
        Assert.Contains("≤", math[1].TextContent);
        // Only the document title (plain text by nature) and metadata keep the TeX source.
        Assert.DoesNotContain("$", page.Document.QuerySelector("main")!.TextContent);
        Assert.DoesNotContain("O(n^2)", abstractSection.TextContent);
        Assert.DoesNotContain("\\alpha", abstractSection.TextContent);
    }

    [Fact]
    public async Task Tex_in_search_results_is_shown_as_mathml()
    {
        var page = await site.GetAsync("/?q=insertion+sort+comparisons", HttpStatusCode.OK);

        var result = page.Document.QuerySelectorAll("li.result").First(r => r.TextContent.Contains("Quadratic", StringComparison.Ordinal));
        Assert.NotNull(result.QuerySelector("h2 math"));
        Assert.DoesNotContain("$", result.QuerySelector("h2")!.TextContent);
    }

    [Fact]
    public async Task The_paper_page_shows_authors_date_identifiers_and_scholar_metadata()
    {
        var (paper, url) = await TexPaperAsync();

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        var authorLinks = page.Document.QuerySelectorAll("dl.paper-meta a[href^='/?q=author']").Select(a => a.TextContent).ToList();
        Assert.Equal(["Ada Lovelace", "Alan Turing"], authorLinks);
        Assert.Equal(["Ada Lovelace", "Alan Turing"], page.Document.QuerySelectorAll("meta[name=citation_author]").Select(m => m.GetAttribute("content")));
        Assert.Equal("2024", page.Document.QuerySelector("meta[name=citation_publication_date]")!.GetAttribute("content"));
        Assert.Equal("2401.00001", page.Document.QuerySelector("meta[name=citation_arxiv_id]")!.GetAttribute("content"));
        Assert.NotNull(page.Document.QuerySelector("a[href='https://arxiv.org/abs/2401.00001']"));
        Assert.NotNull(page.Document.QuerySelector("a[href='https://doi.org/10.1234/sorting.2024']"));
        Assert.Contains("Jan 15, 2024", page.Document.QuerySelector("dl.paper-meta")!.TextContent);
        Assert.Equal(paper.Title, page.Document.QuerySelector("meta[name=citation_title]")!.GetAttribute("content"));
        // One entry per line in JSON Lines: the source is named by its line alone.
        Assert.Matches(@"^crafted-arxiv\.jsonl, line \d+$", page.Document.QuerySelector("ul.sources li")!.TextContent);
    }

    [Fact]
    public async Task An_authors_link_lists_their_papers_newest_first()
    {
        var paper = await site.PaperAsync(CraftedSite.NewestTitle);
        var page = await site.GetAsync(PaperUrl.For(paper.Id, paper.Title), HttpStatusCode.OK);
        var link = page.Document.QuerySelectorAll("dl.paper-meta a[href^='/?q=author']").Single(a => a.TextContent == "Grace Hopper");

        var papers = await site.GetAsync(link.GetAttribute("href")!, HttpStatusCode.OK);

        // By relevance the paper she wrote alone would come first; a person following the link wants the latest.
        Assert.Equal([CraftedSite.NewestTitle, CraftedSite.OldestTitle], papers.Document.QuerySelectorAll("li.result h2 a").Select(a => a.TextContent));
        Assert.Equal("newest", papers.Document.QuerySelector("select[name=sort] option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_page_has_a_coins_span_with_the_papers_openurl_metadata()
    {
        var (paper, url) = await TexPaperAsync();

        var page = await site.GetAsync(url, HttpStatusCode.OK);

        var span = page.Document.QuerySelector("span.Z3988");
        Assert.NotNull(span);
        Assert.Equal("", span.TextContent);
        var pairs = span.GetAttribute("title")!.Split('&')
            .Select(p => p.Split('=', 2)).Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToList();
        Assert.Contains(("ctx_ver", "Z39.88-2004"), pairs);
        Assert.Contains(("rft.atitle", paper.Title), pairs);
        Assert.Contains(("rft.au", "Ada Lovelace"), pairs);
        Assert.Contains(("rft.date", "2024"), pairs);
        Assert.Contains(("rft_id", "info:doi/10.1234/sorting.2024"), pairs);
        Assert.Contains(("rft_id", url), pairs);
    }

    [Fact]
    public async Task The_bibtex_download_is_a_named_bib_file_with_the_papers_fields()
    {
        var (paper, url) = await TexPaperAsync();

        var page = await site.GetAsync($"/papers/{paper.Id}/cite.bib", HttpStatusCode.OK);

        Assert.Equal("application/x-bibtex; charset=utf-8", page.ContentType);
        var disposition = page.Response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"quadratic2024_{paper.Id}.bib", disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.StartsWith($"@misc{{quadratic2024_{paper.Id},", page.Body);
        Assert.Contains("title = {{Quadratic Sorting Bounds in $O(n^2)$ Time}}", page.Body);
        Assert.Contains("author = {Ada Lovelace and Alan Turing}", page.Body);
        Assert.Contains("year = {2024}", page.Body);
        Assert.Contains("month = {jan}", page.Body);
        Assert.Contains("eprint = {2401.00001}", page.Body);
        Assert.Contains("doi = {10.1234/sorting.2024}", page.Body);
        Assert.Contains($"url = {{http://localhost{url}}}", page.Body);
        Assert.Contains("abstract = {We prove that insertion sort", page.Body);
    }

    [Fact]
    public async Task The_ris_download_is_a_named_ris_file_with_the_papers_fields()
    {
        var (paper, url) = await TexPaperAsync();

        var page = await site.GetAsync($"/papers/{paper.Id}/cite.ris", HttpStatusCode.OK);

        Assert.Equal("application/x-research-info-systems; charset=utf-8", page.ContentType);
        var disposition = page.Response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"quadratic2024_{paper.Id}.ris", disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        var lines = page.Body.Split("\r\n");
        Assert.Equal("TY  - PREP", lines[0]);
        Assert.Contains($"TI  - {paper.Title}", lines);
        Assert.Contains("AU  - Ada Lovelace", lines);
        Assert.Contains("AU  - Alan Turing", lines);
        Assert.Contains("PY  - 2024", lines);
        Assert.Contains("DA  - 2024/01/15", lines);
        Assert.Contains("DO  - 10.1234/sorting.2024", lines);
        Assert.Contains($"UR  - http://localhost{url}", lines);
        Assert.Equal("ER  - ", lines[^2]);
    }

    [Fact]
    public async Task Citations_of_a_crafted_title_keep_it_as_text()
    {
        var paper = await site.PaperAsync("Scripted Zebrafish");

        var bib = await site.GetAsync($"/papers/{paper.Id}/cite.bib", HttpStatusCode.OK);
        var ris = await site.GetAsync($"/papers/{paper.Id}/cite.ris", HttpStatusCode.OK);

        Assert.Contains("title = {{<script>alert(1)</script> Scripted Zebrafish Diffusion}}", bib.Body);
        Assert.Contains("TI  - <script>alert(1)</script> Scripted Zebrafish Diffusion", ris.Body);
        // Served as downloads, never as something a browser would render.
        Assert.DoesNotContain("html", bib.ContentType);
        Assert.DoesNotContain("html", ris.ContentType);
        Assert.Equal("nosniff", bib.Header("X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_feed_lists_the_newest_paper_first()
    {
        var page = await site.GetAsync("/feed?q=heron", HttpStatusCode.OK);

        var atom = (XNamespace)"http://www.w3.org/2005/Atom";
        var entries = XDocument.Parse(page.Body).Root!.Elements(atom + "entry").ToList();
        Assert.Equal([CraftedSite.NewestTitle, CraftedSite.MiddleTitle, CraftedSite.OldestTitle], entries.Select(e => e.Element(atom + "title")!.Value));
        var published = entries.Select(e => e.Element(atom + "published")!.Value).ToList();
        Assert.Equal(["2025-06-30T00:00:00Z", "2023-02-01T00:00:00Z", "2019-09-09T00:00:00Z"], published);
    }

    [Fact]
    public async Task The_feed_of_everything_is_newest_first()
    {
        var page = await site.GetAsync("/feed", HttpStatusCode.OK);

        var atom = (XNamespace)"http://www.w3.org/2005/Atom";
        var published = XDocument.Parse(page.Body).Root!.Elements(atom + "entry")
            .Select(e => e.Element(atom + "published")?.Value).OfType<string>().Select(v => DateTimeOffset.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(published.Count >= 8, $"{published.Count} entries with a date");
        Assert.Equal(published.OrderByDescending(d => d), published);
        Assert.Equal(new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero), published[0]);
    }
}
