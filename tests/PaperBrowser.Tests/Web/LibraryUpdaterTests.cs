using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Tests.Search;
using PaperBrowser.Tests.TestSupport;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.Tests.Web;

/// <summary>
/// An import into an empty library writes the index while it stores papers; whatever path it takes, the
/// index it leaves must be the one a rebuild from the database gives.
/// </summary>
public sealed class LibraryUpdaterTests
{
    private static readonly SearchRequest[] Probes =
    [
        new() { Size = 50 },
        new() { Query = "diffusion", Size = 50, Sort = SearchSort.Relevance },
        new() { Query = "language models", Size = 50, Sort = SearchSort.Relevance },
        new() { Query = "basalt", Size = 50, Sort = SearchSort.Relevance },
        new() { Query = "revised", Size = 50, Sort = SearchSort.Newest },
        new() { Query = "basalt", Sources = ["basalt"], Size = 50, Sort = SearchSort.Relevance },
    ];

    [Fact]
    public async Task A_first_import_indexes_while_storing_and_leaves_what_a_rebuild_would()
    {
        using var library = new SearchLibrary();
        var (updater, log) = Updater(library);
        // More records than one import batch, and a later record for an early id: its document must be replaced.
        var records = Enumerable.Range(1, 2600).Select(i => Record($"2501.{i:D5}", $"Basalt weathering study {i}",
            $"Basalt columns of site {i % 13} weather at rate {i % 7} under climate {i % 5}.")).ToList();
        records.Add(Record("2501.00010", "Basalt weathering study 10, revised", "A revised basalt study of site ten with new climate data, longer than the first version so it is the copy shown."));
        // The same paper as a sample capture's, by title: one paper with two sources (the source facet shows both).
        var sampleTitle = await SampleTitleAsync();
        records.Add(Record("2502.00001", sampleTitle, "A JSON Lines copy of a paper from the captures, with its own short abstract."));
        var jsonl = library.Temp.Write("import/basalt.jsonl", string.Join('\n', records) + "\n");

        var summary = await updater.ImportAsync([Samples.Directory, jsonl]);

        Assert.False(summary.HasErrors);
        Assert.Contains(log.Messages, m => m.StartsWith("Search index written during the import", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Messages, m => m.StartsWith("Search index updated", StringComparison.Ordinal));
        var streamed = await FingerprintAsync(library);
        var revised = await library.SearchAsync(new SearchRequest { Query = "\"weathering study 10\"", Size = 50 });
        Assert.Equal("Basalt weathering study 10, revised", Assert.Single(revised.Hits).Title);
        // Filtered to the JSON Lines file, the capture's paper is found: its document carries both sources.
        var both = await library.SearchAsync(new SearchRequest { Query = "\"" + sampleTitle + "\"", Sources = ["basalt"], Size = 5 });
        Assert.Contains(both.Hits, h => h.Title == sampleTitle);

        Assert.Equal(await PaperCountAsync(library), library.IndexWriter.ReadCommitData().PaperCount);
        var streamedWords = WordListTests.Stored(library);
        await library.RebuildAsync();
        Assert.Equal(streamed, await FingerprintAsync(library));

        // The word list written during the import is the rebuild's, but for the superseded first version of
        // 2501.00010: its words were counted when it was indexed, and stay counted until a rebuild.
        var rebuiltWords = WordListTests.Stored(library);
        var superseded = WordListTests.Expected([("Basalt weathering study 10", "Basalt columns of site 10 weather at rate 3 under climate 0.")]);
        Assert.Equal(rebuiltWords.Keys.Order(), streamedWords.Keys.Order());
        Assert.All(rebuiltWords, w => Assert.Equal(w.Value + superseded.GetValueOrDefault(w.Key), streamedWords[w.Key]));
        Assert.Equal(2600, rebuiltWords["basalt"]);
        Assert.Equal(2601, streamedWords["basalt"]);
    }

    [Fact]
    public async Task A_file_that_fails_during_a_first_import_leaves_an_index_of_what_was_stored()
    {
        using var library = new SearchLibrary();
        var (updater, log) = Updater(library);
        var good = library.Temp.Write("import/a-good.jsonl", Record("2503.00001", "Garnet zoning in schist", "Garnet zoning records the pressure path of schist.") + "\n");
        // The poisoned record comes after a full batch, so papers of the failing file were already handed to the index.
        var lines = Enumerable.Range(1, 2400).Select(i => Record($"2504.{i:D5}", $"Obsidian hydration study {i}", $"Obsidian rinds of flow {i} hydrate slowly.")).ToList();
        lines[2200] = Record("2504.99999", "Poison Pill", "This record is refused by a trigger.");
        var bad = library.Temp.Write("import/b-bad.jsonl", string.Join('\n', lines) + "\n");
        await using (var connection = new SqliteConnection($"Data Source={library.Options.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER poison BEFORE INSERT ON PaperSources WHEN NEW.Title = 'Poison Pill' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;";
            await command.ExecuteNonQueryAsync();
        }

        var summary = await updater.ImportAsync([good, bad]);

        Assert.True(summary.Files.Single(f => f.Path == bad).Failed);
        Assert.Contains(log.Messages, m => m.StartsWith("The index written during the import is not used", StringComparison.Ordinal));
        Assert.Equal(0, (await library.SearchAsync("obsidian")).Total);
        Assert.Equal(1, (await library.SearchAsync("garnet")).Total);
        Assert.Equal(1, library.IndexWriter.ReadCommitData().PaperCount);
    }

    [Fact]
    public async Task An_import_into_a_library_that_has_papers_updates_the_index_instead()
    {
        using var library = new SearchLibrary();
        var (updater, log) = Updater(library);
        await updater.ImportAsync([library.Temp.Write("import/a.jsonl", Record("2505.00001", "Jasper banding", "Jasper bands form in silica gels.") + "\n")]);
        log.Messages.Clear();

        await updater.ImportAsync([library.Temp.Write("import/b.jsonl", Record("2505.00002", "Jasper colours", "Iron oxides colour jasper red.") + "\n")]);

        Assert.Contains(log.Messages, m => m.StartsWith("Search index updated", StringComparison.Ordinal));
        Assert.Equal(2, (await library.SearchAsync("jasper")).Total);
    }

    private static (LibraryUpdater Updater, ListLogger<LibraryUpdater> Log) Updater(SearchLibrary library)
    {
        var log = new ListLogger<LibraryUpdater>();
        var updater = new LibraryUpdater(library.Importer, library.IndexWriter, library.Index,
            library.Services.GetRequiredService<IDbContextFactory<PaperDbContext>>(), log);
        return (updater, log);
    }

    private static string Record(string id, string title, string @abstract) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = id,
        ["title"] = title,
        ["abstract"] = @abstract,
        ["authors"] = "A. Author",
        ["categories"] = "physics.geo-ph",
        ["versions"] = new[] { new Dictionary<string, string> { ["version"] = "v1", ["created"] = "Mon, 6 Jan 2025 10:00:00 GMT" } },
    });

    private static async Task<string> SampleTitleAsync()
    {
        using var samples = new SearchLibrary();
        await samples.ImportAsync(Samples.Directory);
        return (await samples.AllPapersAsync()).First(p => p.Title.Length > 30 && p.Title.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-')).Title;
    }

    private static async Task<int> PaperCountAsync(SearchLibrary library)
    {
        await using var db = library.CreateDb();
        return await db.Papers.CountAsync();
    }

    /// <summary>What searchers see: totals, hit order and every facet count of a few searches.</summary>
    private static async Task<string> FingerprintAsync(SearchLibrary library)
    {
        var parts = new List<string>();
        foreach (var probe in Probes)
        {
            var r = await library.SearchAsync(probe);
            parts.Add($"{probe.Query}: {r.Total} [{string.Join(',', r.Hits.Select(h => h.Id))}] " +
                      string.Join(' ', r.Facets.Select(f => f.Name + "=" + string.Join(',', f.Values.Select(v => $"{v.Value}:{v.Count}")))));
        }
        return string.Join('\n', parts);
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public ConcurrentQueue<string> Messages { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));
    }
}
