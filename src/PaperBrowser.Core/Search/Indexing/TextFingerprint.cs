namespace PaperBrowser.Search.Indexing;

/// <summary>
/// A cheap, stable hash of a paper's title (high 32 bits) and abstract (low 32 bits), stored with its
/// document. string.GetHashCode differs between processes, so this is FNV-1a.
/// </summary>
public static class TextFingerprint
{
    public static long Of(string title, string @abstract) => (long)(((ulong)Hash(title) << 32) | Hash(@abstract));

    public static bool TitleMatches(long fingerprint, string title) => (uint)((ulong)fingerprint >> 32) == Hash(title);

    public static bool AbstractMatches(long fingerprint, string @abstract) => (uint)fingerprint == Hash(@abstract);

    private static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
