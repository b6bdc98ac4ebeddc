using System.Globalization;
using Lucene.Net.Index;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperBrowser.Papers;

namespace PaperBrowser.Search.Indexing;

/// <summary>
/// Writes the index from the database: a full rebuild, an update for the papers an import changed,
/// or a catch-up at start when the index is missing or behind. Every change ends in one commit,
/// so searchers see either the old state or the new one, never half of it.
/// </summary>
public sealed class PaperIndexWriter(
    PaperIndex index,
    PaperDocumentBuilder documents,
    IDbContextFactory<PaperDbContext> dbFactory,
    ILogger<PaperIndexWriter> logger)
{
    private const int BatchSize = 2000;
    internal const int SingleSegmentLimit = 100_000;
    private readonly SemaphoreSlim WriteGate = new(1, 1);

    /// <summary>Builds the whole index anew and switches to it at commit.</summary>
    public async Task<int> RebuildAsync(CancellationToken ct = default)
    {
        await WriteGate.WaitAsync(ct);
        try
        {
            using var writer = index.OpenWriter(OpenMode.CREATE);
            var words = new WordCounter(index.IndexAnalyzer);
            var (count, watermark) = await AddPapersAsync(writer, words, q => q, ct);
            // Documents written from several threads land in several small segments; a small library is
            // merged into one so every query does one lookup per term. A large one is left to the merge policy.
            if (count <= SingleSegmentLimit) writer.ForceMerge(1);
            Commit(writer, watermark, () => WordList.Replace(index.WordsDirectory, words.Counts));
            logger.LogInformation("Search index rebuilt: {Count} papers", count);
            return count;
        }
        finally
        {
            WriteGate.Release();
        }
    }

    /// <summary>
    /// Starts a new index fed by an import as it stores papers (see <see cref="StreamingIndexBuild"/>).
    /// Meant for an import into an empty library, where every paper is new: the build replaces the index.
    /// </summary>
    public async Task<StreamingIndexBuild> StartStreamingBuildAsync(CancellationToken ct = default)
    {
        await WriteGate.WaitAsync(ct);
        try
        {
            return new StreamingIndexBuild(index.OpenWriter(OpenMode.CREATE), documents, new WordCounter(index.IndexAnalyzer),
                index.WordsDirectory, () => WriteGate.Release());
        }
        catch
        {
            WriteGate.Release();
            throw;
        }
    }

    /// <summary>Re-indexes the given papers (new or changed by an import).</summary>
    public async Task<int> UpdateAsync(IReadOnlyCollection<int> paperIds, CancellationToken ct = default)
    {
        if (paperIds.Count == 0) return 0;
        await WriteGate.WaitAsync(ct);
        try
        {
            using var writer = index.OpenWriter(OpenMode.CREATE_OR_APPEND);
            var previous = ReadCommitData(writer);
            var total = 0;
            var watermark = previous.Watermark;
            var words = new WordCounter(index.IndexAnalyzer);
            foreach (var chunk in paperIds.Order().Chunk(BatchSize))
            {
                var (count, mark) = await AddPapersAsync(writer, words, q => q.Where(p => chunk.Contains(p.Id)), ct, update: true);
                total += count;
                watermark = Math.Max(watermark, mark);
            }
            Commit(writer, watermark, () => WordList.Add(index.WordsDirectory, words.Counts));
            return total;
        }
        finally
        {
            WriteGate.Release();
        }
    }

    /// <summary>
    /// Makes the index match the database at start: rebuilds it when it is missing, from another
    /// schema or inconsistent; indexes what changed since its last commit when it is only behind.
    /// </summary>
    public async Task<string> EnsureCurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paperCount = await db.Papers.CountAsync(ct);
        var dbWatermark = paperCount == 0 ? 0 : (await db.Papers.MaxAsync(p => p.UpdatedUtc, ct)).Ticks;

        if (!index.Exists)
        {
            logger.LogWarning("No search index at {Path}: building it from the database ({Count} papers)", index.Path, paperCount);
            await RebuildAsync(ct);
            return "rebuilt (index was missing)";
        }

        var state = ReadCommitData();
        if (state.Schema != PaperFields.SchemaVersion || (paperCount > 0 && !index.WordsExist))
        {
            logger.LogWarning("The search index was built by another version (schema {Old}, now {New}): rebuilding", state.Schema, PaperFields.SchemaVersion);
            await RebuildAsync(ct);
            return "rebuilt (index schema changed)";
        }
        var caughtUp = 0;
        if (state.Watermark < dbWatermark)
        {
            var since = new DateTime(state.Watermark, DateTimeKind.Utc);
            var changed = await db.Papers.Where(p => p.UpdatedUtc >= since).Select(p => p.Id).ToListAsync(ct);
            logger.LogWarning("The search index is behind the database: indexing {Count} papers changed since its last commit", changed.Count);
            caughtUp = await UpdateAsync(changed, ct);
        }
        if (ReadCommitData().PaperCount != paperCount)
        {
            logger.LogWarning("The search index holds {IndexCount} papers but the database {DbCount}: rebuilding", ReadCommitData().PaperCount, paperCount);
            await RebuildAsync(ct);
            return "rebuilt (index did not match the database)";
        }
        return caughtUp > 0 ? $"updated ({caughtUp} papers were behind the database)" : "current";
    }

    private async Task<(int Count, long Watermark)> AddPapersAsync(IndexWriter writer, WordCounter words, Func<IQueryable<Paper>, IQueryable<Paper>> filter,
        CancellationToken ct, bool update = false)
    {
        var count = 0;
        long watermark = 0;
        // The next batch is read from SQLite while this one is analysed, so neither waits for the other.
        var next = Task.Run(() => ReadBatchAsync(filter, afterId: 0, ct), ct);
        while (true)
        {
            var (batch, files) = await next;
            if (batch.Count == 0) break;
            next = Task.Run(() => ReadBatchAsync(filter, batch[^1].Id, ct), ct);
            WriteDocuments(writer, documents, words, [.. batch.Select(p => (p, files[p.Id], update, true))], ct);
            watermark = Math.Max(watermark, batch.Max(p => p.UpdatedUtc.Ticks));
            count += batch.Count;
        }
        return (count, watermark);
    }

    /// <summary>
    /// Writes papers' documents from every core (IndexWriter takes documents from several threads at once, and
    /// analysis is most of the cost). Order does not matter, since
    /// ties sort by paper id, not by document number. A replaced paper's old document is deleted by id.
    /// </summary>
    internal static void WriteDocuments(IndexWriter writer, PaperDocumentBuilder documents, WordCounter words,
        IReadOnlyList<(Paper Paper, IEnumerable<string> SourceFiles, bool Replace, bool CountWords)> items, CancellationToken ct)
    {
        // One thread per core. Uncapped, the thread pool kept adding workers while others waited on the writer
        // (19 threads indexed during a 100k-record import on 2 cores): each brings its own in-memory segment,
        // so the RAM buffer was split into many small flushed segments that then had to be merged.
        // Each thread counts words into a table of its own, merged once when its share of the batch is done.
        Parallel.ForEach(items, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            WordCounter.NewLocal,
            (item, _, local) =>
            {
                documents.Write(writer, item.Paper, item.SourceFiles, item.Replace);
                if (item.CountWords) words.Count(item.Paper, local);
                return local;
            },
            words.Merge);
    }

    private async Task<(List<Paper> Batch, ILookup<int, string> Files)> ReadBatchAsync(
        Func<IQueryable<Paper>, IQueryable<Paper>> filter, int afterId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Keyset paging keeps memory flat however large the library is.
        var batch = await filter(db.Papers.AsNoTracking())
            .Where(p => p.Id > afterId)
            .OrderBy(p => p.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        if (batch.Count == 0) return (batch, Enumerable.Empty<string>().ToLookup(_ => 0));
        var ids = batch.Select(p => p.Id).ToList();
        var files = (await db.PaperSources.Where(s => ids.Contains(s.PaperId))
                .Select(s => new { s.PaperId, s.FileName }).Distinct().ToListAsync(ct))
            .ToLookup(s => s.PaperId, s => s.FileName);
        return (batch, files);
    }

    /// <returns>The papers in the committed index; null, with nothing committed, when that is not <paramref name="expected"/>.</returns>
    /// <param name="writeWords">
    /// Writes the word list; it runs before the commit, so the words are never older than the papers. (When the count
    /// is not the one expected, the words are written all the same: that caller then rebuilds the index, and its words.)
    /// </param>
    internal static int? Commit(IndexWriter writer, long watermark, Action writeWords, int? expected = null)
    {
        // The word list is an index of its own: it is written on another core while this one flushes the writer's
        // last segment (opening the reader does that), which after a large import takes seconds each.
        var words = Task.Run(writeWords);
        // IndexWriter.NumDocs does not subtract buffered deletes, so after an update it would still count
        // each replaced document's old copy; a reader that applies the deletes counts what searchers will see.
        int paperCount;
        try
        {
            using var reader = DirectoryReader.Open(writer, applyAllDeletes: true);
            paperCount = reader.NumDocs;
        }
        finally
        {
            words.GetAwaiter().GetResult();
        }
        if (expected is { } e && e != paperCount) return null;
        writer.SetCommitData(new Dictionary<string, string>
        {
            [PaperFields.CommitPaperCount] = paperCount.ToString(CultureInfo.InvariantCulture),
            [PaperFields.CommitWatermark] = watermark.ToString(CultureInfo.InvariantCulture),
            [PaperFields.CommitSchema] = PaperFields.SchemaVersion,
        });
        writer.Commit();
        return paperCount;
    }

    public sealed record CommitState(int PaperCount, long Watermark, string? Schema);

    /// <summary>What the latest commit says about itself.</summary>
    public CommitState ReadCommitData()
    {
        if (!index.Exists) return new(0, 0, null);
        using var reader = DirectoryReader.Open(index.Directory);
        return Parse(reader.IndexCommit.UserData);
    }

    private static CommitState ReadCommitData(IndexWriter writer) => Parse(writer.CommitData);

    private static CommitState Parse(IDictionary<string, string> data) => new(
        data.TryGetValue(PaperFields.CommitPaperCount, out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 0,
        data.TryGetValue(PaperFields.CommitWatermark, out var w) ? long.Parse(w, CultureInfo.InvariantCulture) : 0,
        data.TryGetValue(PaperFields.CommitSchema, out var s) ? s : null);
}
