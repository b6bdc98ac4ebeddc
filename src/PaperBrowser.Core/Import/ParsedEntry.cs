using PaperBrowser.Papers;

namespace PaperBrowser.Import;

/// <summary>One paper entry as a parser read it from a file, before deduplication.</summary>
public sealed record ParsedEntry
{
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    public required int Line { get; init; }
    public required int Position { get; init; }
    public string? ListingDate { get; init; }
    public int? AuthorCount { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public PartialDate Published { get; init; } = new();
    public int? Upvotes { get; init; }
    public string? ArxivId { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? Doi { get; init; }
    public string? JournalRef { get; init; }
    public string? Comments { get; init; }
}

/// <summary>What a parser made of a file: its entries and the problems it found, each with a line number.</summary>
public sealed record ParseResult(IReadOnlyList<ParsedEntry> Entries, IReadOnlyList<ParseProblem> Problems);

public sealed record ParseProblem(int? Line, string Message);
