using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperBrowser.Papers;

namespace PaperBrowser.Import;

/// <summary>
/// The import job: reads files, deduplicates their entries into papers and stores them.
/// Each file is imported in its own transaction, so a file that fails midway leaves nothing behind.
/// </summary>
public sealed class PaperImporter(
    IDbContextFactory<PaperDbContext> dbFactory,
    IEnumerable<IImportFormat> formats,
    ILogger<PaperImporter> logger,
    TimeProvider time)
{
    private const int BatchSize = 2000;
    private const int MaxStoredProblems = 1000;
    private readonly IReadOnlyList<IImportFormat> _formats = [.. formats];

    /// <summary>Imports every file named, and every file found in the folders named.</summary>
    public Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        ImportAsync(paths, progress, stored: null, ct);

    /// <summary>
    /// Imports every file named, and every file found in the folders named. <paramref name="stored"/> receives
    /// each batch of papers as it was written (new or changed), inside its file's transaction, so a consumer
    /// (the first import's index build) can work beside the import; a file that fails is rolled back after
    /// its papers were handed over, which the summary's failed files say.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, IProgress<ImportProgress>? progress,
        Action<IReadOnlyList<Paper>>? stored, CancellationToken ct = default)
    {
        var started = time.GetTimestamp();
        var summary = new ImportSummary();
        var run = new ImportRun { StartedUtc = Now() };

        // The context only lends its connection (configured as the app configures it): see ImportStore.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var store = new ImportStore(connection);
        try
        {
            await connection.OpenAsync(ct);
            store.PrepareForBulkWrites();
            run.Id = store.InsertRun(run);
        }
        catch (SqliteException ex)
        {
            // A locked or read-only database: nothing can be imported, and nothing stored is touched.
            AddProblem(summary, store.DatabasePath, null, ImportProblemSeverity.Error,
                $"cannot write to the database, nothing was imported: {DescribeDatabaseError(ex, connection)}");
            summary.Elapsed = time.GetElapsedTime(started);
            return summary;
        }
        summary.RunId = run.Id;

        var createdThisRun = new HashSet<int>();
        // The files are listed first so the progress display can tell how much of them is read.
        var files = FindFiles(paths, summary).ToList();
        var tracker = progress is null ? null : new ProgressTracker(progress, files.Sum(f => SizeOf(f.Path)));
        foreach (var (file, explicitlyNamed) in files)
        {
            ct.ThrowIfCancellationRequested();
            await ImportFileAsync(store, file, explicitlyNamed, run.Id, createdThisRun, summary, tracker, stored, ct);
            tracker?.FileDone(SizeOf(file));
        }

        run.FinishedUtc = Now();
        run.Files = [.. summary.Files.Select(f => Path.GetFileName(f.Path))];
        run.EntriesRead = summary.EntriesRead;
        run.NewPapers = summary.NewPapers;
        run.UpdatedPapers = summary.UpdatedPapers;
        run.UnchangedEntries = summary.UnchangedEntries;
        run.DuplicatesMerged = summary.DuplicatesMerged;
        run.FilesFailed = summary.FilesFailed;
        try
        {
            using var transaction = connection.BeginTransaction();
            store.Transaction = transaction;
            store.UpdateRun(run);
            // Keep the record small: a million bad lines should not become a million rows.
            foreach (var problem in summary.Problems.Take(MaxStoredProblems))
                store.InsertProblem(new ImportProblem
                {
                    ImportRunId = run.Id, File = problem.File, Line = problem.Line, Severity = problem.Severity, Message = problem.Message,
                });
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            // The papers are stored; only the run's own record is incomplete.
            AddProblem(summary, store.DatabasePath, null, ImportProblemSeverity.Warning,
                $"could not record the summary of this import run: {DescribeDatabaseError(ex, connection)}");
        }
        finally
        {
            store.Transaction = null;
        }
        summary.Elapsed = time.GetElapsedTime(started);
        return summary;
    }

    /// <summary>A plain-words reason for a database error, for people rather than for logs.</summary>
    internal static string DescribeDatabaseError(SqliteException ex, SqliteConnection connection) => ex.SqliteErrorCode switch
    {
        5 or 6 => $"the database is locked by another program (gave up after waiting {connection.DefaultTimeout} s); try again when it is done",
        8 => "the database is read-only; check the permissions of the data folder and its files",
        13 => "the disk is full",
        14 => "the database file cannot be opened",
        _ => ex.Message,
    };

    private static long SizeOf(string path)
    {
        try { return new FileInfo(path).Length; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return 0; }
    }

    /// <summary>Entries and bytes over all the files: each file's own counts start at zero.</summary>
    private sealed class ProgressTracker(IProgress<ImportProgress> progress, long totalBytes)
    {
        private int _entriesBefore;
        private long _bytesBefore;

        public void Report(int entriesInFile, long bytesInFile) =>
            progress.Report(new ImportProgress(_entriesBefore + entriesInFile, _bytesBefore + bytesInFile, totalBytes));

        public void FileDone(long size) => _bytesBefore += size;

        public void EntriesDone(int entries) => _entriesBefore += entries;
    }

    private IEnumerable<(string Path, bool ExplicitlyNamed)> FindFiles(IReadOnlyList<string> paths, ImportSummary summary)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                yield return (Path.GetFullPath(path), true);
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                    AddProblem(summary, path, null, ImportProblemSeverity.Warning, "folder holds no files");
                foreach (var file in files) yield return (Path.GetFullPath(file), false);
            }
            else
            {
                var where = Path.IsPathRooted(path) ? "" : $" (looked for {Path.GetFullPath(path)})";
                AddProblem(summary, path, null, ImportProblemSeverity.Error, $"no such file or folder{where}");
            }
        }
    }

    private async Task ImportFileAsync(ImportStore store, string path, bool explicitlyNamed, int runId, HashSet<int> createdThisRun,
        ImportSummary summary, ProgressTracker? progress, Action<IReadOnlyList<Paper>>? stored, CancellationToken ct)
    {
        IImportFormat format;
        try
        {
            var head = ReadHead(path);
            if (head.Error is not null)
            {
                // A stray image in a folder of captures is normal; a binary file named on purpose is an error.
                AddProblem(summary, path, null, explicitlyNamed ? ImportProblemSeverity.Error : ImportProblemSeverity.Warning,
                    explicitlyNamed ? head.Error : $"skipped: {head.Error}");
                if (explicitlyNamed) summary.Files.Add(new FileImportSummary(path, "unknown") { Failed = true });
                return;
            }
            if (string.IsNullOrWhiteSpace(head.Text))
            {
                AddProblem(summary, path, null, ImportProblemSeverity.Warning, "file is empty; nothing to import");
                summary.Files.Add(new FileImportSummary(path, "empty"));
                return;
            }
            format = _formats.First(f => f.Matches(head.Text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AddProblem(summary, path, null, ImportProblemSeverity.Error, $"cannot read file: {ex.Message}");
            summary.Files.Add(new FileImportSummary(path, "unknown") { Failed = true });
            return;
        }

        var file = new FileImport(path, format.Name, runId, createdThisRun) { Stored = stored };
        SqliteTransaction? transaction = null;
        try
        {
            // BEGIN IMMEDIATE: waits (up to the timeout) for another writer rather than failing halfway.
            transaction = store.Transaction = (SqliteTransaction)await store.Connection.BeginTransactionAsync(ct);
            file.Known = store.LoadFileEntries(file.FileName)
                .GroupBy(e => e.Position)
                .ToDictionary(g => g.Key, g => (g.First().Key, g.First().Hash));

            var batch = new List<ParsedEntry>(BatchSize);
            long bytesRead = 0;
            foreach (var item in format.Read(path))
            {
                bytesRead = Math.Max(bytesRead, item.BytesRead);
                if (item.Problem is { } problem)
                {
                    file.Problems.Add(NewProblem(path, problem.Line, ImportProblemSeverity.Warning, problem.Message));
                    continue;
                }
                batch.Add(item.Entry!);
                if (batch.Count == BatchSize)
                {
                    ct.ThrowIfCancellationRequested();
                    ImportBatch(store, file, batch);
                    progress?.Report(file.Summary.EntriesRead, bytesRead);
                    batch.Clear();
                }
            }
            ImportBatch(store, file, batch);
            RemoveVanishedEntries(store, file);
            await transaction.CommitAsync(ct);
            progress?.Report(file.Summary.EntriesRead, SizeOf(path));
            progress?.EntriesDone(file.Summary.EntriesRead);

            if (file.Summary.EntriesRead == 0 && file.Problems.Count == 0)
                file.Problems.Add(NewProblem(path, null, ImportProblemSeverity.Warning, "no paper entries found"));
            summary.ChangedPaperIds.UnionWith(file.ChangedIds);
            createdThisRun.UnionWith(file.CreatedIds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The transaction rolls back: nothing of this file is in the database. Other files go on.
            var reason = ex is SqliteException sqlite ? DescribeDatabaseError(sqlite, store.Connection) : ex.Message;
            if (ex is SqliteException or IOException or UnauthorizedAccessException)
                logger.LogWarning("Import of {File} failed and was rolled back: {Reason}", path, reason);
            else
                logger.LogError(ex, "Import of {File} failed and was rolled back", path);
            file.Problems.Add(NewProblem(path, null, ImportProblemSeverity.Error, $"not imported, nothing of it was saved: {reason}"));
            file.Summary = new FileImportSummary(path, format.Name) { Failed = true };
        }
        finally
        {
            store.Transaction = null;
            transaction?.Dispose();
        }
        summary.Files.Add(file.Summary);
        summary.Problems.AddRange(file.Problems);
    }

    private void ImportBatch(ImportStore store, FileImport file, List<ParsedEntry> batch)
    {
        if (batch.Count == 0) return;

        var keyed = new List<(ParsedEntry Entry, string Key, string Hash)>(batch.Count);
        foreach (var entry in batch)
        {
            var key = TitleNormalizer.Normalize(entry.Title);
            if (key.Length == 0)
            {
                // Such a key would merge every title made of punctuation into one paper.
                file.Problems.Add(NewProblem(file.Path, entry.Line, ImportProblemSeverity.Warning,
                    $"title \"{entry.Title}\" has no letters or digits; skipped"));
                continue;
            }
            keyed.Add((entry, key, ContentHash(entry)));
        }
        file.Summary.EntriesRead += keyed.Count;

        var pending = keyed.Where(k => !file.IsUnchanged(k.Entry.Position, k.Key, k.Hash)).ToList();
        file.Summary.UnchangedEntries += keyed.Count - pending.Count;
        foreach (var (entry, _, _) in keyed) file.Seen.Add(entry.Position);
        if (pending.Count == 0) return;

        var papers = store.FindPapers(
            pending.Select(p => p.Key).Distinct().ToList(),
            pending.Select(p => p.Entry.ArxivId).OfType<string>().Distinct().ToList());
        var byId = papers.ToDictionary(p => p.Id);
        var byTitle = papers.ToDictionary(p => p.NormalizedTitle);
        var byArxiv = papers.Where(p => p.ArxivId is not null).GroupBy(p => p.ArxivId!).ToDictionary(g => g.Key, g => g.First());
        var touched = new List<Paper>();
        var touchedSet = new HashSet<Paper>(ReferenceEqualityComparer.Instance);

        // Sources this file had at the same positions are replaced.
        var replaced = store.FindFileSources(file.FileName, pending.Select(p => p.Entry.Position));
        store.DeleteSources(replaced.Select(r => r.Id));
        foreach (var (sourceId, paperId) in replaced)
        {
            if (byId.TryGetValue(paperId, out var oldPaper))
            {
                oldPaper.Sources.RemoveAll(s => s.Id == sourceId);
                if (touchedSet.Add(oldPaper)) touched.Add(oldPaper);
            }
            else
            {
                file.OrphanedPaperIds.Add(paperId);
            }
        }

        var now = Now();
        var created = new HashSet<Paper>(ReferenceEqualityComparer.Instance);
        var newSources = new List<PaperSource>(pending.Count);
        foreach (var (entry, key, hash) in pending)
        {
            // An arXiv id is the strongest identity; the normalized title links formats together.
            var paper = (entry.ArxivId is { } aid ? byArxiv.GetValueOrDefault(aid) : null) ?? byTitle.GetValueOrDefault(key);
            if (paper is null)
            {
                paper = new Paper { NormalizedTitle = key, Title = entry.Title, Abstract = entry.Abstract, CreatedUtc = now, UpdatedUtc = now };
                created.Add(paper);
                file.Summary.NewPapers++;
            }
            else if (paper.Sources.Count > 0)
            {
                file.Summary.DuplicatesMerged++;
            }
            byTitle.TryAdd(key, paper);
            if (entry.ArxivId is { } id) byArxiv.TryAdd(id, paper);
            var source = ToSource(entry, hash, file);
            source.Paper = paper;
            paper.Sources.Add(source);
            newSources.Add(source);
            if (touchedSet.Add(paper)) touched.Add(paper);
        }

        foreach (var paper in touched)
        {
            var changed = PaperMerger.Apply(paper, paper.Sources);
            if (created.Contains(paper))
            {
                store.InsertPaper(paper);
                file.CreatedIds.Add(paper.Id);
                file.ChangedIds.Add(paper.Id);
            }
            else if (changed)
            {
                paper.UpdatedUtc = now;
                store.UpdatePaper(paper);
                file.MarkUpdated(paper.Id);
            }
        }
        foreach (var source in newSources)
        {
            source.PaperId = source.Paper!.Id;
            store.InsertSource(source);
        }
        // All touched papers, changed or not: a new source alone changes the paper's source facet.
        // Every batch loads its papers anew, so these objects are not touched again after the hand-over.
        if (touched.Count > 0) file.Stored?.Invoke(touched);
    }

    /// <summary>Entries that were in an earlier version of the file and are gone now lose their source row.</summary>
    private void RemoveVanishedEntries(ImportStore store, FileImport file)
    {
        var vanished = file.Known.Keys.Where(pos => !file.Seen.Contains(pos)).ToList();
        var paperIds = new HashSet<int>(file.OrphanedPaperIds);
        if (vanished.Count > 0)
        {
            var sources = store.FindFileSources(file.FileName, vanished);
            store.DeleteSources(sources.Select(s => s.Id));
            paperIds.UnionWith(sources.Select(s => s.PaperId));
        }
        if (paperIds.Count == 0) return;

        // A paper that lost a source is recomputed from the ones left; with none left it keeps its data.
        var now = Now();
        var papers = store.LoadPapers(paperIds);
        foreach (var paper in papers.Where(p => PaperMerger.Apply(p, p.Sources)))
        {
            paper.UpdatedUtc = now;
            store.UpdatePaper(paper);
            file.MarkUpdated(paper.Id);
        }
        if (papers.Count > 0) file.Stored?.Invoke(papers);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private static PaperSource ToSource(ParsedEntry entry, string hash, FileImport file) => new()
    {
        FileName = file.FileName,
        ListingDate = entry.ListingDate,
        Position = entry.Position,
        Line = entry.Line,
        Title = entry.Title,
        Abstract = entry.Abstract,
        AuthorCount = entry.AuthorCount,
        Authors = [.. entry.Authors],
        Published = entry.Published,
        Upvotes = entry.Upvotes,
        ArxivId = entry.ArxivId,
        Categories = [.. entry.Categories],
        Doi = entry.Doi,
        JournalRef = entry.JournalRef,
        Comments = entry.Comments,
        ContentHash = hash,
        ImportRunId = file.RunId,
    };

    internal static string ContentHash(ParsedEntry e)
    {
        var canonical = string.Join('\u001f',
            e.Title, e.Abstract, e.ListingDate, e.AuthorCount, string.Join('\u001e', e.Authors),
            e.Published.Year, e.Published.Month, e.Published.Day, e.Upvotes, e.ArxivId,
            string.Join('\u001e', e.Categories), e.Doi, e.JournalRef, e.Comments, e.Line);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)), 0, 16);
    }

    private static (string? Text, string? Error) ReadHead(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read == 0) return ("", null);
        // Do not cut a UTF-8 sequence in half at the end of the sample.
        var length = read;
        if (read == buffer.Length)
            while (length > 0 && (buffer[length - 1] & 0xC0) == 0x80) length--;
        if (read == buffer.Length && length > 0 && buffer[length - 1] >= 0xC0) length--;
        var decoded = TextDecoder.Decode(buffer.AsSpan(0, length));
        return (decoded.Text, decoded.Error);
    }

    private static void AddProblem(ImportSummary summary, string path, int? line, ImportProblemSeverity severity, string message) =>
        summary.Problems.Add(NewProblem(path, line, severity, message));

    private static ImportProblem NewProblem(string path, int? line, ImportProblemSeverity severity, string message) =>
        new() { File = path, Line = line, Severity = severity, Message = message };

    /// <summary>One file being imported: what the database held for it (keyed by entry position) and what changed.</summary>
    private sealed class FileImport(string path, string format, int runId, HashSet<int> createdThisRun)
    {
        public string Path { get; } = path;
        public string FileName { get; } = System.IO.Path.GetFileName(path);
        public int RunId { get; } = runId;
        public FileImportSummary Summary { get; set; } = new(path, format);
        public List<ImportProblem> Problems { get; } = [];
        public Dictionary<int, (string Key, string Hash)> Known { get; set; } = [];
        public HashSet<int> Seen { get; } = [];
        public HashSet<int> OrphanedPaperIds { get; } = [];
        public HashSet<int> CreatedIds { get; } = [];
        public HashSet<int> ChangedIds { get; } = [];
        public Action<IReadOnlyList<Paper>>? Stored { get; init; }
        private readonly HashSet<int> _updatedIds = [];

        public bool IsUnchanged(int position, string key, string hash) =>
            Known.TryGetValue(position, out var known) && known.Hash == hash && known.Key == key;

        /// <summary>A paper this file changed. One created earlier in the same run is new, not updated.</summary>
        public void MarkUpdated(int paperId)
        {
            ChangedIds.Add(paperId);
            if (!CreatedIds.Contains(paperId) && !createdThisRun.Contains(paperId) && _updatedIds.Add(paperId))
                Summary.UpdatedPapers++;
        }
    }
}
