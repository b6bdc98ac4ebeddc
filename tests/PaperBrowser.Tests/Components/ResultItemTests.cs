using System.Net;
using Bunit;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;
using static PaperBrowser.Tests.Components.ComponentTestSupport;

namespace PaperBrowser.Tests.Components;

public sealed class ResultItemTests : BunitContext
{
    private static SearchHit Hit(string title, string? titleHtml = null, params string[] fragments) => new()
    {
        Id = 17,
        Title = title,
        // As the highlighter makes it: encoded text with only <mark> added.
        TitleHtml = titleHtml ?? WebUtility.HtmlEncode(title),
        Fragments = fragments.Length > 0 ? fragments : ["An abstract."],
        Topics = [],
    };

    private IRenderedComponent<ResultItem> RenderHit(SearchHit hit) =>
        Render<ResultItem>(p => p.Add(x => x.Hit, hit));

    [Fact]
    public void The_title_links_to_the_paper_page_with_its_slug()
    {
        var cut = RenderHit(Hit("Denoising Diffusion Probabilistic Models"));

        var link = cut.Find("h2.result-title a");
        Assert.Equal("/papers/17/denoising-diffusion-probabilistic-models", link.GetAttribute("href"));
        Assert.Equal("Denoising Diffusion Probabilistic Models", link.TextContent);
    }

    [Fact]
    public void Highlight_marks_are_kept_in_the_title_and_fragments()
    {
        var cut = RenderHit(Hit("Denoising Diffusion Models", "Denoising <mark>Diffusion</mark> Models",
            "We train <mark>diffusion</mark> models", "and <mark>diffusion</mark> again"));

        Assert.Equal("Diffusion", cut.Find("h2.result-title mark").TextContent);
        var fragments = cut.FindAll("p.fragment");
        Assert.Equal(2, fragments.Count);
        Assert.All(fragments, f => Assert.Equal("diffusion", f.QuerySelector("mark")!.TextContent));
        Assert.Equal("We train diffusion models", fragments[0].TextContent);
    }

    [Fact]
    public void A_title_with_a_script_tag_is_shown_as_text()
    {
        const string title = "<script>alert(1)</script> and <img src=x onerror=alert(1)>";
        var cut = RenderHit(Hit(title, fragments: WebUtility.HtmlEncode("Abstract <script>alert(2)</script> &amp; more")));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("[onerror]"));
        Assert.Equal(title, cut.Find("h2.result-title a").TextContent);
        Assert.Equal("Abstract <script>alert(2)</script> &amp; more", cut.Find("p.fragment").TextContent);
        Assert.StartsWith("/papers/17/script-alert-1-script", cut.Find("h2.result-title a").GetAttribute("href"));
    }

    [Fact]
    public void Tex_in_the_title_is_shown_as_math()
    {
        var cut = RenderHit(Hit("S$^{2}$FT: Fine-tuning in $O(n^2)$"));

        Assert.Equal(2, cut.FindAll("h2.result-title math").Count);
        Assert.DoesNotContain("$", cut.Find("h2.result-title").TextContent);
    }

    [Fact]
    public void Metadata_shows_date_authors_votes_and_a_code_link()
    {
        var hit = Hit("A paper") with
        {
            Published = new PartialDate { Year = 2024, Month = 3, Day = 11 },
            Authors = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"],
            AuthorCount = 4,
            Upvotes = 12,
            CodeUrls = ["https://github.com/a/b", "https://github.com/c/d"],
        };

        var cut = RenderHit(hit);

        var meta = cut.Find("p.meta");
        Assert.Equal("Mar 11, 2024", meta.QuerySelector(".date")!.TextContent);
        Assert.Contains("Ada Lovelace, Alan Turing and 2 more", meta.TextContent);
        Assert.Contains("▲ 12", meta.TextContent);
        var code = Assert.Single(meta.QuerySelectorAll("a.code"));
        Assert.Equal("https://github.com/a/b", code.GetAttribute("href"));
        Assert.Contains("noopener", code.GetAttribute("rel"));
    }

    [Fact]
    public void An_author_count_without_names_is_shown_as_a_count()
    {
        var cut = RenderHit(Hit("A paper") with { AuthorCount = 1 });

        Assert.Contains("1 author", cut.Find("p.meta").TextContent);
        Assert.DoesNotContain("authors", cut.Find("p.meta").TextContent);
    }

    [Fact]
    public void Topic_badges_link_to_that_topic()
    {
        var cut = RenderHit(Hit("A paper") with { Topics = ["Vision", "Graph Neural Networks"] });

        var badges = cut.FindAll("ul.badges a.badge");
        Assert.Equal(["Vision", "Graph Neural Networks"], badges.Select(b => b.TextContent));
        Assert.Equal(Canonical(new SearchRequest { Topics = ["Graph Neural Networks"] }), Canonical(ViewOf(badges[1].GetAttribute("href"))));
    }

    [Fact]
    public void The_item_is_a_list_item_marked_for_keyboard_navigation()
    {
        var cut = RenderHit(Hit("A paper"));

        var li = cut.Find("li.result");
        Assert.True(li.HasAttribute("data-result"));
        Assert.Empty(cut.FindAll("ul.badges"));
        Assert.Empty(cut.FindAll("a.code"));
    }
}
