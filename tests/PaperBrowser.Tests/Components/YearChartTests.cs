using Bunit;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;
using static PaperBrowser.Tests.Components.ComponentTestSupport;

namespace PaperBrowser.Tests.Components;

public sealed class YearChartTests : BunitContext
{
    private static readonly SearchRequest View = new() { Query = "diffusion", Topics = ["Vision"], Page = 3 };

    private IRenderedComponent<YearChart> RenderChart(SearchRequest request, FacetResult? facet) =>
        Render<YearChart>(p => p.Add(x => x.Request, request).Add(x => x.Facet, facet));

    [Fact]
    public void There_is_one_bar_per_year_oldest_first()
    {
        var cut = RenderChart(View, Facet("year", "Year", ("2024", 30, false), ("2021", 5, false), ("2023", 12, false)));

        var bars = cut.FindAll("svg a");
        Assert.Equal(3, bars.Count);
        Assert.Equal(3, cut.FindAll("svg rect").Count);
        Assert.Equal(["2021", "2023", "2024"], bars.Select(b => b.QuerySelector("text")!.TextContent));
        Assert.Equal("2023: 12 papers", bars[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void Each_bar_links_to_that_years_filtered_view()
    {
        var cut = RenderChart(View, Facet("year", "Year", ("2021", 5, false), ("2023", 12, false)));

        foreach (var bar in cut.FindAll("svg a"))
        {
            var year = int.Parse(bar.QuerySelector("text")!.TextContent);
            var view = ViewOf(bar.GetAttribute("href"));
            Assert.Equal(Canonical(View with { YearFrom = year, YearTo = year, Page = 1 }), Canonical(view));
        }
    }

    [Fact]
    public void The_selected_year_has_the_selected_class_and_its_bar_clears_the_year()
    {
        var request = View with { YearFrom = 2023, YearTo = 2023 };
        var cut = RenderChart(request, Facet("year", "Year", ("2021", 5, false), ("2023", 12, true), ("2024", 30, false)));

        var rects = cut.FindAll("svg rect");
        Assert.Equal(["bar", "bar selected", "bar"], rects.Select(r => r.GetAttribute("class")));
        var selectedLink = cut.FindAll("svg a")[1];
        Assert.Equal(Canonical(View with { Page = 1 }), Canonical(ViewOf(selectedLink.GetAttribute("href"))));
    }

    [Fact]
    public void Bar_heights_follow_the_counts()
    {
        var cut = RenderChart(View, Facet("year", "Year", ("2021", 10, false), ("2022", 40, false), ("2023", 20, false)));

        var heights = cut.FindAll("svg rect").Select(r => int.Parse(r.GetAttribute("height")!)).ToList();
        Assert.True(heights[1] > heights[2] && heights[2] > heights[0], string.Join(",", heights));
        Assert.Equal(heights[1], 4 * heights[0]);
    }

    [Fact]
    public void Values_that_are_not_years_are_left_out()
    {
        var cut = RenderChart(View, Facet("year", "Year", ("2021", 5, false), ("unknown", 12, false), ("", 3, false)));

        Assert.Single(cut.FindAll("svg a"));
    }

    [Fact]
    public void Without_a_year_facet_or_years_there_is_no_chart()
    {
        Assert.Empty(RenderChart(View, null).FindAll("figure"));
        Assert.Empty(RenderChart(View, Facet("year", "Year")).FindAll("figure"));
    }

    [Fact]
    public void The_bar_links_are_not_hidden_from_assistive_technology()
    {
        var cut = RenderChart(View, Facet("year", "Year", ("2021", 5, false), ("2022", 7, false)));

        // role="img" (and presentation/none) makes an element's children presentational: the links would vanish.
        Assert.DoesNotContain(cut.Find("svg").GetAttribute("role"), new[] { "img", "presentation", "none" });
        Assert.All(cut.FindAll("svg a"), a => Assert.False(string.IsNullOrEmpty(a.GetAttribute("aria-label"))));
    }

    [Fact]
    public void The_chart_is_labelled_for_screen_readers()
    {
        var cut = RenderChart(View, Facet("year", "Year", ("2021", 5, false), ("2022", 7, false)));

        Assert.Equal("2021: 5, 2022: 7", cut.Find("svg").GetAttribute("aria-label"));
    }
}
