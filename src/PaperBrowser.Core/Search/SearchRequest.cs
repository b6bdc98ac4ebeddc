namespace PaperBrowser.Search;

public enum SearchSort { Relevance, Newest, Oldest, Upvotes, Title }

/// <summary>One search: the same parameters the pages put in their URLs and the API accepts.</summary>
public sealed record SearchRequest
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;
    /// <summary>How deep paging may go (page × size); deeper pages would make every request collect that many hits.</summary>
    public const int MaxDepth = 10_000;

    public string? Query { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public IReadOnlyList<string> Code { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Null means the default: relevance with a query, newest without one.</summary>
    public SearchSort? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int Size { get; init; } = DefaultSize;

    public bool HasQuery => !string.IsNullOrWhiteSpace(Query);
    public SearchSort EffectiveSort => Sort ?? (HasQuery ? SearchSort.Relevance : SearchSort.Newest);
    public bool HasFilters => Topics.Count + Code.Count + Sources.Count + Categories.Count > 0 || YearFrom is not null || YearTo is not null;
}
