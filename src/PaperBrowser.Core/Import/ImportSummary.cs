using PaperBrowser.Papers;

namespace PaperBrowser.Import;

/// <summary>What one run of the import job did, file by file.</summary>
public sealed class ImportSummary
{
    public int RunId { get; set; }
    public List<FileImportSummary> Files { get; } = [];
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>Papers created or changed, for the search index to pick up.</summary>
    public HashSet<int> ChangedPaperIds { get; } = [];

    public int EntriesRead => Files.Sum(f => f.EntriesRead);
    public int NewPapers => Files.Sum(f => f.NewPapers);
    public int UpdatedPapers => Files.Sum(f => f.UpdatedPapers);
    public int UnchangedEntries => Files.Sum(f => f.UnchangedEntries);
    public int DuplicatesMerged => Files.Sum(f => f.DuplicatesMerged);
    public int FilesFailed => Files.Count(f => f.Failed);
    public bool HasErrors => Problems.Any(p => p.Severity == ImportProblemSeverity.Error);
    public TimeSpan Elapsed { get; set; }

    public string Describe()
    {
        var text = $"{Files.Count} file(s): {EntriesRead} entries read, {NewPapers} new, {UpdatedPapers} updated, " +
                   $"{UnchangedEntries} unchanged, {DuplicatesMerged} duplicates merged";
        if (FilesFailed > 0) text += $", {FilesFailed} file(s) failed";
        return text;
    }
}

public sealed class FileImportSummary(string path, string format)
{
    public string Path { get; } = path;
    public string Format { get; } = format;
    public int EntriesRead { get; set; }
    public int NewPapers { get; set; }
    public int UpdatedPapers { get; set; }
    public int UnchangedEntries { get; set; }
    public int DuplicatesMerged { get; set; }
    public bool Failed { get; set; }
}
