using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace PaperBrowser.Search.Ranking;

/// <summary>
/// The most a document can score under a query, given which of the query's terms it contains: the query's tree with
/// every present term at its BM25 ceiling (the score as its frequency grows without end, <c>boost × idf × (k1 + 1)</c>),
/// a phrase at its ceiling when all its terms are present, and the coordination factor of the clauses that could match.
/// The scores are Lucene's own; this only says which documents cannot reach the k-th best so far.
/// </summary>
/// <remarks>
/// The bound is a function of a bit mask over the query's distinct terms, tabulated for every mask once per query.
/// It is monotone: a document with more of the terms can score more, never less. Queries with parts whose score this
/// cannot bound (prefixes, constant scores, "match all") are not compiled, and neither are queries with more than
/// <see cref="MaxTerms"/> terms, whose table would cost more than the search it saves. (A fuzzy word is rewritten to
/// the terms it stands for, with document frequencies no lower than theirs, so its ceilings hold.)
/// </remarks>
internal sealed class ScoreBounds
{
    public const int MaxTerms = 12;

    /// <summary>Float sums in another order can differ in the last bits: a bound is raised by this much before it may prune.</summary>
    private const float Margin = 1.0001f;

    private readonly float[] _byMask;
    private readonly Node _root;

    private ScoreBounds(Term[] terms, int[][][] phrases, float[] byMask, int[] masksByBound, Node root)
    {
        _root = root;
        Terms = terms;
        Phrases = phrases;
        _byMask = byMask;
        MasksByBound = masksByBound;
    }

    /// <summary>The query's distinct terms: bit i of a mask is <c>Terms[i]</c>.</summary>
    public Term[] Terms { get; }

    /// <summary>The query's phrases, each as the term indexes that may stand at each of its positions.</summary>
    public int[][][] Phrases { get; }

    /// <summary>Every mask, lowest bound first.</summary>
    public int[] MasksByBound { get; }

    /// <summary>The most a document with exactly the terms in <paramref name="mask"/> can score (with margin).</summary>
    public float Of(int mask) => _byMask[mask];

    /// <summary>The bounds of <paramref name="query"/> (rewritten), or null when some part of it has none.</summary>
    public static ScoreBounds? For(Query rewritten, IndexSearcher searcher)
    {
        if (searcher.Similarity is not BM25Similarity bm25) return null;
        var compiler = new Compiler(searcher, bm25);
        var root = compiler.Compile(rewritten, 1f);
        if (root is null || compiler.Terms.Count is 0 or > MaxTerms) return null;
        // Only phrases (a quoted query): a document can score only where a phrase's positions line up, and Lucene's
        // phrase scorer finds those faster alone than after this search's own walk over the same postings.
        if (!compiler.HasTermClauses) return null;

        var masks = 1 << compiler.Terms.Count;
        var byMask = new float[masks];
        var factors = new float[compiler.Terms.Count];
        for (var mask = 0; mask < masks; mask++)
        {
            for (var t = 0; t < factors.Length; t++) factors[t] = (mask >> t & 1) != 0 ? 1f : 0f;
            byMask[mask] = root.Bound(factors, null) * Margin;
        }
        var order = new int[masks];
        for (var i = 0; i < masks; i++) order[i] = i;
        Array.Sort(order, (a, b) => byMask[a].CompareTo(byMask[b]));
        return new ScoreBounds([.. compiler.Terms], [.. compiler.Phrases], byMask, order, root);
    }

    /// <summary>
    /// The most a document can score when term i's score is at most <c>factors[i]</c> of its ceiling (0: absent), with
    /// margin: what a window of documents can score, from the terms' frequencies and lengths there (<see cref="TermWindows"/>).
    /// </summary>
    public float Of(float[] factors) => _root.Bound(factors, null) * Margin;

    /// <summary>
    /// As <see cref="Of(float[])"/>, with phrase i at most <c>phraseFactors[i]</c> of its ceiling: what one document
    /// can score, from its terms' exact scores and a bound on its phrases' frequencies (<see cref="DocumentFactors"/>).
    /// </summary>
    public float Of(float[] factors, float[] phraseFactors) => _root.Bound(factors, phraseFactors) * Margin;

    private sealed class Compiler(IndexSearcher searcher, BM25Similarity similarity)
    {
        public List<Term> Terms { get; } = [];

        public List<int[][]> Phrases { get; } = [];

        public bool HasTermClauses { get; private set; }

        private int Bit(Term term)
        {
            var index = Terms.IndexOf(term);
            if (index < 0)
            {
                index = Terms.Count;
                Terms.Add(term);
            }
            return index >= MaxTerms ? -1 : 1 << index;
        }

        private static int IndexOf(int bit) => System.Numerics.BitOperations.TrailingZeroCount(bit);

        // As BM25Similarity: idf over maxDoc, the whole reader's document frequency, for each term of a phrase summed.
        private float Ceiling(IEnumerable<Term> terms, float boost)
        {
            var maxDoc = searcher.IndexReader.MaxDoc;
            var idf = 0f;
            foreach (var term in terms)
            {
                var df = searcher.IndexReader.DocFreq(term);
                idf += (float)Math.Log(1 + (maxDoc - df + 0.5D) / (df + 0.5D));
            }
            return boost * idf * (similarity.K1 + 1);
        }

