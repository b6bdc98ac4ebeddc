using System.Collections.Concurrent;
using PaperBrowser.Search;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>The index is rebuilt while people search, and caught up with the database at start.</summary>
public sealed class IndexLifecycleTests
{
    private static IEnumerable<CraftedPaper> Papers(string word, int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => new CraftedPaper($"{word} study number {i}",
            $"This {word} study, number {i}, measures the effect of treatment {i % 7} on outcome {i % 5} in a controlled setting."));

    [Fact]
    public async Task Searches_during_repeated_rebuilds_always_see_the_whole_library()
    {
        const int count = 120;
        using var library = await SearchLibrary.WithPapersAsync([.. Papers("obsidian", count)]);
        var problems = new ConcurrentQueue<string>();
        var searches = 0;
        using var stop = new CancellationTokenSource();

        async Task SearchLoop(string? query)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var r = await library.SearchAsync(new SearchRequest { Query = query, Size = 50, Sort = query is null ? null : SearchSort.Relevance });
                    if (r.Total != count) problems.Enqueue($"total {r.Total} for {query}");
                    if (r.Hits.Count != 50) problems.Enqueue($"{r.Hits.Count} hits for {query}");
                    var codes = r.Facets.Single(f => f.Name == "code").Values.Sum(v => v.Count);
                    if (codes != count) problems.Enqueue($"code facet counts {codes} for {query}");
                    Interlocked.Increment(ref searches);
                }
                catch (Exception ex)
                {
                    problems.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        var loops = new[] { Task.Run(() => SearchLoop("obsidian")), Task.Run(() => SearchLoop(null)) };
        // On a busy machine the first searches (JIT, first reader) can outlast five small rebuilds: wait for them,
        // so the rebuilds below really overlap running searches.
        await WaitFor(() => Volatile.Read(ref searches) >= 2);
        var before = Volatile.Read(ref searches);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(count, await library.IndexWriter.RebuildAsync());
            if (i % 2 == 0) library.Index.RefreshNow(); else library.Index.Refresh();
        }
        // Let the loops run a little against the last state too.
        await WaitFor(() => Volatile.Read(ref searches) >= before + 20);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(20)));
        Assert.True(searches > 20, $"only {searches} searches ran");

        static async Task WaitFor(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Concurrent_rebuilds_and_updates_are_serialised_and_leave_a_consistent_index()
    {
        const int count = 60;
        using var library = new SearchLibrary();
        var summary = await library.ImportAsync(Papers("basalt", count));
        await library.RebuildAsync();
        var ids = summary.ChangedPaperIds.ToList();

        var work = Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? (Task)library.IndexWriter.RebuildAsync()
            : library.IndexWriter.UpdateAsync(ids.Take(10 * i).ToList())).ToArray();
        await Task.WhenAll(work);
        library.Index.RefreshNow();

        var r = await library.SearchAsync("basalt");
        Assert.Equal(count, r.Total);
        Assert.Equal(count, library.IndexWriter.ReadCommitData().PaperCount);
        Assert.Equal("current", await library.IndexWriter.EnsureCurrentAsync());
    }

    [Fact]
    public async Task A_missing_index_is_rebuilt_at_start_and_said_so()
    {
        using var library = new SearchLibrary();
        await library.ImportAsync(Papers("garnet", 25));
        Assert.False(library.Index.Exists);

        var state = await library.IndexWriter.EnsureCurrentAsync();
        Assert.StartsWith("rebuilt", state, StringComparison.Ordinal);
        Assert.Contains("missing", state, StringComparison.Ordinal);
        library.Index.RefreshNow();

        Assert.Equal(25, (await library.SearchAsync("garnet")).Total);
        Assert.Equal(25, library.IndexWriter.ReadCommitData().PaperCount);
        // Once current, it stays current.
        Assert.Equal("current", await library.IndexWriter.EnsureCurrentAsync());
    }

    [Fact]
    public async Task An_index_searched_before_it_was_built_is_rebuilt_at_start()
    {
        // A search before the first build leaves an empty commit without metadata behind.
        using var library = new SearchLibrary();
        await library.ImportAsync(Papers("garnet", 10));
        Assert.Equal(0, (await library.SearchAsync("garnet")).Total);
        Assert.True(library.Index.Exists);

        Assert.StartsWith("rebuilt", await library.IndexWriter.EnsureCurrentAsync(), StringComparison.Ordinal);
        library.Index.RefreshNow();
        Assert.Equal(10, (await library.SearchAsync("garnet")).Total);
    }

    [Fact]
    public async Task An_index_behind_the_database_catches_up_at_start()
    {
        using var library = await SearchLibrary.WithPapersAsync([.. Papers("jasper", 20)]);
        // More papers arrive without the index being told (an import that crashed before indexing).
        await library.ImportAsync(Papers("jasper", 15, from: 100));
        await library.ImportAsync([new CraftedPaper("Malachite banding explained", "Malachite bands form by rhythmic precipitation in copper-rich fluids, as this jasper comparison shows.")]);
        library.Index.RefreshNow();
        Assert.Equal(20, (await library.SearchAsync("jasper")).Total);

        var state = await library.IndexWriter.EnsureCurrentAsync();
        Assert.NotEqual("current", state); // it did something, and says so
        library.Index.RefreshNow();

        Assert.Equal(36, (await library.SearchAsync("jasper")).Total);
        Assert.Equal(1, (await library.SearchAsync("malachite")).Total);
        Assert.Equal(36, library.IndexWriter.ReadCommitData().PaperCount);
        Assert.Equal("current", await library.IndexWriter.EnsureCurrentAsync());
    }

    [Fact]
    public async Task A_changed_paper_is_reindexed_at_start()
    {
        using var library = new SearchLibrary();
        var path = library.Temp.Write("captures/one.jsonl",
            """{"id":"2401.00001","title":"Chalcedony in volcanic rocks","abstract":"Chalcedony fills vesicles of basalt flows; its banding records fluid pulses."}""" + "\n");
        await library.ImportAsync(path);
        await library.RebuildAsync();
        Assert.Equal(1, (await library.SearchAsync("vesicles")).Total);

        await Task.Delay(20); // a later update time than the index's watermark
        File.WriteAllText(path,
            """{"id":"2401.00001","title":"Chalcedony in volcanic rocks","abstract":"Chalcedony lines geodes in rhyolite; its banding records fluid pulses and temperature."}""" + "\n");
        var summary = await library.ImportAsync(path);
        Assert.Single(summary.ChangedPaperIds);

        await library.IndexWriter.EnsureCurrentAsync();
        library.Index.RefreshNow();
        Assert.Equal(0, (await library.SearchAsync("vesicles")).Total);
        Assert.Equal(1, (await library.SearchAsync("geodes")).Total);
        Assert.Equal(1, library.IndexWriter.ReadCommitData().PaperCount);
    }

    [Fact]
    public async Task An_empty_library_is_searchable_and_current()
    {
        using var library = new SearchLibrary();
        Assert.StartsWith("rebuilt", await library.IndexWriter.EnsureCurrentAsync(), StringComparison.Ordinal);
        library.Index.RefreshNow();
        var r = await library.SearchAsync("anything at all");
        Assert.Equal(0, r.Total);
        Assert.Empty(r.Hits);
        Assert.Equal("current", await library.IndexWriter.EnsureCurrentAsync());
        Assert.Empty(library.Search.Suggest("an"));
    }
}
