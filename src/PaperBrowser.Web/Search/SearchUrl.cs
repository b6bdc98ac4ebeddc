using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using PaperBrowser.Search;

namespace PaperBrowser.Web.Search;

/// <summary>
/// The URL is the state: reads a search view from query parameters and writes it back in one
/// canonical form (fixed parameter order, empty and default values left out), so the same view
/// always has the same URL.
/// </summary>
public static class SearchUrl
{
    public const int MinYear = 1900;
    public const int MaxYear = 2100;
    private const int MaxValuesPerFacet = 20;
    private const int MaxValueLength = 200;

    public static readonly IReadOnlyDictionary<string, SearchSort> SortNames = new Dictionary<string, SearchSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = SearchSort.Relevance,
        ["newest"] = SearchSort.Newest,
        ["oldest"] = SearchSort.Oldest,
        ["upvotes"] = SearchSort.Upvotes,
        ["title"] = SearchSort.Title,
    };

    public static string SortName(SearchSort sort) => sort.ToString().ToLowerInvariant();

    /// <summary>Reads a request; every invalid value falls back to its default and is reported.</summary>
    public static (SearchRequest Request, IReadOnlyList<SearchUrlProblem> Problems) Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var parameters = query.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var problems = new List<SearchUrlProblem>();

        string? First(string name) => parameters.TryGetValue(name, out var v) ? v.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s))?.Trim() : null;

        IReadOnlyList<string> Many(string name)
        {
            if (!parameters.TryGetValue(name, out var values)) return [];
            var list = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())
                .Where(v => v.Length <= MaxValueLength).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (list.Count > MaxValuesPerFacet)
            {
                problems.Add(new(name, $"At most {MaxValuesPerFacet} values of \"{name}\" can be given", $"the first {MaxValuesPerFacet} are used"));
                list = list[..MaxValuesPerFacet];
            }
            return list;
        }

        SearchSort? sort = null;
        if (First("sort") is { } sortText)
        {
            if (SortNames.TryGetValue(sortText, out var s)) sort = s;
            else problems.Add(new("sort", $"\"{sortText}\" is not a sort order; use one of {string.Join(", ", SortNames.Keys)}", null));
        }

        var page = 1;
        if (First("page") is { } pageText)
        {
            if (int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1) page = p;
            else problems.Add(new("page", $"\"{pageText}\" is not a page number", "the first page is shown"));
        }

        var size = SearchRequest.DefaultSize;
        if (First("size") is { } sizeText)
        {
            if (int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= SearchRequest.MaxSize) size = n;
            else problems.Add(new("size", $"The page size must be between 1 and {SearchRequest.MaxSize}", $"{SearchRequest.DefaultSize} is used"));
        }
        if ((long)page * size > SearchRequest.MaxDepth)
        {
            problems.Add(new("page", $"Results are available up to number {SearchRequest.MaxDepth:N0}", "the last page is shown"));
            page = SearchRequest.MaxDepth / size;
        }

        int? yearFrom = null, yearTo = null;
        if (First("year") is { } yearText)
        {
            if (TryParseYears(yearText, out yearFrom, out yearTo)) { }
            else problems.Add(new("year", $"\"{yearText}\" is not a year or a range of years (such as 2023 or 2020-2024)", null));
        }

        var code = Many("code").Where(v => v is PaperFields.HasCodeYes or PaperFields.HasCodeNo).ToList();

        var request = new SearchRequest
        {
            Query = First("q") is { } q && q.Length > 0 ? q : null,
            Topics = Many("topic"),
            YearFrom = yearFrom,
            YearTo = yearTo,
            Code = code,
            Categories = Many("category"),
            Sources = Many("source"),
            Sort = sort,
            Page = page,
            Size = size,
        };
        // An explicit sort equal to the default is the same view as no sort at all.
        if (request.Sort is { } explicitSort && explicitSort == (request.HasQuery ? SearchSort.Relevance : SearchSort.Newest))
            request = request with { Sort = null };
        return (request, problems);
    }

    /// <summary>Reads "2023", "2020-2024", "2020-" or "-2024"; on failure both years are null (no half-read range).</summary>
    public static bool TryParseYears(string text, out int? from, out int? to)
    {
        if (ReadYears(text, out from, out to)) return true;
        from = to = null;
        return false;
    }

    private static bool ReadYears(string text, out int? from, out int? to)
    {
        from = to = null;
        var parts = text.Split('-', 2);
        if (parts.Length == 1)
        {
            if (!TryYear(parts[0], out var y)) return false;
            from = to = y;
            return true;
        }
        if (parts[0].Length > 0) { if (!TryYear(parts[0], out var f)) return false; from = f; }
        if (parts[1].Length > 0) { if (!TryYear(parts[1], out var t)) return false; to = t; }
        if (from is null && to is null) return false;
        if (from > to) (from, to) = (to, from);
        return true;
    }

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= MinYear and <= MaxYear;

    public static string? YearText(int? from, int? to) => (from, to) switch
    {
        (null, null) => null,
        ({ } f, { } t) when f == t => f.ToString(CultureInfo.InvariantCulture),
        _ => $"{from?.ToString(CultureInfo.InvariantCulture)}-{to?.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>The parameters of a view in canonical order, defaults left out.</summary>
    public static List<KeyValuePair<string, string>> Parameters(SearchRequest request, bool includePage = true)
    {
        var list = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) list.Add(new(name, value)); }

        Add("q", request.Query);
        foreach (var t in request.Topics.Order(StringComparer.Ordinal)) Add("topic", t);
        Add("year", YearText(request.YearFrom, request.YearTo));
        foreach (var c in request.Code.Order(StringComparer.Ordinal)) Add("code", c);
        foreach (var c in request.Categories.Order(StringComparer.Ordinal)) Add("category", c);
        foreach (var s in request.Sources.Order(StringComparer.Ordinal)) Add("source", s);
        var defaultSort = request.HasQuery ? SearchSort.Relevance : SearchSort.Newest;
        if (request.Sort is { } sort && sort != defaultSort) Add("sort", SortName(sort));
        if (includePage && request.Page > 1) Add("page", request.Page.ToString(CultureInfo.InvariantCulture));
        if (request.Size != SearchRequest.DefaultSize) Add("size", request.Size.ToString(CultureInfo.InvariantCulture));
        return list;
    }

    /// <summary>The canonical URL of a view under <paramref name="path"/> ("/", "/feed", "/api/search").</summary>
    public static string Build(string path, SearchRequest request, bool includePage = true)
    {
        var parameters = Parameters(request, includePage);
        if (parameters.Count == 0) return path;
        var sb = new StringBuilder(path).Append('?');
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(parameters[i].Key)).Append('=').Append(Encode(parameters[i].Value));
        }
        return sb.ToString();
    }

    // Spaces as "+", as HTML forms send them, so a submitted form and a built link look the same.
    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    /// <summary>A copy of the view with one facet value added or removed; the page goes back to 1.</summary>
    public static SearchRequest Toggle(SearchRequest request, string facet, string value)
    {
        static IReadOnlyList<string> Flip(IReadOnlyList<string> values, string value) =>
            values.Contains(value, StringComparer.Ordinal) ? [.. values.Where(v => v != value)] : [.. values, value];

        return (facet switch
        {
            "topic" => request with { Topics = Flip(request.Topics, value) },
            "code" => request with { Code = Flip(request.Code, value) },
            "category" => request with { Categories = Flip(request.Categories, value) },
            "source" => request with { Sources = Flip(request.Sources, value) },
            "year" => int.TryParse(value, CultureInfo.InvariantCulture, out var y) && !(request.YearFrom == y && request.YearTo == y)
                ? request with { YearFrom = y, YearTo = y }
                : request with { YearFrom = null, YearTo = null },
            _ => request,
        }) with { Page = 1 };
    }
}

/// <summary>
/// A search URL value that could not be used. The page shows <see cref="Notice"/> and searches with the fallback;
/// the API refuses the request and reports <see cref="Message"/> under the parameter's name.
/// </summary>
public sealed record SearchUrlProblem(string Parameter, string Message, string? Fallback)
{
    /// <summary>What is wrong, as a sentence (the API's wording: it uses no fallback).</summary>
    public string Reason => Message + ".";

    /// <summary>What is wrong and what the page does instead.</summary>
    public string Notice => Fallback is null ? Reason : $"{Message}, so {Fallback}.";

    public override string ToString() => Notice;
}
