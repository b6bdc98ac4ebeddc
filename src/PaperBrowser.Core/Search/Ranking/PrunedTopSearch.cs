using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace PaperBrowser.Search.Ranking;

/// <summary>
/// The top hits by score (then paper id) without scoring every match: a MaxScore-style search over the query's
/// terms. A common two-word query matches a third of a million papers, but once ten good hits are known most
/// matches cannot beat the tenth: their terms' score ceilings (<see cref="ScoreBounds"/>) say so. The terms split
/// into "essential" ones, whose documents are visited, and the rest, which a document holding only them could never
/// bring to the threshold; the rest are only skipped forward to the visited documents. A document whose bound reaches
/// the threshold is bounded once more from its own frequencies and field lengths (<see cref="DocumentFactors"/>),
/// which costs no positions; only if that bound reaches too is it scored by the query's own Lucene scorer, so the
/// hits and their scores are exactly Lucene's.
/// </summary>
/// <remarks>
/// Lucene 4.8 has no impacts or block maxima in its postings, so the ceilings are per term, not per block: loose
/// (about twice a typical score), but the title boost and the coordination factors separate the best papers enough
/// that the title's short postings end up as the only essential ones for most queries.
/// </remarks>
internal sealed class PrunedTopSearch
{
    private readonly ScoreBounds _bounds;
    private readonly Weight _weight;

    private readonly float _k1;
    private readonly float _b;
    private readonly Dictionary<string, float> _averageLengths;

    private PrunedTopSearch(ScoreBounds bounds, Weight weight, BM25Similarity similarity, Dictionary<string, float> averageLengths)
    {
        _bounds = bounds;
        _weight = weight;
        _k1 = similarity.K1;
        _b = similarity.B;
        _averageLengths = averageLengths;
    }

    /// <summary>A search for <paramref name="query"/>, or null when its score cannot be bounded (the caller scores every match then).</summary>
    public static PrunedTopSearch? For(Query query, IndexSearcher searcher)
    {
        var rewritten = searcher.Rewrite(query);
        if (ScoreBounds.For(rewritten, searcher) is not { } bounds) return null;
        // As BM25Similarity.AvgFieldLength, from the same statistics its weights use.
        var averageLengths = new Dictionary<string, float>();
        foreach (var field in bounds.Terms.Select(t => t.Field).Distinct())
        {
            var stats = searcher.CollectionStatistics(field);
            averageLengths[field] = stats.SumTotalTermFreq <= 0 ? 1f : (float)(stats.SumTotalTermFreq / (double)stats.MaxDoc);
        }
        return new PrunedTopSearch(bounds, searcher.CreateNormalizedWeight(rewritten), (BM25Similarity)searcher.Similarity, averageLengths);
    }

    /// <summary>How many documents were scored (tests and the benchmark read it; it is no hit count).</summary>
    public int Scored => _scored;

    private int _scored;

    private readonly SharedThreshold _threshold = new();

    /// <summary>
    /// Hits <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> by score, then paper id,
    /// the slices searched at once with one threshold between them.
    /// </summary>
    public ScoreDoc[] Top(IReadOnlyList<IReadOnlyList<AtomicReaderContext>> slices, int start, int count)
    {
        var searches = new SliceSearch[slices.Count];
        SlicedSearch.ForEachSlice(slices.Count, i =>
        {
            searches[i] = NewSlice(start + count);
            foreach (var leaf in slices[i]) searches[i].Search(leaf, accepted: null);
        });
        return Merge(searches, start, count);
    }

    /// <summary>One slice's search: its segments are given one by one (in order), each with the documents it may return.</summary>
    public SliceSearch NewSlice(int k)
    {
        // The shared threshold is a k-th best score: slices looking for another k could not share it.
        if (Interlocked.CompareExchange(ref _k, k, 0) is var first && first != 0 && first != k)
            throw new InvalidOperationException($"This search looks for the top {first}, not {k}.");
        return new(this, new HitHeap(k));
    }

    private int _k;

    /// <summary>Hits <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of the slices' merged order.</summary>
    public static ScoreDoc[] Merge(IEnumerable<SliceSearch> slices, int start, int count)
    {
        var all = slices.SelectMany(s => s.Heap.Hits).ToList();
        all.Sort(HitHeap.BestFirst);
        return [.. all.Skip(start).Take(count).Select(h => new ScoreDoc(h.Doc, h.Score))];
    }

    internal sealed class SliceSearch(PrunedTopSearch search, HitHeap heap)
    {
        public HitHeap Heap { get; } = heap;

        /// <param name="accepted">The documents that may be hits (those passing the facet filters), or null: every live one.</param>
        public void Search(AtomicReaderContext leaf, FixedBitSet? accepted) => search.SearchSegment(leaf, Heap, search._threshold, accepted);
    }

