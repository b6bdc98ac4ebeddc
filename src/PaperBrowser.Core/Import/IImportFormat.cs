namespace PaperBrowser.Import;

/// <summary>A file format the import job reads. Formats are picked by content, not by file name.</summary>
public interface IImportFormat
{
    string Name { get; }

    /// <summary>Whether the start of a file's text looks like this format.</summary>
    bool Matches(string head);

    /// <summary>Streams the entries and problems of a file in order, so large files need not fit in memory.</summary>
    IEnumerable<ImportItem> Read(string path);
}

/// <summary>Either an entry or a problem, in file order.</summary>
public readonly record struct ImportItem(ParsedEntry? Entry, ParseProblem? Problem)
{
    /// <summary>How many bytes of the file the reader has taken in with this item, for the progress display (0: not known).</summary>
    public long BytesRead { get; init; }

    public static implicit operator ImportItem(ParsedEntry entry) => new(entry, null);
    public static implicit operator ImportItem(ParseProblem problem) => new(null, problem);
}

public sealed class PageCaptureFormat : IImportFormat
{
    /// <summary>Captures are read whole; anything larger is not a page capture.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    public string Name => "page capture";

    // The fallback format: any text that is not another format is read as a capture.
    public bool Matches(string head) => true;

    public IEnumerable<ImportItem> Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            yield return new ParseProblem(null, $"file is {length / (1024 * 1024):N0} MiB; page captures are limited to {MaxFileBytes / (1024 * 1024)} MiB");
            yield break;
        }
        var decoded = TextDecoder.Decode(File.ReadAllBytes(path));
        if (decoded.Warning is not null) yield return new ParseProblem(null, decoded.Warning);
        if (decoded.Text is null) yield break;

        var result = PageCaptureParser.Parse(decoded.Text);
        foreach (var problem in result.Problems) yield return problem;
        // The file was read whole before its first entry.
        foreach (var entry in result.Entries) yield return new ImportItem(entry, null) { BytesRead = length };
    }
}
