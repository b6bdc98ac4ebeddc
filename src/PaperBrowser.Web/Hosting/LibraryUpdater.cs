using Microsoft.EntityFrameworkCore;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// Runs an import and then brings the search index up to date with what it changed: data flows
/// files → import → SQLite → index, never back.
/// </summary>
public sealed class LibraryUpdater(
    PaperImporter importer,
    PaperIndexWriter indexWriter,
    PaperIndex index,
    IDbContextFactory<PaperDbContext> dbFactory,
    ILogger<LibraryUpdater> logger)
{
    private const int BulkThreshold = 5_000;

    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var summary = await importer.ImportAsync(paths, progress, ct);
        logger.LogInformation("Import run {Run}: {Summary}", summary.RunId, summary.Describe());
        if (summary.ChangedPaperIds.Count > 0)
        {
            // Updating a document costs a delete by id; when most of the library changed (a first bulk
            // import), writing the index anew is cheaper, and readers switch to it at commit all the same.
            var bulk = summary.ChangedPaperIds.Count >= BulkThreshold
                       && summary.ChangedPaperIds.Count * 2 >= await CountPapersAsync(ct);
            var indexed = bulk
                ? await indexWriter.RebuildAsync(ct)
                : await indexWriter.UpdateAsync(summary.ChangedPaperIds, ct);
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

    private async Task<int> CountPapersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Papers.CountAsync(ct);
    }
}
