using PaperBrowser.Import;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// Runs an import and then brings the search index up to date with what it changed: data flows
/// files → import → SQLite → index, never back.
/// </summary>
public sealed class LibraryUpdater(PaperImporter importer, PaperIndexWriter indexWriter, PaperIndex index, ILogger<LibraryUpdater> logger)
{
    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var summary = await importer.ImportAsync(paths, progress, ct);
        logger.LogInformation("Import run {Run}: {Summary}", summary.RunId, summary.Describe());
        if (summary.ChangedPaperIds.Count > 0)
        {
            var indexed = await indexWriter.UpdateAsync(summary.ChangedPaperIds, ct);
            logger.LogInformation("Search index updated: {Count} papers", indexed);
            index.RefreshNow();
        }
        return summary;
    }

    public async Task<int> ReindexAsync(CancellationToken ct = default)
    {
        var count = await indexWriter.RebuildAsync(ct);
        index.RefreshNow();
        return count;
    }
}
