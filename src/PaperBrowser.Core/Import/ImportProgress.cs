namespace PaperBrowser.Import;

/// <summary>How far an import is: the entries read so far and the bytes read of all the files it found.</summary>
public readonly record struct ImportProgress(int EntriesRead, long BytesRead, long TotalBytes)
{
    /// <summary>The share of the files' bytes read, 0 to 1; null when their size is not known.</summary>
    public double? Fraction => TotalBytes <= 0 ? null : Math.Clamp((double)BytesRead / TotalBytes, 0d, 1d);
}
