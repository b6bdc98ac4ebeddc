using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Playwright;

namespace PaperBrowser.EndToEnd.Tests.Infrastructure;

/// <summary>What a person sees on the search page, read from the rendered DOM.</summary>
public sealed partial class SearchPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator SearchBox => Page.Locator("#q");
    public ILocator Results => Page.Locator("[data-result]");
    public ILocator ResultLinks => Page.Locator("[data-result] .result-title a");
    public ILocator Heading => Page.Locator("#results-heading");
    public ILocator SortSelect => Page.Locator("select#sort");
    public ILocator FacetForm => Page.Locator("form.facets");

    public ILocator Checkbox(string facet, string value) =>
        Page.Locator($"#facet-{facet} input[type=checkbox][value=\"{value.Replace("\"", "\\\"")}\"]");

    public Task<IReadOnlyList<string>> ResultTitlesAsync() => ResultLinks.AllInnerTextsAsync();

    public async Task<IReadOnlyList<string>> ResultHrefsAsync()
    {
        var hrefs = new List<string>();
        foreach (var link in await ResultLinks.AllAsync()) hrefs.Add((await link.GetAttributeAsync("href"))!);
        return hrefs;
    }

    /// <summary>The ticked facet boxes as "facet=value", in page order.</summary>
    public async Task<IReadOnlyList<string>> CheckedFiltersAsync()
    {
        var list = new List<string>();
        foreach (var box in await Page.Locator("form.facets input[type=checkbox]:checked").AllAsync())
            list.Add($"{await box.GetAttributeAsync("name")}={await box.GetAttributeAsync("value")}");
        return list;
    }

    /// <summary>The values of the first boxes of a facet as listed (most papers first).</summary>
    public async Task<IReadOnlyList<string>> FacetValuesAsync(string facet, int count)
    {
        var values = new List<string>();
        foreach (var box in (await Page.Locator($"#facet-{facet} input[type=checkbox]").AllAsync()).Take(count))
            values.Add((await box.GetAttributeAsync("value"))!);
        Assert.True(values.Count == count, $"The {facet} facet lists {values.Count} values; the test needs {count}.");
        return values;
    }

    /// <summary>The total from the heading ("1,234 papers for …").</summary>
    public async Task<int> TotalAsync()
    {
        var text = await Heading.InnerTextAsync();
        var match = TotalPattern().Match(text);
        Assert.True(match.Success, $"The heading '{text}' does not start with a number of papers.");
        return int.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<int> CurrentPageNumberAsync()
    {
        var current = Page.Locator(".pager [aria-current=page]");
        return int.Parse(await current.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Dictionary<string, StringValues> Query() => QueryOf(Page.Url);

    public static Dictionary<string, StringValues> QueryOf(string url) =>
        QueryHelpers.ParseQuery(new Uri(url).Query);

    public static bool Has(string url, string name, string value) =>
        QueryOf(url).TryGetValue(name, out var values) && values.Contains(value);

    /// <summary>Waits for the search page at an address that satisfies the condition, fully loaded.</summary>
    public Task WaitForAsync(Func<string, bool> condition) =>
        Page.WaitForPageAsync(url => new Uri(url).AbsolutePath == "/" && condition(url), "the search page");

    [GeneratedRegex(@"^\s*([\d,]+)\s+papers?\b")]
    private static partial Regex TotalPattern();
}
