using PaperBrowser.Papers;

namespace PaperBrowser.Search;

public sealed record SearchResponse
{
    public required IReadOnlyList<SearchHit> Hits { get; init; }
    public required int Total { get; init; }
    public required IReadOnlyList<FacetResult> Facets { get; init; }
    public required SearchSort Sort { get; init; }
    public required int Page { get; init; }
    public required int Size { get; init; }
    public string? DidYouMean { get; init; }
    /// <summary>What the person should know about how their query was read (syntax errors, corrections, relaxed matching).</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];
    public IReadOnlyList<SpellingCorrection> Corrections { get; init; } = [];
    public TimeSpan Elapsed { get; init; }

    public int PageCount => Total == 0 ? 0 : (int)Math.Ceiling(Math.Min(Total, SearchRequest.MaxDepth) / (double)Size);
    public FacetResult? Facet(string name) => Facets.FirstOrDefault(f => f.Name == name);
}

public sealed record SpellingCorrection(string From, string To);

/// <summary>A hit: the paper's row data plus HTML-encoded highlighted title and fragments.</summary>
public sealed record SearchHit
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    /// <summary>The title, HTML-encoded, with matched words wrapped in &lt;mark&gt;.</summary>
    public required string TitleHtml { get; init; }
    /// <summary>One or two abstract fragments, HTML-encoded, with matched words wrapped in &lt;mark&gt;.</summary>
    public required IReadOnlyList<string> Fragments { get; init; }
    public required IReadOnlyList<string> Topics { get; init; }
    public PartialDate Published { get; init; } = new();
    public int? Year => Published.Year;
    public IReadOnlyList<string> CodeUrls { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    public int? AuthorCount { get; init; }
    public int? Upvotes { get; init; }
    public string? ArxivId { get; init; }
    public DateTime UpdatedUtc { get; init; }
    public float? Score { get; init; }
}

public sealed record FacetResult(string Name, string Label, IReadOnlyList<FacetValue> Values);

public sealed record FacetValue(string Value, string Label, int Count, bool Selected);
