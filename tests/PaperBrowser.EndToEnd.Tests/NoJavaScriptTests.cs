using Microsoft.Playwright;
using PaperBrowser.EndToEnd.Tests.Infrastructure;

namespace PaperBrowser.EndToEnd.Tests;

/// <summary>The same journey with JavaScript off: the forms' own buttons do the submitting.</summary>
public sealed class NoJavaScriptTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Search_filter_sort_and_page_work_without_JavaScript()
    {
        await using var session = await App.NewSessionAsync(javaScript: false);
        var page = session.Page;
        var search = new SearchPage(page);

        await session.GotoAsync("/");
        await search.SearchBox.FillAsync(SearchJourneyTests.Query);
        await search.SearchBox.PressAsync("Enter");
        await search.WaitForAsync(url => SearchPage.Has(url, "q", SearchJourneyTests.Query));
        var all = await search.TotalAsync();

        // Ticking boxes does nothing by itself; "Apply filters" submits them.
        var topics = await search.FacetValuesAsync("topic", 2);
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" });
        Assert.True(await apply.IsVisibleAsync(), "Without JavaScript the Apply filters button must be visible.");
        await search.Checkbox("topic", topics[0]).CheckAsync();
        await search.Checkbox("topic", topics[1]).CheckAsync();
        await search.Checkbox("code", "no").CheckAsync();
        Assert.True(SearchPage.Has(page.Url, "q", SearchJourneyTests.Query) && !search.Query().ContainsKey("topic"),
            "Without JavaScript nothing should submit before Apply is pressed.");
        await apply.ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "topic", topics[0]) && SearchPage.Has(url, "topic", topics[1]) && SearchPage.Has(url, "code", "no"));
        Assert.Equal(SearchJourneyTests.Query, search.Query()["q"].ToString());
        Assert.Equal(3, (await search.CheckedFiltersAsync()).Count);
        Assert.Equal(0, await page.Locator(".notice").CountAsync()); // the empty year field is not a problem
        var filtered = await search.TotalAsync();
        Assert.True(filtered > 20 && filtered < all, $"Expected more than a page and fewer than {all}; got {filtered}.");

        // The sort select needs its "Sort" button.
        await search.SortSelect.SelectOptionAsync("title");
        Assert.False(SearchPage.Has(page.Url, "sort", "title"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sort", Exact = true }).ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "sort", "title"));
        Assert.Equal("title", await search.SortSelect.InputValueAsync());
        Assert.Equal(3, (await search.CheckedFiltersAsync()).Count);
        var firstPage = await search.ResultTitlesAsync();
        SearchJourneyTests.AssertInTitleOrder(firstPage);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await search.WaitForAsync(url => SearchPage.Has(url, "page", "2"));
        Assert.Equal(2, await search.CurrentPageNumberAsync());
        Assert.Empty((await search.ResultTitlesAsync()).Intersect(firstPage));
        Assert.Equal(3, (await search.CheckedFiltersAsync()).Count);

        // Open a paper.
        var link = search.ResultLinks.First;
        var path = (await link.GetAttributeAsync("href"))!;
        var title = SearchJourneyTests.Normalize(await link.InnerTextAsync());
        await link.ClickAsync();
        await page.WaitForPathAsync(path);
        Assert.Equal(title, SearchJourneyTests.Normalize(await page.Locator("article.paper h1").InnerTextAsync()));

        session.AssertOnlyLocalRequests();
    }
}