    private void SearchSegment(AtomicReaderContext leaf, HitHeap heap, SharedThreshold threshold, FixedBitSet? accepted)
    {
        var reader = leaf.AtomicReader;
        var terms = _bounds.Terms;
        var postings = new DocsEnum?[terms.Length];
        var costs = new long[terms.Length];
        var inSegment = 0; // the terms with postings here: the others are never present
        for (var t = 0; t < terms.Length; t++)
        {
            var termsEnum = reader.GetTerms(terms[t].Field)?.GetEnumerator();
            if (termsEnum is null || !termsEnum.SeekExact(terms[t].Bytes)) continue;
            costs[t] = termsEnum.DocFreq;
            // Frequencies for the document's own bound; deleted documents are dropped by the scorer.
            postings[t] = termsEnum.Docs(null, null, DocsFlags.FREQS);
            inSegment |= 1 << t;
        }
        if (inSegment == 0) return;
        var windows = new Window[terms.Length];
        for (var t = 0; t < terms.Length; t++)
            if (postings[t] is not null && TermWindows.For(reader, terms[t]) is { } termWindows)
                windows[t] = new Window(termWindows.Windows, termWindows.Factors(_k1, _b, _averageLengths[terms[t].Field]));
        var factors = new float[terms.Length];
        var presentFactors = new float[terms.Length];
        var documentFactors = new DocumentFactors(_bounds, reader, _k1, _b, _averageLengths);
        var freqs = new int[terms.Length];
        var window = -1;
        var windowReaches = true;
        // The accepted set has no deleted documents in it: the match set it comes from is taken from the live ones.
        var scorer = _weight.GetScorer(leaf, (IBits?)accepted ?? reader.LiveDocs);
        if (scorer is null) return;
        var ids = reader.GetNumericDocValues(PaperFields.IdSort);

        // What a set of terms costs to visit: the sum of their postings' lengths.
        var masks = 1 << terms.Length;
        var maskCost = new long[masks];
        for (var m = 1; m < masks; m++) maskCost[m] = maskCost[m & (m - 1)] + costs[System.Numerics.BitOperations.TrailingZeroCount(m)];

        var byCost = Enumerable.Range(0, terms.Length).Where(t => postings[t] is not null).OrderBy(t => costs[t]).ToArray();
        var current = new int[terms.Length];
        for (var t = 0; t < terms.Length; t++) current[t] = postings[t] is null ? DocIdSetIterator.NO_MORE_DOCS : -1;

        // The non-essential terms: the costliest set whose bound is under the threshold, among the masks seen so far.
        var order = _bounds.MasksByBound;
        var seen = 0;
        var skippable = 0;
        var theta = float.NegativeInfinity;
        var last = -1;

        void Reselect()
        {
            var before = skippable;
            while (seen < order.Length && _bounds.Of(order[seen]) < theta)
            {
                var mask = order[seen++];
                if ((mask & ~inSegment) == 0 && maskCost[mask] > maskCost[skippable]) skippable = mask;
            }
            // A term that was skippable and is essential again must catch up with the documents visited.
            var back = before & ~skippable;
            for (var t = 0; back != 0; t++, back >>= 1)
                if ((back & 1) != 0 && current[t] <= last) current[t] = postings[t]!.Advance(last + 1);
        }

        for (var t = 0; t < terms.Length; t++)
            if (postings[t] is not null) current[t] = postings[t]!.NextDoc();

        while (true)
        {
            var global = threshold.Value;
            var local = heap.Full ? heap.Worst.Score : float.NegativeInfinity;
            // Every match scores above zero, so from the start a document whose terms bound it at zero is skipped:
            // the terms a match cannot lack (a required word, each word of a phrase) drive the search, not their union.
            var now = Math.Max(Math.Max(global, local), float.Epsilon);
            if (now > theta)
            {
                theta = now;
                Reselect();
                if (skippable == inSegment) return; // no document here can reach the threshold
            }

            var essential = inSegment & ~skippable;
            var doc = DocIdSetIterator.NO_MORE_DOCS;
            for (int t = 0, bits = essential; bits != 0; t++, bits >>= 1)
                if ((bits & 1) != 0 && current[t] < doc) doc = current[t];
            if (doc == DocIdSetIterator.NO_MORE_DOCS) return;

            // A window whose terms' frequencies and lengths cannot reach the threshold is skipped whole.
            if (doc >> TermWindows.WindowShift != window)
            {
                window = doc >> TermWindows.WindowShift;
                for (var t = 0; t < terms.Length; t++) factors[t] = windows[t]?.FactorAt(window) ?? 0f;
                windowReaches = _bounds.Of(factors) >= theta;
            }
            if (!windowReaches)
            {
                var next = (window + 1) << TermWindows.WindowShift;
                for (int t = 0, bits = essential; bits != 0; t++, bits >>= 1)
                    if ((bits & 1) != 0 && current[t] < next) current[t] = postings[t]!.Advance(next);
                last = next - 1;
                continue;
            }
            last = doc;

            var present = 0;
            for (int t = 0, bits = essential; bits != 0; t++, bits >>= 1)
                if ((bits & 1) != 0 && current[t] == doc) present |= 1 << t;

            // The skippable terms are looked up one by one while the bound with the rest assumed present still reaches.
            var unknown = skippable;
            // A document the filters leave out is never a hit (and the scorer, given the same set, would skip it).
            var reaches = (accepted is null || accepted.Get(doc)) && _bounds.Of(present | unknown) >= theta;
            // The shortest postings first: they are the cheapest to skip in and the likeliest to rule the document out.
            foreach (var t in byCost)
            {
                if (!reaches || unknown == 0) break;
                var bit = 1 << t;
                if ((unknown & bit) == 0) continue;
                unknown &= ~bit;
                if (current[t] < doc) current[t] = postings[t]!.Advance(doc);
                if (current[t] == doc) present |= bit;
                reaches = _bounds.Of(present | unknown) >= theta;
            }

            if (reaches)
            {
                // The window's bounds of the terms the document holds: tighter than their ceilings.
                for (var t = 0; t < terms.Length; t++) presentFactors[t] = (present >> t & 1) != 0 ? factors[t] : 0f;
                reaches = _bounds.Of(presentFactors) >= theta;
            }

            if (reaches)
            {
                // The document's own bound: its terms' exact scores, its phrases at the most their frequencies allow.
                for (var t = 0; t < terms.Length; t++) freqs[t] = (present >> t & 1) != 0 ? postings[t]!.Freq : 0;
                documentFactors.For(doc, present, freqs);
                reaches = _bounds.Of(documentFactors.TermFactors, documentFactors.PhraseFactors) >= theta;
            }

            if (reaches)
            {
                if (scorer.DocID < doc && scorer.Advance(doc) == DocIdSetIterator.NO_MORE_DOCS) return;
                if (scorer.DocID == doc)
                {
                    Interlocked.Increment(ref _scored);
                    var score = scorer.GetScore();
                    if (!heap.Full || score >= heap.Worst.Score)
                    {
                        heap.Offer(new Hit(leaf.DocBase + doc, score, ids.Get(doc)));
                        if (heap.Full) threshold.Raise(heap.Worst.Score);
                    }
                }
            }

            for (int t = 0, bits = essential; bits != 0; t++, bits >>= 1)
                if ((bits & 1) != 0 && current[t] == doc) current[t] = postings[t]!.NextDoc();
        }
    }

