using Bunit;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;
using static PaperBrowser.Tests.Components.ComponentTestSupport;

namespace PaperBrowser.Tests.Components;

public sealed class PagerTests : BunitContext
{
    private static readonly SearchRequest View = new() { Query = "graph", Topics = ["Vision"], Size = 10 };

    private IRenderedComponent<Pager> RenderPager(int current, int pageCount) =>
        Render<Pager>(p => p
            .Add(x => x.Request, View with { Page = current })
            .Add(x => x.Current, current)
            .Add(x => x.PageCount, pageCount));

    /// <summary>The page numbers and gaps as shown, in order: "1", "…", "8", ...</summary>
    private static List<string> Items(IRenderedComponent<Pager> cut) =>
        [.. cut.FindAll("nav.pager ol li").Select(li => li.TextContent.Trim())];

    [Fact]
    public void A_single_page_has_no_pager()
    {
        var cut = RenderPager(1, 1);

        Assert.Empty(cut.FindAll("nav"));
    }

    [Fact]
    public void No_results_has_no_pager()
    {
        var cut = RenderPager(1, 0);

        Assert.Empty(cut.FindAll("nav"));
    }

    [Fact]
    public void The_first_page_has_no_previous_link_and_links_to_the_next()
    {
        var cut = RenderPager(1, 5);

        Assert.Empty(cut.FindAll("a[rel=prev]"));
        Assert.Equal("true", cut.Find("span.disabled").GetAttribute("aria-disabled"));
        Assert.Contains("Previous", cut.Find("span.disabled").TextContent);
        var next = cut.Find("a[rel=next]");
        Assert.Equal(Canonical(View with { Page = 2 }), Canonical(ViewOf(next.GetAttribute("href"))));
    }

    [Fact]
    public void The_last_page_has_no_next_link_and_links_to_the_previous()
    {
        var cut = RenderPager(5, 5);

        Assert.Empty(cut.FindAll("a[rel=next]"));
        Assert.Contains("Next", cut.Find("span.disabled").TextContent);
        var prev = cut.Find("a[rel=prev]");
        Assert.Equal(Canonical(View with { Page = 4 }), Canonical(ViewOf(prev.GetAttribute("href"))));
    }

    [Fact]
    public void A_middle_page_has_both_links()
    {
        var cut = RenderPager(3, 5);

        Assert.Single(cut.FindAll("a[rel=prev]"));
        Assert.Single(cut.FindAll("a[rel=next]"));
        Assert.Empty(cut.FindAll("span.disabled"));
    }

    [Fact]
    public void Far_from_both_ends_there_are_gaps_on_both_sides()
    {
        var cut = RenderPager(10, 20);

        Assert.Equal(["1", "…", "8", "9", "10", "11", "12", "…", "20"], Items(cut));
        Assert.Equal(2, cut.FindAll("li.gap").Count);
        Assert.All(cut.FindAll("li.gap"), gap => Assert.Equal("true", gap.GetAttribute("aria-hidden")));
    }

    [Theory]
    [InlineData(1, 20, new[] { "1", "2", "3", "…", "20" })]
    [InlineData(4, 20, new[] { "1", "2", "3", "4", "5", "6", "…", "20" })]
    [InlineData(5, 20, new[] { "1", "…", "3", "4", "5", "6", "7", "…", "20" })]
    [InlineData(20, 20, new[] { "1", "…", "18", "19", "20" })]
    [InlineData(2, 3, new[] { "1", "2", "3" })]
    [InlineData(1, 2, new[] { "1", "2" })]
    public void The_window_shows_the_ends_and_two_pages_either_side(int current, int pageCount, string[] expected)
    {
        var cut = RenderPager(current, pageCount);

        Assert.Equal(expected, Items(cut));
    }

    [Fact]
    public void The_current_page_is_marked_and_not_a_link()
    {
        var cut = RenderPager(10, 20);

        var current = cut.Find("[aria-current=page]");
        Assert.Equal("span", current.LocalName);
        Assert.Equal("10", current.TextContent);
        Assert.Single(cut.FindAll("[aria-current]"));
        Assert.DoesNotContain(cut.FindAll("nav.pager ol a"), a => a.TextContent == "10");
    }

    [Fact]
    public void Number_links_lead_to_their_page_of_the_same_view()
    {
        var cut = RenderPager(10, 20);

        var links = cut.FindAll("nav.pager ol a");
        Assert.Equal(6, links.Count);
        foreach (var link in links)
        {
            var page = int.Parse(link.TextContent);
            Assert.Equal($"Page {page}", link.GetAttribute("aria-label"));
            Assert.Equal(Canonical(View with { Page = page }), Canonical(ViewOf(link.GetAttribute("href"))));
        }
    }

    [Fact]
    public void The_link_to_page_one_has_no_page_parameter()
    {
        var cut = RenderPager(2, 5);

        var href = cut.Find("a[rel=prev]").GetAttribute("href")!;
        Assert.DoesNotContain("page=", href);
        Assert.Equal("/?q=graph&topic=Vision&size=10", href);
    }
}
