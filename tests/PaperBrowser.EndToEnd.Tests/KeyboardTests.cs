using PaperBrowser.EndToEnd.Tests.Infrastructure;

namespace PaperBrowser.EndToEnd.Tests;

/// <summary>The keyboard shortcuts: "/" to the search box, j and k through the results, Enter to open one.</summary>
public sealed class KeyboardTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task Slash_focuses_search_j_and_k_move_and_Enter_opens_the_paper()
    {
        await using var session = await App.NewSessionAsync();
        var page = session.Page;
        var search = new SearchPage(page);
        await session.GotoAsync("/?q=" + SearchJourneyTests.Query);
        Assert.True(await search.Results.CountAsync() >= 3);

        // Click on plain text, so the page body has the focus rather than the search box.
        await search.Heading.ClickAsync();
        Assert.NotEqual("q", await ActiveIdAsync());

        await page.Keyboard.PressAsync("/");
        Assert.Equal("q", await ActiveIdAsync());
        Assert.Equal(SearchJourneyTests.Query, await search.SearchBox.InputValueAsync()); // the "/" was not typed

        // In the search box j and k are letters; Escape leaves the box.
        await page.Keyboard.PressAsync("Escape");
        Assert.NotEqual("q", await ActiveIdAsync());
        Assert.True(await search.SearchBox.InputValueAsync() == SearchJourneyTests.Query, "Escape should leave the search box, not empty it.");

        var hrefs = await search.ResultHrefsAsync();
        await page.Keyboard.PressAsync("j");
        await AssertSelectedAsync(0);
        await page.Keyboard.PressAsync("j");
        await AssertSelectedAsync(1);
        await page.Keyboard.PressAsync("j");
        await AssertSelectedAsync(2);
        await page.Keyboard.PressAsync("k");
        await AssertSelectedAsync(1);
        Assert.Equal(SearchJourneyTests.Query, await search.SearchBox.InputValueAsync()); // nothing typed into the box

        var title = SearchJourneyTests.Normalize(await search.ResultLinks.Nth(1).InnerTextAsync());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForPathAsync(hrefs[1]);
        Assert.Equal(title, SearchJourneyTests.Normalize(await page.Locator("article.paper h1").InnerTextAsync()));

        session.AssertOnlyLocalRequests();
        session.AssertNoScriptErrors();

        async Task AssertSelectedAsync(int index)
        {
            var selected = await page.EvaluateAsync<int[]>(
                "() => Array.from(document.querySelectorAll('[data-result]')).flatMap((r, i) => r.classList.contains('selected') ? [i] : [])");
            Assert.Equal([index], selected);
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('href')");
            Assert.Equal(hrefs[index], focused);
        }

        Task<string?> ActiveIdAsync() => page.EvaluateAsync<string?>("() => document.activeElement?.id || null");
    }
}
