using Bunit;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;

namespace PaperBrowser.Tests.Components;

public sealed class RelatedListTests : BunitContext
{
    private static SearchHit Paper(int id, string title, int? year, params string[] topics) => new()
    {
        Id = id,
        Title = title,
        TitleHtml = System.Net.WebUtility.HtmlEncode(title),
        Fragments = [],
        Topics = topics,
        Published = year is { } y ? new PartialDate { Year = y } : new PartialDate(),
    };

    private IRenderedComponent<RelatedList> RenderList(params SearchHit[] papers) =>
        Render<RelatedList>(p => p.Add(x => x.Papers, papers));

    [Fact]
    public void Each_related_paper_is_a_link_with_its_year_and_topics()
    {
        var cut = RenderList(
            Paper(3, "Graph Attention Networks", 2018, "Graph Neural Networks", "Attention"),
            Paper(9, "Inductive Representation Learning on Large Graphs", 2017, "Graph Neural Networks"));

        var items = cut.FindAll("ol.related-list > li");
        Assert.Equal(2, items.Count);

        var first = items[0];
        var link = first.QuerySelector("a")!;
        Assert.Equal("/papers/3/graph-attention-networks", link.GetAttribute("href"));
        Assert.Equal("Graph Attention Networks", link.TextContent);
        Assert.Equal("2018", first.QuerySelector(".year")!.TextContent);
        Assert.Equal("Graph Neural Networks · Attention", first.QuerySelector(".topics")!.TextContent);

        Assert.Equal("/papers/9/inductive-representation-learning-on-large-graphs", items[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("2017", items[1].QuerySelector(".year")!.TextContent);
    }

    [Fact]
    public void At_most_three_topics_are_listed()
    {
        var cut = RenderList(Paper(1, "T", 2020, "A", "B", "C", "D"));

        Assert.Equal("A · B · C", cut.Find(".topics").TextContent);
    }

    [Fact]
    public void A_paper_without_year_or_topics_shows_just_its_link()
    {
        var cut = RenderList(Paper(1, "Untitled work", null));

        Assert.Empty(cut.FindAll(".year"));
        Assert.Empty(cut.FindAll(".topics"));
        Assert.Single(cut.FindAll("a"));
    }

    [Fact]
    public void An_empty_list_says_so()
    {
        var cut = RenderList();

        Assert.Empty(cut.FindAll("ol"));
        Assert.Equal("No related papers found.", cut.Find("p").TextContent);
    }

    [Fact]
    public void Titles_with_markup_are_text_and_tex_is_math()
    {
        var cut = RenderList(
            Paper(1, "<script>alert(1)</script><img src=x onerror=alert(1)>", 2020),
            Paper(2, "Sorting in $O(n^2)$", 2021));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("<script>alert(1)</script><img src=x onerror=alert(1)>", cut.FindAll("a")[0].TextContent);
        Assert.Single(cut.FindAll("a")[1].QuerySelectorAll("math"));
    }
}
