using System.Net;

namespace PaperBrowser.Tests.Pages;

[Collection(CraftedSite.Collection)]
public sealed class BrowsePageTests(CraftedSite site)
{
    [Fact]
    public async Task Each_facet_is_listed_under_its_plural()
    {
        var page = await site.GetAsync("/browse", HttpStatusCode.OK);

        // The crafted arXiv papers have categories, so every facet the page can list is here.
        var headings = page.Document.QuerySelectorAll(".browse h2").Select(h => h.TextContent).ToList();
        Assert.Equal(["Topics", "Years", "Code", "Categories", "Sources"], headings);
    }
}
