namespace PaperBrowser.Papers;

/// <summary>One research paper: the merged view of every source that mentions it.</summary>
public sealed class Paper
{
    public int Id { get; set; }

    /// <summary>Dedup key: the title without case, punctuation, whitespace or TeX markup.</summary>
    public required string NormalizedTitle { get; set; }

    public required string Title { get; set; }
    public required string Abstract { get; set; }

    public int? AuthorCount { get; set; }

    /// <summary>Author names ("First Last"), when the source lists them (arXiv metadata does).</summary>
    public List<string> Authors { get; set; } = [];

    public PartialDate Published { get; set; } = new();
    public int? Upvotes { get; set; }

    /// <summary>Code repositories and project pages linked from the abstract.</summary>
    public List<string> Urls { get; set; } = [];

    public string? ArxivId { get; set; }
    public List<string> Categories { get; set; } = [];
    public string? Doi { get; set; }
    public string? JournalRef { get; set; }
    public string? Comments { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public List<PaperSource> Sources { get; set; } = [];
}
