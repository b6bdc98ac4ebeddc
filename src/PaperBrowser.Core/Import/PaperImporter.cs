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
    private readonly IReadOnlyList<IImportFormat> _formats = [.. formats];

    /// <summary>Imports every file named, and every file found in the folders named.</summary>
    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> paths, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var started = time.GetTimestamp();
        var summary = new ImportSummary();
        var run = new ImportRun { StartedUtc = time.GetUtcNow().UtcDateTime };

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }
        summary.RunId = run.Id;

        foreach (var (file, explicitlyNamed) in FindFiles(paths, summary))
        {
            ct.ThrowIfCancellationRequested();
            await ImportFileAsync(file, explicitlyNamed, run.Id, summary, progress, ct);
        }

        run.FinishedUtc = time.GetUtcNow().UtcDateTime;
        run.Files = [.. summary.Files.Select(f => Path.GetFileName(f.Path))];
        run.EntriesRead = summary.EntriesRead;
        run.NewPapers = summary.NewPapers;
        run.UpdatedPapers = summary.UpdatedPapers;
        run.UnchangedEntries = summary.UnchangedEntries;
        run.DuplicatesMerged = summary.DuplicatesMerged;
        run.FilesFailed = summary.FilesFailed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ImportRuns.Update(run);
            // Keep the record small: a million bad lines should not become a million rows.
            db.ImportProblems.AddRange(summary.Problems.Take(1000).Select(p => new ImportProblem
            {
                ImportRunId = run.Id, File = p.File, Line = p.Line, Severity = p.Severity, Message = p.Message,
            }));
            await db.SaveChangesAsync(ct);
        }
        summary.Elapsed = time.GetElapsedTime(started);
        return summary;
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
                AddProblem(summary, path, null, ImportProblemSeverity.Error, "no such file or folder");
            }
        }
    }

    private async Task ImportFileAsync(string path, bool explicitlyNamed, int runId, ImportSummary summary, IProgress<int>? progress, CancellationToken ct)
    {
        var fileName = Path.GetFileName(path);
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

        var fileSummary = new FileImportSummary(path, format.Name);
        var fileProblems = new List<ImportProblem>();
        var changedIds = new HashSet<int>();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var state = await FileState.LoadAsync(db, fileName, ct);

            var batch = new List<ParsedEntry>(BatchSize);
            foreach (var item in format.Read(path))
            {
                if (item.Problem is { } problem)
                {
                    fileProblems.Add(NewProblem(path, problem.Line, ImportProblemSeverity.Warning, problem.Message));
                    continue;
                }
                batch.Add(item.Entry!);
                if (batch.Count == BatchSize)
                {
                    await ImportBatchAsync(db, state, batch, runId, fileSummary, changedIds, ct);
                    progress?.Report(fileSummary.EntriesRead);
                    batch.Clear();
                }
            }
            await ImportBatchAsync(db, state, batch, runId, fileSummary, changedIds, ct);
            await RemoveVanishedEntriesAsync(db, state, fileSummary, changedIds, ct);
            await transaction.CommitAsync(ct);
            progress?.Report(fileSummary.EntriesRead);

            if (fileSummary.EntriesRead == 0 && fileProblems.Count == 0)
                fileProblems.Add(NewProblem(path, null, ImportProblemSeverity.Warning, "no paper entries found"));
            summary.ChangedPaperIds.UnionWith(changedIds);
        }
        catch (Exception ex) when (ex is SqliteException or DbUpdateException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The transaction rolled back: nothing of this file is in the database.
            var reason = (ex as DbUpdateException)?.InnerException?.Message ?? ex.Message;
            logger.LogError(ex, "Import of {File} failed and was rolled back", path);
            fileProblems.Add(NewProblem(path, null, ImportProblemSeverity.Error, $"not imported, nothing of it was saved: {reason}"));
            fileSummary = new FileImportSummary(path, format.Name) { Failed = true };
        }
        summary.Files.Add(fileSummary);
        summary.Problems.AddRange(fileProblems);
    }

    private async Task ImportBatchAsync(PaperDbContext db, FileState state, List<ParsedEntry> batch, int runId,
        FileImportSummary fileSummary, HashSet<int> changedIds, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        fileSummary.EntriesRead += batch.Count;

        var keyed = batch.Select(e => (Entry: e, Key: TitleNormalizer.Normalize(e.Title), Hash: ContentHash(e))).ToList();
        var pending = keyed.Where(k => !state.IsUnchanged(k.Entry.Position, k.Key, k.Hash)).ToList();
        fileSummary.UnchangedEntries += keyed.Count - pending.Count;
        foreach (var (entry, _, _) in keyed) state.Seen.Add(entry.Position);
        if (pending.Count == 0) return;

        var titleKeys = pending.Select(p => p.Key).Distinct().ToList();
        var arxivIds = pending.Select(p => p.Entry.ArxivId).OfType<string>().Distinct().ToList();
        var papers = await db.Papers
            .Where(p => titleKeys.Contains(p.NormalizedTitle) || (p.ArxivId != null && arxivIds.Contains(p.ArxivId)))
            .Include(p => p.Sources)
            .ToListAsync(ct);
        var byTitle = papers.ToDictionary(p => p.NormalizedTitle);
        var byArxiv = papers.Where(p => p.ArxivId is not null).GroupBy(p => p.ArxivId!).ToDictionary(g => g.Key, g => g.First());

        // Sources this file had at the same positions are replaced.
        var positions = pending.Select(p => p.Entry.Position).ToList();
        var replaced = await db.PaperSources.Where(s => s.FileName == state.FileName && positions.Contains(s.Position)).ToListAsync(ct);
        var touched = new HashSet<Paper>(ReferenceEqualityComparer.Instance);
        var created = new HashSet<Paper>(ReferenceEqualityComparer.Instance);
        foreach (var old in replaced)
        {
            db.PaperSources.Remove(old);
            if (papers.Find(p => p.Id == old.PaperId) is { } oldPaper) { oldPaper.Sources.Remove(old); touched.Add(oldPaper); }
            else state.OrphanedPaperIds.Add(old.PaperId);
        }

        var now = DateTime.UtcNow;
        foreach (var (entry, key, hash) in pending)
        {
            // An arXiv id is the strongest identity; the normalized title links formats together.
            var paper = (entry.ArxivId is { } aid ? byArxiv.GetValueOrDefault(aid) : null) ?? byTitle.GetValueOrDefault(key);
            if (paper is null)
            {
                paper = new Paper { NormalizedTitle = key, Title = entry.Title, Abstract = entry.Abstract, CreatedUtc = now, UpdatedUtc = now };
                db.Papers.Add(paper);
                created.Add(paper);
                fileSummary.NewPapers++;
            }
            else if (paper.Sources.Count > 0)
            {
                fileSummary.DuplicatesMerged++;
            }
            byTitle.TryAdd(key, paper);
            if (entry.ArxivId is { } id) byArxiv.TryAdd(id, paper);
            paper.Sources.Add(ToSource(entry, hash, state, runId));
            touched.Add(paper);
        }

        var updated = new List<Paper>();
        foreach (var paper in touched)
        {
            if (PaperMerger.Apply(paper, paper.Sources) && !created.Contains(paper))
            {
                paper.UpdatedUtc = now;
                updated.Add(paper);
            }
        }

        await db.SaveChangesAsync(ct);
        changedIds.UnionWith(created.Select(p => p.Id));
        changedIds.UnionWith(updated.Select(p => p.Id));
        state.UpdatedIds.UnionWith(updated.Select(p => p.Id));
        fileSummary.UpdatedPapers = state.UpdatedIds.Count;
        // Keep memory flat on large files: nothing tracked outlives its batch.
        db.ChangeTracker.Clear();
    }

    /// <summary>Entries that were in an earlier version of the file and are gone now lose their source row.</summary>
    private static async Task RemoveVanishedEntriesAsync(PaperDbContext db, FileState state, FileImportSummary fileSummary,
        HashSet<int> changedIds, CancellationToken ct)
    {
        var vanished = state.Known.Keys.Where(pos => !state.Seen.Contains(pos)).ToList();
        var paperIds = new HashSet<int>(state.OrphanedPaperIds);
        if (vanished.Count > 0)
        {
            var sources = await db.PaperSources.Where(s => s.FileName == state.FileName && vanished.Contains(s.Position)).ToListAsync(ct);
            db.PaperSources.RemoveRange(sources);
            paperIds.UnionWith(sources.Select(s => s.PaperId));
            await db.SaveChangesAsync(ct);
        }
        if (paperIds.Count == 0) return;

        // A paper that lost a source is recomputed from the ones left; with none left it keeps its data.
        var papers = await db.Papers.Where(p => paperIds.Contains(p.Id)).Include(p => p.Sources).ToListAsync(ct);
        foreach (var paper in papers.Where(p => PaperMerger.Apply(p, p.Sources)))
        {
            paper.UpdatedUtc = DateTime.UtcNow;
            changedIds.Add(paper.Id);
            state.UpdatedIds.Add(paper.Id);
        }
        await db.SaveChangesAsync(ct);
        fileSummary.UpdatedPapers = state.UpdatedIds.Count;
    }

    private static PaperSource ToSource(ParsedEntry entry, string hash, FileState state, int runId) => new()
    {
        FileName = state.FileName,
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
        ImportRunId = runId,
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

    /// <summary>What the database already holds for one file, keyed by entry position.</summary>
    private sealed class FileState
    {
        public required string FileName { get; init; }
        public required Dictionary<int, (string Key, string Hash)> Known { get; init; }
        public HashSet<int> Seen { get; } = [];
        public HashSet<int> OrphanedPaperIds { get; } = [];
        public HashSet<int> UpdatedIds { get; } = [];

        public static async Task<FileState> LoadAsync(PaperDbContext db, string fileName, CancellationToken ct)
        {
            var rows = await db.PaperSources.Where(s => s.FileName == fileName)
                .Select(s => new { s.Position, s.Paper!.NormalizedTitle, s.ContentHash })
                .ToListAsync(ct);
            return new FileState
            {
                FileName = fileName,
                Known = rows.GroupBy(r => r.Position).ToDictionary(g => g.Key, g => (g.First().NormalizedTitle, g.First().ContentHash)),
            };
        }

        public bool IsUnchanged(int position, string key, string hash) =>
            Known.TryGetValue(position, out var known) && known.Hash == hash && known.Key == key;
    }
}
