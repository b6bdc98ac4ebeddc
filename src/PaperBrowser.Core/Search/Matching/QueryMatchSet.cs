using System.Buffers;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace PaperBrowser.Search.Matching;

/// <summary>
/// The documents a query matches in one segment, as a bit set. Set algebra over terms is done on bits: a term,
/// everything, "any of" (DisjunctionMax, SHOULD), "all of" (MUST), "at least k of" (a minimum of SHOULD clauses)
/// and "not" (MUST_NOT). That covers the queries the app builds from plain, required and excluded words, OR
/// groups and spelling corrections. Any other part (a phrase, an acronym's long form, a prefix, a fuzzy word)
/// is matched by its own Lucene scorer and its documents are set one by one.
/// </summary>
/// <remarks>
/// A scorer finds a set of words at a cost of about a hundred nanoseconds per match at a million papers (a
/// conjunction of disjunctions over the title and abstract postings, frequencies decoded for scoring); reading a
/// term's documents without frequencies and combining 64 documents per machine word costs a few per posting.
/// Clauses that only add to the score (SHOULD beside MUST with no minimum, such as the proximity phrases) do
/// not change the set and are left out.
/// </remarks>
internal sealed class QueryMatchSet
{
    private readonly Node _root;

    private QueryMatchSet(Node root) => _root = root;

    /// <summary>The plan for <paramref name="query"/>: made once per search, evaluated per segment.</summary>
    public static QueryMatchSet For(Query query, IndexSearcher searcher) => new(Compile(query, searcher));

    /// <summary>Whether the whole query is set algebra over terms (no part needs its own scorer).</summary>
    public bool IsTermsOnly => _root.IsTermsOnly;

    /// <summary>
    /// Sets <paramref name="target"/> (<see cref="BitSets.WordsFor"/> the segment's documents) to the live
    /// documents the query matches in <paramref name="leaf"/> and returns how many.
    /// </summary>
    public int Evaluate(AtomicReaderContext leaf, Span<long> target)
    {
        var reader = leaf.AtomicReader;
        if (target.Length != BitSets.WordsFor(reader.MaxDoc))
            throw new ArgumentException($"A set over {reader.MaxDoc} documents has {BitSets.WordsFor(reader.MaxDoc)} words.", nameof(target));
        _root.Write(leaf, target);
        // Postings list deleted documents too; they leave the set once, here.
        if (reader.LiveDocs is not null) BitSets.And(target, LiveWords(reader));
        return BitSets.Count(target);
    }

    // SHOULD clauses decide what matches when there is no MUST clause or a minimum of them is set (Lucene's rules).
    private static bool ShouldDecides(BooleanQuery query) =>
        query.MinimumNumberShouldMatch > 0 || !query.Clauses.Any(c => c.Occur == Occur.MUST);

    private static Node Compile(Query query, IndexSearcher searcher)
    {
        switch (query)
        {
            case TermQuery term: return new TermNode(term.Term);
            case MatchAllDocsQuery: return new AllNode();
            case DisjunctionMaxQuery dis: return new AtLeastNode(1, [.. dis.Disjuncts.Select(q => Compile(q, searcher))]);
            case BooleanQuery boolean:
                var must = boolean.Clauses.Where(c => c.Occur == Occur.MUST).Select(c => Compile(c.Query, searcher)).ToList();
                var not = boolean.Clauses.Where(c => c.Occur == Occur.MUST_NOT).Select(c => Compile(c.Query, searcher)).ToList();
                var should = boolean.Clauses.Where(c => c.Occur == Occur.SHOULD).Select(c => c.Query).ToList();
                var minimum = ShouldDecides(boolean) ? Math.Max(1, boolean.MinimumNumberShouldMatch) : 0;
                // Only exclusions, or a minimum above the SHOULD clauses there are: Lucene matches nothing.
                if ((must.Count == 0 && should.Count == 0) || minimum > should.Count) return new NothingNode();
                if (minimum > 0) must.Add(new AtLeastNode(minimum, [.. should.Select(q => Compile(q, searcher))]));
                return new BooleanNode([.. must], [.. not]);
            default:
                return new ScorerNode(searcher.CreateNormalizedWeight(query));
        }
    }

    private abstract class Node
    {
        public virtual bool IsTermsOnly => true;

        /// <summary>Sets <paramref name="target"/> to the node's documents in the segment, deleted ones included.</summary>
        public abstract void Write(AtomicReaderContext leaf, Span<long> target);
    }

