using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Tests.TestSupport;

/// <summary>A paper written for a test, imported through the real arXiv JSON Lines reader.</summary>
public sealed record CraftedPaper(string Title, string Abstract)
{
    public string? Id { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Categories { get; init; }
    /// <summary>The first version's date, which becomes the paper's publication date.</summary>
    public DateOnly? Date { get; init; }
}

/// <summary>A paper written for a test as an entry of a page capture, which is the format that carries upvotes.</summary>
public sealed record CapturedPaper(string Title, string Abstract)
{
    public DateOnly? Date { get; init; }
    /// <summary>Leave the year out of the date ("Mar 3"), as captures of the current year do.</summary>
    public bool WithoutYear { get; init; }
    public int? Upvotes { get; init; }
}

/// <summary>
/// A search world of its own for one test (or one read-only test class): a temp data folder with
/// a real SQLite file, migrated, papers imported by the real import job, and a real on-disk
/// Lucene index written by <see cref="PaperIndexWriter"/>. Wired the way the app wires it.
/// </summary>
public sealed class SearchLibrary : IDisposable
{
    private readonly TempDirectory _temp = new();
    private int _files;

    public SearchLibrary(Action<PaperBrowserOptions>? configure = null)
    {
        Services = TestServices.Create(_temp, configure, withSearch: true);
    }

    /// <summary>A library holding the bundled samples, imported and indexed.</summary>
    public static async Task<SearchLibrary> WithSamplesAsync()
    {
        var library = new SearchLibrary();
        await library.ImportAsync(Samples.Directory);
        await library.RebuildAsync();
        return library;
    }

    /// <summary>A library holding the given crafted papers, imported and indexed.</summary>
    public static async Task<SearchLibrary> WithPapersAsync(params CraftedPaper[] papers)
    {
        var library = new SearchLibrary();
        await library.ImportAsync(papers);
        await library.RebuildAsync();
        return library;
    }

    public ServiceProvider Services { get; }
    public TempDirectory Temp => _temp;
    public PaperBrowserOptions Options => Services.GetRequiredService<IOptions<PaperBrowserOptions>>().Value;
    public PaperImporter Importer => Services.GetRequiredService<PaperImporter>();
    public PaperSearchService Search => Services.GetRequiredService<PaperSearchService>();
    public PaperIndex Index => Services.GetRequiredService<PaperIndex>();
    public PaperIndexWriter IndexWriter => Services.GetRequiredService<PaperIndexWriter>();
    public TopicTaxonomy Topics => Services.GetRequiredService<TopicTaxonomy>();

    public PaperDbContext CreateDb() =>
        Services.GetRequiredService<IDbContextFactory<PaperDbContext>>().CreateDbContext();

    public Task<ImportSummary> ImportAsync(params string[] paths) => Importer.ImportAsync(paths);

