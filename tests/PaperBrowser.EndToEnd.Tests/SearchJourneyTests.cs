using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PaperBrowser.EndToEnd.Tests.Infrastructure;

namespace PaperBrowser.EndToEnd.Tests;

/// <summary>
/// A person's way through the site with JavaScript on: search, narrow with facets (the form submits
/// on each tick), sort, page, reload, open a paper, follow a related one, download its BibTeX.
/// </summary>
public sealed partial class SearchJourneyTests(AppFixture app) : AppTest(app)
{
    // Among the samples, "network" matches well over two pages of papers even with filters.
    public const string Query = "network";

    [Fact]
    public async Task Search_filter_sort_page_reload_and_open_a_paper()
    {
        await using var session = await App.NewSessionAsync();
        var page = session.Page;
        var search = new SearchPage(page);

        // Type a query and submit it.
        await session.GotoAsync("/");
        await search.SearchBox.FillAsync(Query);
        await search.SearchBox.PressAsync("Enter");
        await search.WaitForAsync(url => SearchPage.Has(url, "q", Query));
        Assert.Contains(Query, await search.Heading.InnerTextAsync());
        var all = await search.TotalAsync();
        Assert.True(all > 20, $"'{Query}' should match more than one page; it matched {all}.");

        // Tick two topics and one code value; each tick submits the form.
        var topics = await search.FacetValuesAsync("topic", 2);
        await search.Checkbox("topic", topics[0]).ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "topic", topics[0]));
        await search.Checkbox("topic", topics[1]).ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "topic", topics[1]));
        await search.Checkbox("code", "no").ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "code", "no"));

        var query = search.Query();
        Assert.Equal(Query, query["q"].ToString());
        Assert.Equal(topics.Order(StringComparer.Ordinal), query["topic"].Order(StringComparer.Ordinal));
        Assert.Equal("no", query["code"].ToString());
        Assert.False(query.ContainsKey("year"), "An empty year field should be left out of the address.");
        Assert.Equal(
            new[] { $"topic={topics[0]}", $"topic={topics[1]}", "code=no" }.Order(StringComparer.Ordinal),
            (await search.CheckedFiltersAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(3, await page.Locator(".chips a.chip:not(.clear)").CountAsync());
        Assert.True(await search.SearchBox.InputValueAsync() == Query, "The query stays in the search box.");
        var filtered = await search.TotalAsync();
        Assert.True(filtered > 20 && filtered < all, $"The filters should narrow {all} papers to more than a page; got {filtered}.");
        Assert.False(await search.FacetForm.Locator("button.apply").IsVisibleAsync(), "With JavaScript the Apply button is hidden.");

        // Sort by title; the choice submits at once.
        await search.SortSelect.SelectOptionAsync("title");
        await search.WaitForAsync(url => SearchPage.Has(url, "sort", "title"));
        Assert.Equal("title", await search.SortSelect.InputValueAsync());
        var firstPage = await search.ResultTitlesAsync();
        Assert.Equal(20, firstPage.Count);
        AssertInTitleOrder(firstPage);
        Assert.Equal(3, (await search.CheckedFiltersAsync()).Count);

        // Go to page 2 with "Next".
        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "page", "2"));
        Assert.Equal(2, await search.CurrentPageNumberAsync());
        var secondPage = await search.ResultTitlesAsync();
        Assert.NotEmpty(secondPage);
        Assert.Empty(secondPage.Intersect(firstPage));
        AssertInTitleOrder([firstPage[^1], .. secondPage]);
        Assert.Equal("21", await page.Locator("ol.result-list").GetAttributeAsync("start"));

        // The address is the view: reloading, or opening it afresh, shows the same thing.
        var url = page.Url;
        var hrefs = await search.ResultHrefsAsync();
        var boxes = await search.CheckedFiltersAsync();
        await page.ReloadAsync();
        Assert.Equal(url, page.Url);
        Assert.Equal(secondPage, await search.ResultTitlesAsync());
        Assert.Equal(hrefs, await search.ResultHrefsAsync());
        Assert.Equal(boxes, await search.CheckedFiltersAsync());
        Assert.Equal("title", await search.SortSelect.InputValueAsync());
        Assert.Equal(Query, await search.SearchBox.InputValueAsync());

        await using (var fresh = await App.NewSessionAsync())
        {
            await fresh.GotoAsync(url);
            var again = new SearchPage(fresh.Page);
            Assert.Equal(secondPage, await again.ResultTitlesAsync());
            Assert.Equal(boxes, await again.CheckedFiltersAsync());
            Assert.Equal(2, await again.CurrentPageNumberAsync());
        }

        // Open the first paper of this page.
        var firstLink = search.ResultLinks.First;
        var paperPath = (await firstLink.GetAttributeAsync("href"))!;
        var paperTitle = Normalize(await firstLink.InnerTextAsync());
        await firstLink.ClickAsync();
        await page.WaitForPathAsync(paperPath);
        Assert.Equal(paperTitle, Normalize(await page.Locator("article.paper h1").InnerTextAsync()));
        Assert.EndsWith("· PaperBrowser", await page.TitleAsync());

        // Follow a related paper.
        var related = page.Locator(".related-list a").First;
        var relatedPath = (await related.GetAttributeAsync("href"))!;
        Assert.NotEqual(paperPath, relatedPath);
        var relatedTitle = Normalize(await related.InnerTextAsync());
        await related.ClickAsync();
        await page.WaitForPathAsync(relatedPath);
        Assert.Equal(relatedTitle, Normalize(await page.Locator("article.paper h1").InnerTextAsync()));

        // Download its BibTeX.
        var rawTitle = (await page.Locator("meta[name=citation_title]").GetAttributeAsync("content"))!;
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "BibTeX", Exact = true }).ClickAsync());
        Assert.EndsWith(".bib", download.SuggestedFilename);
        var bibtex = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.True(bibtex.StartsWith("@article{", StringComparison.Ordinal) || bibtex.StartsWith("@misc{", StringComparison.Ordinal),
            "BibTeX should start with @article or @misc:\n" + bibtex);
        Assert.Contains(rawTitle, BibUnescape(bibtex));
        Assert.Contains(App.BaseUrl + relatedPath, bibtex);

        session.AssertOnlyLocalRequests();
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Unknown_addresses_show_the_not_found_page()
    {
        await using var session = await App.NewSessionAsync();
        var response = await session.GotoAsync("/papers/999999/no-such-paper");
        Assert.Equal(404, response.Status);
        Assert.Equal("Not found", await session.Page.Locator("main h1").InnerTextAsync());
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Search the papers" }).ClickAsync();
        await session.Page.WaitForPathAsync("/");
        Assert.True(await session.Page.Locator("[data-result]").CountAsync() > 0);
        session.AssertOnlyLocalRequests();
        session.AssertNoScriptErrors();
    }

    /// <summary>Title order is the lower-cased title, compared ordinally.</summary>
    internal static void AssertInTitleOrder(IReadOnlyList<string> titles)
    {
        for (var i = 1; i < titles.Count; i++)
        {
            var (a, b) = (SortKey(titles[i - 1]), SortKey(titles[i]));
            Assert.True(string.CompareOrdinal(a, b) <= 0,
                $"Titles are not in title order: '{titles[i - 1]}' comes before '{titles[i]}'.");
        }
    }

    private static string SortKey(string title) => title.Trim().ToLowerInvariant();

    internal static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    private static string BibUnescape(string text) =>
        Regex.Replace(text, @"\\([{}%&#])", "$1");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
