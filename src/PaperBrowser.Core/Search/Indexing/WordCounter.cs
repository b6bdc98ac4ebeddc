using System.Runtime.InteropServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using PaperBrowser.Papers;

namespace PaperBrowser.Search.Indexing;

/// <summary>
/// Counts, while an index is written, how many papers each unstemmed word of a title or abstract appears in:
/// the word list that spelling suggestions, type-ahead and prefix searches read (see <see cref="WordList"/>).
/// </summary>
/// <remarks>
/// Until schema 10 the same words were an indexed field of every paper document, and Lucene inverting about
/// 150 unique words per paper (and merging their postings) was a third of indexing time. Nothing ever read
/// those postings but a prefix search; a count per word is all the rest needs. Each indexing thread counts
/// into its own table for a batch, merged into the shared one once at the batch's end.
/// </remarks>
public sealed class WordCounter(Analyzer analyzer)
{
    /// <summary>Longer tokens (TeX left-overs, run-together formulas) are no word anyone types or is offered.</summary>
    public const int MaxWordLength = 48;

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly System.Threading.Lock _gate = new();

    /// <summary>A table for one thread's share of a batch; give it back with <see cref="Merge"/>.</summary>
    public static Dictionary<string, int> NewLocal() => new(StringComparer.Ordinal);

    /// <summary>Adds one paper's words (each once) to a thread's own table.</summary>
    public void Count(Paper paper, Dictionary<string, int> local)
    {
        var lookup = local.GetAlternateLookup<ReadOnlySpan<char>>();
        // The spell analysis: whole lower-cased, folded words, each once per paper (UniqueWordsFilter).
        using var stream = analyzer.GetTokenStream(PaperFields.Spell, paper.Title + "\n" + paper.Abstract);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (term.Length > MaxWordLength) continue;
            // The word's span is looked up without making a string; one is made only for a word new to the table.
            CollectionsMarshal.GetValueRefOrAddDefault(lookup, term.Buffer.AsSpan(0, term.Length), out _)++;
        }
        stream.End();
    }

    public void Merge(Dictionary<string, int> local)
    {
        lock (_gate)
        {
            foreach (var (word, count) in local)
                CollectionsMarshal.GetValueRefOrAddDefault(_counts, word, out _) += count;
        }
    }

    /// <summary>The counts so far. Call once the writing threads are done.</summary>
    public IReadOnlyDictionary<string, int> Counts
    {
        get
        {
            lock (_gate) return _counts;
        }
    }
}
