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

    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        ImportSummary summary;
        int? streamed = null;
        // Into an empty library every paper is new: the index is written while the import stores them
        // (one core parses and stores, the others analyse) rather than read back from the database after.
        var build = await CountPapersAsync(ct) == 0 ? await indexWriter.StartStreamingBuildAsync(ct) : null;
        try
        {
            summary = await importer.ImportAsync(paths, progress, build is null ? null : build.Add, ct);
            logger.LogInformation("Import run {Run}: {Summary}", summary.RunId, summary.Describe());
            if (build is not null && summary.ChangedPaperIds.Count > 0)
            {
                // A failed file was rolled back after its papers went to the build: the build is not the database.
                if (summary.FilesFailed == 0)
                    streamed = await build.CommitAsync(await CountPapersAsync(ct), ct);
                if (streamed is null)
                    logger.LogWarning("The index written during the import is not used ({Reason}): rebuilding it from the database",
                        build.Failure ?? "a file failed and was rolled back");
            }
        }
        finally
        {
            build?.Dispose();
        }

        if (streamed is { } count)
        {
            logger.LogInformation("Search index written during the import: {Count} papers", count);
            index.RefreshNow();
        }
        else if (summary.ChangedPaperIds.Count > 0)
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
