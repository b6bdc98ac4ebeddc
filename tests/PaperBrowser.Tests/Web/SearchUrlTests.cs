using Microsoft.AspNetCore.WebUtilities;
using PaperBrowser.Search;
using PaperBrowser.Web.Search;

namespace PaperBrowser.Tests.Web;

/// <summary>The URL is the state: parsing a search view from its query string and building its one canonical URL.</summary>
public sealed class SearchUrlTests
{
    private static (SearchRequest Request, IReadOnlyList<SearchUrlProblem> Problems) Parse(string queryString) =>
        SearchUrl.Parse(QueryHelpers.ParseQuery(queryString));

    private static SearchRequest ParseValid(string queryString)
    {
        var (request, problems) = Parse(queryString);
        Assert.Empty(problems);
        return request;
    }

    private static string Canonical(string queryString) => SearchUrl.Build("/", ParseValid(queryString));

    [Fact]
    public void The_empty_view_is_the_bare_path()
    {
        Assert.Equal("/", SearchUrl.Build("/", new SearchRequest()));
        Assert.Equal("/feed", SearchUrl.Build("/feed", new SearchRequest()));
        Assert.Equal("/", Canonical(""));
    }

    [Fact]
    public void Parameters_come_in_canonical_order_whatever_order_they_were_given_in()
    {
        var request = new SearchRequest
        {
            Query = "diffusion",
            Topics = ["Vision"],
            YearFrom = 2023,
            YearTo = 2023,
            Code = ["yes"],
            Categories = ["cs.CV"],
            Sources = ["a.txt"],
            Sort = SearchSort.Newest,
            Page = 3,
            Size = 50,
        };

        var url = SearchUrl.Build("/", request);

        Assert.Equal("/?q=diffusion&topic=Vision&year=2023&code=yes&category=cs.CV&source=a.txt&sort=newest&page=3&size=50", url);
        Assert.Equal(["q", "topic", "year", "code", "category", "source", "sort", "page", "size"],
            SearchUrl.Parameters(request).Select(p => p.Key));
    }

    [Fact]
    public void The_same_view_in_a_different_parameter_order_has_the_same_canonical_url()
    {
        var a = Canonical("?size=50&page=2&sort=oldest&source=b.txt&category=cs.LG&code=yes&year=2020-2022&topic=NLP&topic=Vision&q=graph+networks");
        var b = Canonical("?q=graph+networks&topic=Vision&topic=NLP&year=2020-2022&code=yes&category=cs.LG&source=b.txt&sort=oldest&page=2&size=50");
        var c = Canonical("?TOPIC=NLP&Q=graph%20networks&Size=50&topic=Vision&Year=2022-2020&Page=2&SORT=oldest&category=cs.LG&code=yes&source=b.txt");

        Assert.Equal("/?q=graph+networks&topic=NLP&topic=Vision&year=2020-2022&code=yes&category=cs.LG&source=b.txt&sort=oldest&page=2&size=50", a);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Fact]
    public void Values_within_a_facet_are_sorted_and_deduplicated()
    {
        Assert.Equal("/?topic=A&topic=B&topic=C", Canonical("?topic=C&topic=A&topic=B&topic=A"));
    }

    [Theory]
    [InlineData("?page=1", "/")]
    [InlineData("?size=20", "/")]
    [InlineData("?q=", "/")]
    [InlineData("?q=+++", "/")]
    [InlineData("?topic=&category=&source=", "/")]
    [InlineData("?year=", "/")]
    [InlineData("?sort=newest", "/")] // newest is the default without a query
    [InlineData("?q=x&sort=relevance", "/?q=x")] // relevance is the default with one
    [InlineData("?q=x&sort=RELEVANCE&page=1&size=20", "/?q=x")]
    [InlineData("?sort=relevance", "/?sort=relevance")]
    [InlineData("?q=x&sort=newest", "/?q=x&sort=newest")]
    public void Empty_and_default_values_are_left_out(string query, string expected)
    {
        Assert.Equal(expected, Canonical(query));
    }

    [Fact]
    public void Unknown_parameters_are_ignored()
    {
        var (request, problems) = Parse("?q=x&utm_source=mail&foo=bar&more=topic");

        Assert.Empty(problems);
        Assert.Equal("/?q=x", SearchUrl.Build("/", request));
    }

    [Fact]
    public void Building_then_parsing_gives_the_same_view_back()
    {
        var request = new SearchRequest
        {
            Query = "a & b = \"c\" #d +e <script>",
            Topics = ["Natural Language Processing", "Vision & Language"],
            YearFrom = 2019,
            YearTo = null,
            Code = ["no"],
            Categories = ["cs.CL"],
            Sources = ["file name with spaces.txt"],
            Sort = SearchSort.Upvotes,
            Page = 4,
            Size = 10,
        };

        var url = SearchUrl.Build("/", request);
        var back = ParseValid(url[url.IndexOf('?')..]);

        Assert.Equal(request.Query, back.Query);
        Assert.Equal(request.Topics.Order(StringComparer.Ordinal), back.Topics);
        Assert.Equal((2019, (int?)null), (back.YearFrom!.Value, back.YearTo));
        Assert.Equal(request.Code, back.Code);
        Assert.Equal(request.Categories, back.Categories);
        Assert.Equal(request.Sources, back.Sources);
        Assert.Equal(request.Sort, back.Sort);
        Assert.Equal(request.Page, back.Page);
        Assert.Equal(request.Size, back.Size);
        Assert.Equal(url, SearchUrl.Build("/", back));
    }

