namespace PaperBrowser.Papers;

/// <summary>A record of one run of the import job: what it read and what it changed.</summary>
public sealed class ImportRun
{
    public int Id { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    public List<string> Files { get; set; } = [];
    public int EntriesRead { get; set; }
    public int NewPapers { get; set; }
    public int UpdatedPapers { get; set; }
    public int UnchangedEntries { get; set; }
    public int DuplicatesMerged { get; set; }
    public int FilesFailed { get; set; }
    public List<ImportProblem> Problems { get; set; } = [];
}

/// <summary>A problem found while importing: which file, which line, and what was wrong.</summary>
public sealed class ImportProblem
{
    public long Id { get; set; }
    public int ImportRunId { get; set; }
    public required string File { get; set; }
    public int? Line { get; set; }
    public ImportProblemSeverity Severity { get; set; }
    public required string Message { get; set; }

    public override string ToString() =>
        Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}

public enum ImportProblemSeverity
{
    /// <summary>Something was skipped or adjusted, but the rest of the file imported.</summary>
    Warning,
    /// <summary>The whole file was rejected.</summary>
    Error,
}