    /// <summary>A term's window factors, read in ascending window order.</summary>
    private sealed class Window(int[] windows, float[] factors)
    {
        private int _at;

        public float FactorAt(int window)
        {
            while (_at < windows.Length && windows[_at] < window) _at++;
            return _at < windows.Length && windows[_at] == window ? factors[_at] : 0f;
        }
    }

    internal readonly record struct Hit(int Doc, float Score, long Id);

    /// <summary>The k best hits so far, the worst on top: lower score, or the same score and a higher id.</summary>
    internal sealed class HitHeap(int capacity)
    {
        private readonly List<Hit> _heap = new(capacity);

        public static readonly Comparison<Hit> BestFirst = (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id);

        public bool Full => _heap.Count >= capacity;
        public Hit Worst => _heap[0];
        public IEnumerable<Hit> Hits => _heap;

        private static bool Worse(Hit a, Hit b) => BestFirst(a, b) > 0;

        public void Offer(Hit hit)
        {
            if (_heap.Count < capacity)
            {
                _heap.Add(hit);
                var i = _heap.Count - 1;
                while (i > 0 && Worse(_heap[i], _heap[(i - 1) / 2]))
                {
                    (_heap[i], _heap[(i - 1) / 2]) = (_heap[(i - 1) / 2], _heap[i]);
                    i = (i - 1) / 2;
                }
                return;
            }
            if (!Worse(_heap[0], hit)) return;
            _heap[0] = hit;
            var at = 0;
            while (true)
            {
                var worst = at;
                var left = 2 * at + 1;
                if (left < _heap.Count && Worse(_heap[left], _heap[worst])) worst = left;
                if (left + 1 < _heap.Count && Worse(_heap[left + 1], _heap[worst])) worst = left + 1;
                if (worst == at) return;
                (_heap[at], _heap[worst]) = (_heap[worst], _heap[at]);
                at = worst;
            }
        }
    }

    /// <summary>The best k-th score any slice has: the final k-th score is at least that, so every slice may prune by it.</summary>
    private sealed class SharedThreshold
    {
        private int _bits = BitConverter.SingleToInt32Bits(float.NegativeInfinity);

        public float Value => BitConverter.Int32BitsToSingle(Volatile.Read(ref _bits));

        public void Raise(float score)
        {
            while (true)
            {
                var seen = Volatile.Read(ref _bits);
                if (BitConverter.Int32BitsToSingle(seen) >= score) return;
                if (Interlocked.CompareExchange(ref _bits, BitConverter.SingleToInt32Bits(score), seen) == seen) return;
            }
        }
    }
}