    [Fact]
    public void Values_are_encoded_with_spaces_as_plus_like_a_form_submission()
    {
        var url = SearchUrl.Build("/", new SearchRequest { Query = "a b&c=d#e+f<g>\"h" });

        Assert.Equal("/?q=a+b%26c%3Dd%23e%2Bf%3Cg%3E%22h", url);
        Assert.DoesNotContain('<', url);
        Assert.DoesNotContain('"', url);
    }

    [Theory]
    [InlineData("?page=-3", "page")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=two", "page")]
    [InlineData("?size=10000", "size")]
    [InlineData("?size=0", "size")]
    [InlineData("?size=-5", "size")]
    [InlineData("?year=abc", "year")]
    [InlineData("?year=1066", "year")]
    [InlineData("?year=2020-20x", "year")]
    [InlineData("?year=-", "year")]
    [InlineData("?sort=bogus", "sort")]
    public void An_invalid_value_falls_back_to_its_default_and_is_reported(string query, string parameter)
    {
        var (request, problems) = Parse(query + "&q=kept");

        var problem = Assert.Single(problems);
        Assert.Equal(parameter, problem.Parameter);
        Assert.False(string.IsNullOrWhiteSpace(problem.Notice));
        Assert.Equal("kept", request.Query);
        var fallback = new SearchRequest { Query = "kept" };
        switch (parameter)
        {
            case "page": Assert.Equal(1, request.Page); break;
            case "size": Assert.Equal(SearchRequest.DefaultSize, request.Size); break;
            case "year": Assert.Equal((null, null), (request.YearFrom, request.YearTo)); break;
            case "sort": Assert.Null(request.Sort); break;
        }
        Assert.Equal(SearchUrl.Build("/", fallback), SearchUrl.Build("/", request));
    }

    [Fact]
    public void Several_invalid_values_are_each_reported()
    {
        var (_, problems) = Parse("?page=-3&size=10000&year=abc&sort=bogus");

        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void A_problem_message_names_the_bad_value()
    {
        var (_, problems) = Parse("?sort=bogus");

        Assert.Contains("bogus", Assert.Single(problems).Notice);
    }

    [Fact]
    public void Paging_deeper_than_the_limit_shows_the_last_reachable_page()
    {
        var (request, problems) = Parse("?page=600&size=20");

        Assert.Single(problems);
        Assert.Equal(SearchRequest.MaxDepth / 20, request.Page);
        Assert.True(request.Page * request.Size <= SearchRequest.MaxDepth);
    }

    [Theory]
    [InlineData("2023", 2023, 2023, "2023")]
    [InlineData("2020-2024", 2020, 2024, "2020-2024")]
    [InlineData("2024-2020", 2020, 2024, "2020-2024")]
    [InlineData("2020-", 2020, null, "2020-")]
    [InlineData("-2020", null, 2020, "-2020")]
    [InlineData(" 2021 ", 2021, 2021, "2021")]
    [InlineData("2022-2022", 2022, 2022, "2022")]
    public void Years_and_ranges_are_read_and_written_back_canonically(string text, int? from, int? to, string canonical)
    {
        var request = ParseValid("?year=" + Uri.EscapeDataString(text));

        Assert.Equal((from, to), (request.YearFrom, request.YearTo));
        Assert.Equal(canonical, SearchUrl.YearText(request.YearFrom, request.YearTo));
    }

    [Fact]
    public void Only_yes_and_no_are_code_values()
    {
        var request = ParseValid("?code=maybe&code=yes");

        Assert.Equal(["yes"], request.Code);
    }

    [Fact]
    public void Too_many_values_of_one_facet_are_cut_and_reported()
    {
        var query = string.Join('&', Enumerable.Range(0, 30).Select(i => $"topic=t{i:D2}"));

        var (request, problems) = Parse("?" + query);

        Assert.Single(problems);
        Assert.Equal(20, request.Topics.Count);
    }

    [Fact]
    public void Toggle_adds_a_missing_value_and_removes_a_present_one_and_goes_back_to_page_one()
    {
        var request = new SearchRequest { Query = "x", Topics = ["A"], Page = 5 };

        var added = SearchUrl.Toggle(request, "topic", "B");
        var removed = SearchUrl.Toggle(request, "topic", "A");

        Assert.Equal(["A", "B"], added.Topics);
        Assert.Empty(removed.Topics);
        Assert.Equal(1, added.Page);
        Assert.Equal(1, removed.Page);
        Assert.Equal("x", removed.Query);
    }

    [Fact]
    public void Toggling_a_year_selects_that_year_and_toggling_it_again_clears_it()
    {
        var request = new SearchRequest { YearFrom = 2020, YearTo = 2024 };

        var selected = SearchUrl.Toggle(request, "year", "2022");
        var cleared = SearchUrl.Toggle(selected, "year", "2022");

        Assert.Equal((2022, 2022), (selected.YearFrom!.Value, selected.YearTo!.Value));
        Assert.Equal((null, null), (cleared.YearFrom, cleared.YearTo));
    }

    [Fact]
    public void The_feed_url_leaves_the_page_out()
    {
        var request = new SearchRequest { Query = "x", Page = 3 };

        Assert.Equal("/feed?q=x", SearchUrl.Build("/feed", request, includePage: false));
        Assert.Equal("/feed?q=x&page=3", SearchUrl.Build("/feed", request));
    }
}
