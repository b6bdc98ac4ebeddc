namespace PaperBrowser.Papers;

/// <summary>
/// Provenance: one entry of one imported file, exactly as it was read. A paper's fields are
/// recomputed from all of its sources, so re-importing a file is idempotent and an edited
/// entry updates its paper.
/// </summary>
public sealed class PaperSource
{
    public long Id { get; set; }
    public int PaperId { get; set; }
    public Paper? Paper { get; set; }

    /// <summary>The file's name (not its full path), so the same capture imported from another folder is the same source.</summary>
    public required string FileName { get; set; }

    /// <summary>The listing date at the top of a page capture ("Mar 11"), as written.</summary>
    public string? ListingDate { get; set; }

    /// <summary>1-based position of the entry in its file.</summary>
    public int Position { get; set; }
    public int Line { get; set; }

    public required string Title { get; set; }
    public required string Abstract { get; set; }
    public int? AuthorCount { get; set; }
    public List<string> Authors { get; set; } = [];
    public PartialDate Published { get; set; } = new();
    public int? Upvotes { get; set; }
    public string? ArxivId { get; set; }
    public List<string> Categories { get; set; } = [];
    public string? Doi { get; set; }
    public string? JournalRef { get; set; }
    public string? Comments { get; set; }

    /// <summary>Hash of everything above but the position, to tell unchanged entries from edited ones cheaply.</summary>
    public required string ContentHash { get; set; }

    public int ImportRunId { get; set; }
}