    private sealed class TermNode(Term term) : Node
    {
        public override void Write(AtomicReaderContext leaf, Span<long> target)
        {
            target.Clear();
            var termsEnum = leaf.AtomicReader.GetTerms(term.Field)?.GetEnumerator();
            if (termsEnum is null || !termsEnum.SeekExact(term.Bytes)) return;
            // Documents only: no frequencies or positions are decoded.
            var docs = termsEnum.Docs(null, null, DocsFlags.NONE);
            int doc;
            while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                target[doc >> 6] |= 1L << doc;
        }
    }

    private sealed class AllNode : Node
    {
        public override void Write(AtomicReaderContext leaf, Span<long> target)
        {
            target.Fill(-1L);
            var maxDoc = leaf.AtomicReader.MaxDoc;
            if ((maxDoc & 63) != 0) target[^1] = (1L << maxDoc) - 1; // no bits past the last document
        }
    }

    private sealed class NothingNode : Node
    {
        public override void Write(AtomicReaderContext leaf, Span<long> target) => target.Clear();
    }

    /// <summary>Any other query: its own scorer lists its documents.</summary>
    private sealed class ScorerNode(Weight weight) : Node
    {
        public override bool IsTermsOnly => false;

        public override void Write(AtomicReaderContext leaf, Span<long> target)
        {
            target.Clear();
            var scorer = weight.GetScorer(leaf, null);
            if (scorer is null) return;
            int doc;
            while ((doc = scorer.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                target[doc >> 6] |= 1L << doc;
        }
    }

    /// <summary>All of the required parts, none of the excluded ones.</summary>
    private sealed class BooleanNode(Node[] must, Node[] not) : Node
    {
        public override bool IsTermsOnly => must.All(n => n.IsTermsOnly) && not.All(n => n.IsTermsOnly);

        public override void Write(AtomicReaderContext leaf, Span<long> target)
        {
            var scratch = Rent(target.Length, out var rented);
            try
            {
                must[0].Write(leaf, target);
                for (var i = 1; i < must.Length; i++)
                {
                    must[i].Write(leaf, scratch);
                    BitSets.And(target, scratch);
                }
                foreach (var excluded in not)
                {
                    excluded.Write(leaf, scratch);
                    BitSets.AndNot(target, scratch);
                }
            }
            finally
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The documents that at least <paramref name="minimum"/> of <paramref name="parts"/> match.</summary>
    private sealed class AtLeastNode(int minimum, Node[] parts) : Node
    {
        public override bool IsTermsOnly => parts.All(n => n.IsTermsOnly);

        public override void Write(AtomicReaderContext leaf, Span<long> target)
        {
            target.Clear();
            if (minimum > parts.Length) return;
            var words = target.Length;
            // levels[j]: the documents at least j + 1 of the parts seen so far match; the last level is the target.
            var levels = new long[]?[minimum - 1];
            var scratch = Rent(words, out var rented);
            try
            {
                for (var j = 0; j < levels.Length; j++) Rent(words, out levels[j]).Clear();
                foreach (var part in parts)
                {
                    part.Write(leaf, scratch);
                    for (var j = minimum - 1; j >= 1; j--)
                    {
                        var higher = j == minimum - 1 ? target : levels[j].AsSpan(0, words);
                        var lower = levels[j - 1].AsSpan(0, words);
                        for (var w = 0; w < words; w++) higher[w] |= lower[w] & scratch[w];
                    }
                    BitSets.Or(minimum == 1 ? target : levels[0].AsSpan(0, words), scratch);
                }
            }
            finally
            {
                ArrayPool<long>.Shared.Return(rented);
                foreach (var level in levels)
                    if (level is not null) ArrayPool<long>.Shared.Return(level);
            }
        }
    }

    private static readonly ConditionalWeakTable<object, long[]> LiveWordsCache = new();

    /// <summary>The segment's live documents as words, made once per set of deletions (a new reader brings a new key).</summary>
    private static long[] LiveWords(AtomicReader reader) =>
        LiveWordsCache.GetValue(reader.CombinedCoreAndDeletesKey, _ =>
        {
            var live = reader.LiveDocs;
            var words = new long[BitSets.WordsFor(reader.MaxDoc)];
            for (var doc = 0; doc < reader.MaxDoc; doc++)
                if (live.Get(doc)) words[doc >> 6] |= 1L << doc;
            return words;
        });

    private static Span<long> Rent(int words, out long[] rented)
    {
        rented = ArrayPool<long>.Shared.Rent(Math.Max(1, words));
        return rented.AsSpan(0, words);
    }
}
