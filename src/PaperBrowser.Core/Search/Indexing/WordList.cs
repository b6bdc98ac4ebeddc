using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Directory = Lucene.Net.Store.Directory;

namespace PaperBrowser.Search.Indexing;

/// <summary>
/// The unstemmed words of the library with the number of papers each is in, as an index of its own beside
/// the papers' (one document per word): Lucene's term dictionary gives sorted, prefix and edit-distance
/// lookups, and a doc value holds the count. A read-only view over one state of it; see <see cref="SearcherLease.Words"/>.
/// </summary>
public sealed class WordList(IndexReader reader)
{
    private readonly Terms? _terms = MultiFields.GetTerms(reader, PaperFields.Spell);
    private readonly NumericDocValues? _papers = MultiDocValues.GetNumericValues(reader, PaperFields.WordPapers);
    // An update rewrites a word's document; the old one is deleted and must not be read.
    private readonly IBits? _live = MultiFields.GetLiveDocs(reader);

    /// <summary>How many words the list holds.</summary>
    public int Count => reader.NumDocs;

    /// <summary>The number of papers <paramref name="word"/> is in (0 when it is in none).</summary>
    public int Papers(string word)
    {
        var termsEnum = _terms?.GetEnumerator();
        return termsEnum is not null && termsEnum.SeekExact(new BytesRef(word)) ? PapersOf(termsEnum) : 0;
    }

    /// <summary>The words that start with <paramref name="prefix"/>, in order, at most <paramref name="limit"/> of them.</summary>
    public IEnumerable<(string Word, int Papers)> StartingWith(string prefix, int limit)
    {
        if (_terms is null || limit <= 0) yield break;
        var termsEnum = _terms.GetEnumerator();
        var start = new BytesRef(prefix);
        if (termsEnum.SeekCeil(start) == TermsEnum.SeekStatus.END) yield break;
        var taken = 0;
        do
        {
            if (!StringHelper.StartsWith(termsEnum.Term, start)) yield break;
            yield return (termsEnum.Term.Utf8ToString(), PapersOf(termsEnum));
        } while (++taken < limit && termsEnum.MoveNext());
    }

    /// <summary>The words within <paramref name="maxEdits"/> edits of <paramref name="word"/> (the first letter as typed), at most <paramref name="limit"/>.</summary>
    public IEnumerable<(string Word, int Papers)> Near(string word, int maxEdits, int limit)
    {
        if (_terms is null) yield break;
        var fuzzy = new FuzzyTermsEnum(_terms, new AttributeSource(), new Term(PaperFields.Spell, word), maxEdits, prefixLength: 1, transpositions: true);
        var taken = 0;
        while (taken++ < limit && fuzzy.MoveNext())
            yield return (fuzzy.Term.Utf8ToString(), PapersOf(fuzzy));
    }

    private int PapersOf(TermsEnum termsEnum)
    {
        var docs = termsEnum.Docs(_live, null, DocsFlags.NONE);
        var doc = docs.NextDoc();
        return doc == DocIdSetIterator.NO_MORE_DOCS || _papers is null ? 0 : (int)_papers.Get(doc);
    }

    /// <summary>Writes a new list with exactly these counts (a full index build counted every paper).</summary>
    internal static void Replace(Directory directory, IReadOnlyDictionary<string, int> counts)
    {
        // A buffer that holds a large library's words whole: with Lucene's default one, a million papers' words
        // were flushed as a dozen segments and then merged into one again.
        using var writer = OpenWriter(directory, OpenMode.CREATE, ramBufferMB: 128);
        var fields = new WordFields();
        foreach (var (word, papers) in counts)
            writer.AddDocument(fields.For(word, papers));
        writer.ForceMerge(1);
        writer.Commit();
    }

    /// <summary>
    /// Adds an update's counts to the list. A changed paper is counted again with its new text (its old text
    /// is no longer known), so until the next rebuild a word can count a paper twice, much as Lucene's own
    /// document frequencies count deleted documents until a merge.
    /// </summary>
    internal static void Add(Directory directory, IReadOnlyDictionary<string, int> counts)
    {
        if (counts.Count == 0) return;
        using var writer = OpenWriter(directory, OpenMode.CREATE_OR_APPEND);
        WordList? old = null;
        using var reader = DirectoryReader.IndexExists(directory) ? DirectoryReader.Open(directory) : null;
        if (reader is not null) old = new WordList(reader);
        var fields = new WordFields();
        foreach (var (word, papers) in counts)
        {
            var total = papers + (old?.Papers(word) ?? 0);
            writer.UpdateDocument(new Term(PaperFields.Spell, word), fields.For(word, total));
        }
        writer.Commit();
    }

    internal static void CreateEmptyIfMissing(Directory directory)
    {
        if (DirectoryReader.IndexExists(directory)) return;
        using var writer = OpenWriter(directory, OpenMode.CREATE_OR_APPEND);
        writer.Commit();
    }

    private static IndexWriter OpenWriter(Directory directory, OpenMode mode, double? ramBufferMB = null) =>
        // Words are added as single terms (StringField), so no analysis runs.
        new(directory, new IndexWriterConfig(Analysis.PaperAnalyzer.Version, new Lucene.Net.Analysis.Core.KeywordAnalyzer())
        {
            OpenMode = mode,
            WriteLockTimeout = 60_000,
            RAMBufferSizeMB = ramBufferMB ?? IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB,
        });

    private sealed class WordFields
    {
        private readonly StringField _word = new(PaperFields.Spell, "", Field.Store.NO);
        private readonly NumericDocValuesField _papers = new(PaperFields.WordPapers, 0);
        private readonly Document _doc;

        public WordFields() => _doc = new Document { _word, _papers };

        public Document For(string word, int papers)
        {
            _word.SetStringValue(word);
            _papers.SetInt64Value(papers);
            return _doc;
        }
    }
}
