using Bunit;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;

namespace PaperBrowser.Tests.Components;

public sealed class SearchBoxTests : BunitContext
{
    private IRenderedComponent<SearchBox> RenderBox(SearchRequest request) =>
        Render<SearchBox>(p => p.Add(x => x.Request, request).Add(x => x.Autofocus, true));

    private static Dictionary<string, List<string?>> Hidden(IRenderedComponent<SearchBox> cut) =>
        cut.FindAll("input[type=hidden]").GroupBy(i => i.GetAttribute("name")!).ToDictionary(g => g.Key, g => g.Select(i => i.GetAttribute("value")).ToList());

    [Fact]
    public void The_box_shows_the_query_and_submits_to_the_search_page()
    {
        var cut = RenderBox(new SearchRequest { Query = "\"graph <b> networks\"" });

        var form = cut.Find("form[role=search]");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/", form.GetAttribute("action"));
        var input = cut.Find("input#q");
        Assert.Equal("q", input.GetAttribute("name"));
        Assert.Equal("\"graph <b> networks\"", input.GetAttribute("value"));
        Assert.True(input.HasAttribute("autofocus"));
        Assert.Equal("Search papers", cut.Find("label[for=q]").TextContent);
    }

    [Fact]
    public void Filters_size_and_sort_ride_along_but_not_the_query_or_page()
    {
        var cut = RenderBox(new SearchRequest
        {
            Query = "diffusion",
            Topics = ["Vision", "NLP"],
            YearFrom = 2020,
            YearTo = 2022,
            Code = ["yes"],
            Sources = ["a.txt"],
            Sort = SearchSort.Newest,
            Size = 50,
            Page = 4,
        });

        var hidden = Hidden(cut);
        Assert.Equal(["NLP", "Vision"], hidden["topic"]);
        Assert.Equal(["2020-2022"], hidden["year"]);
        Assert.Equal(["yes"], hidden["code"]);
        Assert.Equal(["a.txt"], hidden["source"]);
        Assert.Equal(["50"], hidden["size"]);
        // "Newest" was chosen over the query's default (relevance): a new query keeps it.
        Assert.Equal(["newest"], hidden["sort"]);
        Assert.False(hidden.ContainsKey("q"));
        Assert.False(hidden.ContainsKey("page"));
    }

    [Fact]
    public void A_default_sort_is_not_carried()
    {
        Assert.False(Hidden(RenderBox(new SearchRequest { Query = "diffusion" })).ContainsKey("sort"));
        Assert.False(Hidden(RenderBox(new SearchRequest())).ContainsKey("sort"));
    }

    [Fact]
    public void Relevance_chosen_without_a_query_is_carried()
    {
        var hidden = Hidden(RenderBox(new SearchRequest { Sort = SearchSort.Relevance }));

        Assert.Equal(["relevance"], hidden["sort"]);
    }
}