    /// <summary>Writes the papers to a JSON Lines file of its own and imports it (the index is not touched).</summary>
    public Task<ImportSummary> ImportAsync(IEnumerable<CraftedPaper> papers)
    {
        var n = Interlocked.Increment(ref _files);
        var lines = papers.Select((p, i) => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = p.Id ?? $"2401.{n:D2}{i + 1:D3}",
            ["title"] = p.Title,
            ["abstract"] = p.Abstract,
            ["authors"] = string.Join(", ", p.Authors),
            ["categories"] = p.Categories ?? "cs.LG",
            ["versions"] = p.Date is { } d
                ? new[] { new Dictionary<string, string> { ["version"] = "v1", ["created"] = d.ToDateTime(new TimeOnly(12, 0)).ToString("R") } }
                : null,
        }.Where(kv => kv.Value is not null).ToDictionary()));
        var path = _temp.Write($"import/crafted-{n:D3}.jsonl", string.Join('\n', lines) + "\n");
        return Importer.ImportAsync([path]);
    }

    /// <summary>Writes the papers as a page capture of its own and imports it (the index is not touched).</summary>
    public Task<ImportSummary> ImportAsync(IEnumerable<CapturedPaper> papers)
    {
        var n = Interlocked.Increment(ref _files);
        var text = new System.Text.StringBuilder("new\n\nSubscribe\n\nMar 11\n\n");
        foreach (var p in papers)
        {
            text.Append(p.Title).Append('\n').Append(p.Abstract).Append('\n');
            if (p.Date is { } d)
            {
                var line = d.ToString(p.WithoutYear ? "MMM d" : "MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
                if (p.Upvotes is { } votes) line += " " + votes.ToString(System.Globalization.CultureInfo.InvariantCulture);
                text.Append(line).Append('\n');
            }
            text.Append('\n');
        }
        var path = _temp.Write($"import/capture-{n:D3}.txt", text.ToString());
        return Importer.ImportAsync([path]);
    }

    /// <summary>Rebuilds the whole index and makes searchers see it.</summary>
    public async Task<int> RebuildAsync()
    {
        var count = await IndexWriter.RebuildAsync();
        Index.RefreshNow();
        return count;
    }

    /// <summary>
    /// Imports a synthetic corpus in parts of 300 records, a rebuild after the first and an index update after each
    /// other, so the index has a segment per part; then writes the first <paramref name="rewrittenFromFirstPart"/>
    /// papers of the first part again, which leaves them deleted in the first segment and live in a new one.
    /// </summary>
    public async Task ImportInSegmentsAsync(int records, int seed, int rewrittenFromFirstPart = 0)
    {
        const int partSize = 300;
        var generator = new SyntheticCorpusGenerator(SyntheticCorpusGenerator.ReadSamples(Samples.Directory));
        using var stream = new MemoryStream();
        generator.Write(stream, records, seed);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        IReadOnlyCollection<int> firstPart = [];
        for (var part = 0; part * partSize < lines.Length; part++)
        {
            var path = _temp.Write($"import/part-{part}.jsonl", string.Join('\n', lines.Skip(part * partSize).Take(partSize)) + "\n");
            var summary = await ImportAsync(path);
            if (part == 0)
            {
                await RebuildAsync();
                firstPart = summary.ChangedPaperIds;
                continue;
            }
            await IndexWriter.UpdateAsync(summary.ChangedPaperIds);
            Index.RefreshNow();
        }
        if (rewrittenFromFirstPart > 0)
        {
            await IndexWriter.UpdateAsync([.. firstPart.Take(rewrittenFromFirstPart)]);
            Index.RefreshNow();
        }
    }

    /// <summary>
    /// A search service over the same index and database that scores and collects every match (no match sets, no
    /// pruning): what the faster paths must answer exactly. Search threads and the split threshold are this library's.
    /// </summary>
    public PaperSearchService NewSearchScoringEveryMatch()
    {
        var service = ActivatorUtilities.CreateInstance<PaperSearchService>(Services, Microsoft.Extensions.Options.Options.Create(new PaperBrowserOptions
        {
            DataDirectory = Options.DataDirectory,
            SearchThreads = Options.SearchThreads,
            ParallelSearchMinPapers = Options.ParallelSearchMinPapers,
        }));
        service.UseMatchSets = false;
        return service;
    }

    public Task<SearchResponse> SearchAsync(string? query, int size = SearchRequest.DefaultSize) =>
        Search.SearchAsync(new SearchRequest { Query = query, Size = size });

    public Task<SearchResponse> SearchAsync(SearchRequest request) => Search.SearchAsync(request);

    /// <summary>Every paper in the database, by id.</summary>
    public async Task<List<Paper>> AllPapersAsync()
    {
        await using var db = CreateDb();
        return await db.Papers.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
    }

    /// <summary>The id of the one paper whose title contains the text (fails the test when not exactly one).</summary>
    public async Task<int> IdOfAsync(string titlePart)
    {
        await using var db = CreateDb();
        var all = await db.Papers.AsNoTracking().Select(p => new { p.Id, p.Title }).ToListAsync();
        var matches = all.Where(p => p.Title.Contains(titlePart, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(matches.Count == 1, $"expected one paper titled like \"{titlePart}\", found {matches.Count}: {string.Join(" | ", matches.Select(m => m.Title))}");
        return matches[0].Id;
    }

    public void Dispose()
    {
        Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}

/// <summary>The bundled samples imported and indexed once, for test classes that only read them.</summary>
public sealed class SampleLibraryFixture : IAsyncLifetime
{
    private SearchLibrary? _library;

    public SearchLibrary Library => _library ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _library = await SearchLibrary.WithSamplesAsync();

    public Task DisposeAsync()
    {
        _library?.Dispose();
        return Task.CompletedTask;
    }
}
