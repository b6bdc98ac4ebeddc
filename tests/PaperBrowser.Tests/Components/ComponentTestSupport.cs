using Microsoft.AspNetCore.WebUtilities;
using PaperBrowser.Search;
using PaperBrowser.Web.Search;

namespace PaperBrowser.Tests.Components;

internal static class ComponentTestSupport
{
    /// <summary>The search view a link leads to, read back the way the site reads it.</summary>
    public static SearchRequest ViewOf(string? href)
    {
        Assert.NotNull(href);
        Assert.StartsWith("/", href);
        var hash = href.IndexOf('#');
        if (hash >= 0) href = href[..hash];
        var question = href.IndexOf('?');
        var (request, problems) = SearchUrl.Parse(QueryHelpers.ParseQuery(question < 0 ? "" : href[question..]));
        Assert.Empty(problems);
        return request;
    }

    /// <summary>A canonical URL for a view, for comparing two views by value.</summary>
    public static string Canonical(SearchRequest request) => SearchUrl.Build("/", request);

    public static FacetResult Facet(string name, string label, params (string Value, int Count, bool Selected)[] values) =>
        new(name, label, [.. values.Select(v => new FacetValue(v.Value, v.Value, v.Count, v.Selected))]);
}
