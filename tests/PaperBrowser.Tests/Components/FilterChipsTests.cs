using Bunit;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;
using static PaperBrowser.Tests.Components.ComponentTestSupport;

namespace PaperBrowser.Tests.Components;

public sealed class FilterChipsTests : BunitContext
{
    private static readonly SearchRequest Filtered = new()
    {
        Query = "diffusion models",
        Topics = ["Vision", "Generative Models"],
        YearFrom = 2022,
        YearTo = 2024,
        Code = ["yes"],
        Categories = ["cs.CV"],
        Sources = ["000_a.txt"],
        Sort = SearchSort.Newest,
        Size = 50,
        Page = 3,
    };

    private IRenderedComponent<FilterChips> RenderChips(SearchRequest request) =>
        Render<FilterChips>(p => p.Add(x => x.Request, request));

    [Fact]
    public void There_is_one_chip_per_filter_and_a_clear_all()
    {
        var cut = RenderChips(Filtered);

        var chips = cut.FindAll("a.chip:not(.clear)");
        var texts = chips.Select(c => c.TextContent.Replace("×", "").Trim()).ToList();
        Assert.Equal(
            ["Topic: Vision", "Topic: Generative Models", "Year: 2022-2024", "Has code", "Category: Computer Vision (cs.CV)", "Source: 000_a.txt"],
            texts);
        Assert.Single(cut.FindAll("a.chip.clear"));
        Assert.Equal("Clear all", cut.Find("a.chip.clear").TextContent);
    }

    [Fact]
    public void Each_remove_link_drops_exactly_its_own_filter()
    {
        var cut = RenderChips(Filtered);
        var links = cut.FindAll("a.chip:not(.clear)").ToDictionary(a => a.TextContent.Replace("×", "").Trim(), a => ViewOf(a.GetAttribute("href")));

        var expected = new Dictionary<string, SearchRequest>
        {
            ["Topic: Vision"] = Filtered with { Topics = ["Generative Models"], Page = 1 },
            ["Topic: Generative Models"] = Filtered with { Topics = ["Vision"], Page = 1 },
            ["Year: 2022-2024"] = Filtered with { YearFrom = null, YearTo = null, Page = 1 },
            ["Has code"] = Filtered with { Code = [], Page = 1 },
            ["Category: Computer Vision (cs.CV)"] = Filtered with { Categories = [], Page = 1 },
            ["Source: 000_a.txt"] = Filtered with { Sources = [], Page = 1 },
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), links.Keys.Order(StringComparer.Ordinal));
        foreach (var (text, view) in expected)
            Assert.Equal(Canonical(view), Canonical(links[text]));
    }

    [Fact]
    public void Clear_all_drops_every_filter_but_keeps_the_query_sort_and_size()
    {
        var cut = RenderChips(Filtered);

        var view = ViewOf(cut.Find("a.chip.clear").GetAttribute("href"));

        Assert.Equal(Canonical(new SearchRequest { Query = "diffusion models", Sort = SearchSort.Newest, Size = 50 }), Canonical(view));
        Assert.False(view.HasFilters);
    }

    [Fact]
    public void Remove_links_say_what_they_remove()
    {
        var cut = RenderChips(new SearchRequest { Topics = ["Vision"] });

        Assert.Equal("Remove filter Topic: Vision", cut.Find("a.chip:not(.clear)").GetAttribute("aria-label"));
        Assert.Equal("Active filters", cut.Find("ul.chips").GetAttribute("aria-label"));
    }

    [Fact]
    public void An_open_year_range_is_one_chip()
    {
        var cut = RenderChips(new SearchRequest { YearFrom = 2021 });

        var chip = cut.Find("a.chip:not(.clear)");
        Assert.StartsWith("Year: 2021-", chip.TextContent);
        Assert.Equal("/", chip.GetAttribute("href"));
    }

    [Fact]
    public void Without_filters_nothing_is_shown_even_with_a_query()
    {
        var cut = RenderChips(new SearchRequest { Query = "diffusion", Sort = SearchSort.Oldest });

        Assert.Empty(cut.FindAll("ul.chips"));
        Assert.Equal("", cut.Markup.Trim());
    }

    [Fact]
    public void Filter_values_with_markup_are_text()
    {
        var cut = RenderChips(new SearchRequest { Topics = ["<script>alert(1)</script>"] });

        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("Topic: <script>alert(1)</script>", cut.Find("a.chip").TextContent);
    }
}
