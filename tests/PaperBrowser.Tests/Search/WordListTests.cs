using Lucene.Net.Analysis.TokenAttributes;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// The word list (unstemmed words and how many papers each is in) that spelling, type-ahead and prefix searches
/// read: written with every index commit, beside the papers' index.
/// </summary>
public sealed class WordListTests
{
    private static IEnumerable<CraftedPaper> Papers(string word, int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => new CraftedPaper($"{word} survey number {i}",
            $"Surveying {word} outcrops, number {i}, with sensor {i % 7} and Learning rates {i % 3}; {word} {word} again."));

    /// <summary>What the list should say, counted the slow way: each paper's distinct words, added up.</summary>
    internal static Dictionary<string, int> Expected(IEnumerable<(string Title, string Abstract)> papers)
    {
        using var analyzer = new PaperAnalyzer(indexMode: false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (title, @abstract) in papers)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            using var stream = analyzer.GetTokenStream(PaperFields.Spell, title + "\n" + @abstract);
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
                if (term.Length <= WordCounter.MaxWordLength) words.Add(term.ToString());
            stream.End();
            foreach (var word in words) counts[word] = counts.GetValueOrDefault(word) + 1;
        }
        return counts;
    }

    internal static Dictionary<string, int> Stored(SearchLibrary library)
    {
        using var lease = library.Index.Acquire();
        return lease.Words.StartingWith("", int.MaxValue).ToDictionary(w => w.Word, w => w.Papers, StringComparer.Ordinal);
    }

    private static async Task<List<(string, string)>> DatabasePapersAsync(SearchLibrary library) =>
        [.. (await library.AllPapersAsync()).Select(p => (p.Title, p.Abstract))];

    [Fact]
    public async Task A_rebuild_counts_each_word_once_per_paper_it_is_in()
    {
        // More papers than one batch of the rebuild, so several threads' tables are merged.
        using var library = await SearchLibrary.WithPapersAsync([.. Papers("obsidian", 2300), .. Papers("pumice", 40)]);

        var stored = Stored(library);
        Assert.Equal(Expected(await DatabasePapersAsync(library)), stored);
        // Repeats within a paper count once; case and inflection are kept as written ("learning", not "learn").
        Assert.Equal(2300, stored["obsidian"]);
        Assert.Equal(40, stored["pumice"]);
        Assert.Equal(2340, stored["learning"]);
        Assert.False(stored.ContainsKey("learn"));
        using var lease = library.Index.Acquire();
        Assert.Equal(2300, lease.Words.Papers("obsidian"));
        Assert.Equal(0, lease.Words.Papers("basalt"));
    }

    [Fact]
    public async Task An_update_adds_the_new_papers_words_and_a_rebuild_recounts_exactly()
    {
        using var library = await SearchLibrary.WithPapersAsync([.. Papers("obsidian", 30)]);
        var summary = await library.ImportAsync(Papers("pumice", 12, from: 100));
        Assert.Equal(12, await library.IndexWriter.UpdateAsync(summary.ChangedPaperIds));
        library.Index.RefreshNow();

        var stored = Stored(library);
        Assert.Equal(Expected(await DatabasePapersAsync(library)), stored);
        Assert.Equal(12, stored["pumice"]);
        Assert.Equal(42, stored["learning"]);

        // A changed paper is counted again with its new text until a rebuild (its old text is gone by then).
        var first = (await library.AllPapersAsync()).First(p => p.Title.StartsWith("obsidian", StringComparison.Ordinal));
        Assert.Equal(1, await library.IndexWriter.UpdateAsync([first.Id]));
        library.Index.RefreshNow();
        Assert.Equal(31, Stored(library)["obsidian"]);
        await library.RebuildAsync();
        Assert.Equal(Expected(await DatabasePapersAsync(library)), Stored(library));
    }

    [Fact]
    public async Task Type_ahead_and_spelling_see_words_of_papers_indexed_after_start()
    {
        using var library = await SearchLibrary.WithPapersAsync([.. Papers("obsidian", 5)]);
        Assert.Null((await library.SearchAsync("pumise")).DidYouMean);

        var summary = await library.ImportAsync(Papers("pumice", 4, from: 50));
        await library.IndexWriter.UpdateAsync(summary.ChangedPaperIds);
        library.Index.RefreshNow();

        Assert.Equal("pumice", (await library.SearchAsync("pumise")).DidYouMean);
        Assert.Contains(library.Search.Suggest("pum"), s => s is { Text: "pumice", Kind: "query" });
    }

    [Fact]
    public async Task A_prefix_finds_words_whose_stem_is_shorter_than_the_prefix()
    {
        using var library = await SearchLibrary.WithPapersAsync(
            new CraftedPaper("Rates for gradient descent", "Choosing learning rates for gradient descent on convex problems."),
            new CraftedPaper("Curricula", "A curriculum orders examples from easy to hard."));

        // "learning" is indexed as its stem "learn", which does not start with "learning": only the word list knows
        // the word as written.
        var r = await library.SearchAsync("learning*");
        Assert.Equal("Rates for gradient descent", Assert.Single(r.Hits).Title);
        Assert.Equal(0, (await library.SearchAsync("learningz*")).Total);
    }

    [Fact]
    public async Task A_missing_word_list_is_rebuilt_at_start()
    {
        using var library = await SearchLibrary.WithPapersAsync([.. Papers("obsidian", 8)]);
        // The folder is removed under the running library (Linux lets open files go); a restart finds it missing.
        Directory.Delete(Path.Combine(library.Options.IndexDirectory, "words"), recursive: true);

        // A new index object, as a restarted app has.
        using var reopened = new SearchLibrary(o => o.DataDirectory = library.Options.DataDirectory);
        var state = await reopened.IndexWriter.EnsureCurrentAsync();
        Assert.StartsWith("rebuilt", state, StringComparison.Ordinal);
        reopened.Index.RefreshNow();
        Assert.Equal(8, Stored(reopened)["obsidian"]);
        Assert.Equal("obsidian", (await reopened.SearchAsync("obsidain")).DidYouMean);
    }
}