        private PhraseNode Phrase(int[][] positions, float ceiling)
        {
            Phrases.Add(positions);
            return new PhraseNode(positions, Phrases.Count - 1, ceiling);
        }

        /// <param name="boost">The product of the boosts above this part: Lucene passes them down to the terms' weights.</param>
        public Node? Compile(Query query, float boost)
        {
            boost *= query.Boost;
            // A zero boost makes a match score zero, which the search's "above zero" start would skip.
            if (!(boost > 0)) return null;
            switch (query)
            {
                case TermQuery term:
                {
                    var bit = Bit(term.Term);
                    HasTermClauses = true;
                    return bit < 0 ? null : new TermNode(IndexOf(bit), Ceiling([term.Term], boost));
                }
                case PhraseQuery phrase:
                {
                    var terms = phrase.GetTerms();
                    var bits = terms.Select(Bit).ToArray();
                    if (bits.Any(b => b < 0)) return null;
                    return Phrase([.. bits.Select(b => new[] { IndexOf(b) })], Ceiling(terms, boost));
                }
                case MultiPhraseQuery multi:
                {
                    var arrays = multi.GetTermArrays();
                    var positions = new int[arrays.Count][];
                    for (var i = 0; i < arrays.Count; i++)
                    {
                        var bits = arrays[i].Select(Bit).ToArray();
                        if (bits.Any(b => b < 0)) return null;
                        positions[i] = [.. bits.Select(IndexOf)];
                    }
                    return Phrase(positions, Ceiling(arrays.SelectMany(a => a), boost));
                }
                case DisjunctionMaxQuery dis:
                {
                    var parts = new List<Node>();
                    foreach (var disjunct in dis.Disjuncts)
                    {
                        if (Compile(disjunct, boost) is not { } part) return null;
                        parts.Add(part);
                    }
                    return new MaxNode([.. parts], dis.TieBreakerMultiplier);
                }
                case BooleanQuery boolean:
                {
                    var must = new List<Node>();
                    var should = new List<Node>();
                    foreach (var clause in boolean.Clauses)
                    {
                        if (clause.Occur == Occur.MUST_NOT) continue; // takes documents away, never adds to a score
                        if (Compile(clause.Query, boost) is not { } part) return null;
                        (clause.Occur == Occur.MUST ? must : should).Add(part);
                    }
                    var maxCoord = must.Count + should.Count;
                    float[] coord = new float[maxCoord + 1];
                    for (var overlap = 0; overlap <= maxCoord; overlap++)
                        coord[overlap] = boolean.CoordDisabled ? 1f : similarity.Coord(overlap, maxCoord);
                    // Lucene's rules: SHOULD clauses decide a match when a minimum is set or nothing is required.
                    var minimumShould = boolean.MinimumNumberShouldMatch > 0 ? boolean.MinimumNumberShouldMatch : must.Count == 0 ? 1 : 0;
                    return new BooleanNode([.. must], [.. should], minimumShould, coord);
                }
                default:
                    return null;
            }
        }
    }

    internal abstract class Node
    {
        /// <summary>
        /// The most this part scores when term i scores at most <c>factors[i]</c> of its ceiling, and phrase i at most
        /// <c>phraseFactors[i]</c> of its own (null: at its ceiling); 0 when it cannot match.
        /// </summary>
        public abstract float Bound(float[] factors, float[]? phraseFactors);
    }

    private sealed class TermNode(int term, float ceiling) : Node
    {
        public override float Bound(float[] factors, float[]? phraseFactors) => factors[term] * ceiling;
    }

    /// <summary>
    /// A phrase needs one term of each position. Its frequency has no bound from its terms' factors alone, so a phrase
    /// that can match is at its ceiling (which holds for any frequency) unless a bound of its own is given.
    /// </summary>
    private sealed class PhraseNode(int[][] positions, int index, float ceiling) : Node
    {
        public override float Bound(float[] factors, float[]? phraseFactors)
        {
            foreach (var alternatives in positions)
            {
                var any = false;
                foreach (var term in alternatives) any |= factors[term] > 0;
                if (!any) return 0f;
            }
            return phraseFactors is null ? ceiling : ceiling * phraseFactors[index];
        }
    }

    /// <summary>As DisjunctionMaxScorer: the best part plus the tie-breaker times the others.</summary>
    private sealed class MaxNode(Node[] parts, float tieBreaker) : Node
    {
        public override float Bound(float[] factors, float[]? phraseFactors)
        {
            float max = 0, sum = 0;
            foreach (var part in parts)
            {
                var bound = part.Bound(factors, phraseFactors);
                sum += bound;
                max = Math.Max(max, bound);
            }
            return max + (sum - max) * tieBreaker;
        }
    }

    private sealed class BooleanNode(Node[] must, Node[] should, int minimumShould, float[] coord) : Node
    {
        public override float Bound(float[] factors, float[]? phraseFactors)
        {
            float sum = 0;
            var overlap = 0;
            foreach (var part in must)
            {
                var bound = part.Bound(factors, phraseFactors);
                if (bound <= 0) return 0f;
                sum += bound;
                overlap++;
            }
            var matched = 0;
            foreach (var part in should)
            {
                var bound = part.Bound(factors, phraseFactors);
                if (bound <= 0) continue;
                sum += bound;
                matched++;
            }
            if (matched < minimumShould) return 0f;
            // The coordination factor grows with the overlap: the most clauses that could match give the ceiling.
            return sum * coord[overlap + matched];
        }
    }
}
