using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PaperBrowser.Search.Facets;

/// <summary>
/// Counts facet values over SortedSetDocValues (Lucene.Net.Facet is not available) with
/// drill-sideways semantics, in the one pass that also collects the top hits:
/// a document that passes every facet filter is a hit and counts for every facet;
/// a document that fails exactly one facet's filter counts for that facet only, so the other
/// values of a facet you selected keep the counts they would have if you changed your mind.
/// </summary>
/// <remarks>
/// While the query runs, each matching document only sets a bit; a segment's counts are taken when
/// it is done, from that bit set and each value's documents (<see cref="SegmentValueSets"/>): per value
/// a popcount of two bit sets when the match set is large, a doc-values read per matched document when
/// it is small. Counts are per segment ordinal, mapped to global ordinals once per segment.
/// </remarks>
public sealed class FacetCounter : ICollector
{
    private readonly ICollector _hits;
    private readonly DimensionState[] _dims;
    private readonly DimensionState[] _filtered;

    // The segment being collected: its matching documents as bits (rented), and where they lie.
    private long[]? _matched;
    private int _words;
    private int _segmentMatches;
    private int _firstDoc;
    private int _lastDoc;

    /// <param name="filters">Per dimension, which values a document must have one of (null: no filter).</param>
    public FacetCounter(IndexReader reader, ICollector hits, IReadOnlyList<(FacetDimension Dimension, Func<string, bool>? Filter)> filters)
        : this(reader, hits, filters, DefaultDocReadCostInWords)
    {
    }

    /// <summary>A doc-values read per document costs about as much as this many words of a popcount pass.</summary>
    internal const int DefaultDocReadCostInWords = 32;

    /// <param name="docReadCostInWords">Tests pin the counting method: 0 always reads doc values, <see cref="int.MaxValue"/> always intersects bit sets.</param>
    internal FacetCounter(IndexReader reader, ICollector hits, IReadOnlyList<(FacetDimension Dimension, Func<string, bool>? Filter)> filters, int docReadCostInWords)
    {
        _hits = hits;
        _dims = [.. filters.Select(f => new DimensionState(f.Dimension, GlobalOrdinals.For(reader, f.Dimension.Field), f.Filter, docReadCostInWords))];
        _filtered = [.. _dims.Where(d => d.Filter is not null)];
    }

    private static readonly ConditionalWeakTable<IndexReader, List<FacetResult>> AllDocumentsCache = new();

    /// <summary>
    /// The counts over every document with no filter: the browse view everyone lands on. They change
    /// only when the reader does, so they are counted once per reader instead of once per request.
    /// </summary>
    public static List<FacetResult> ForAllDocuments(IndexSearcher searcher, IReadOnlyList<FacetDimension> dimensions) =>
        AllDocumentsCache.GetValue(searcher.IndexReader, _ =>
        {
            var counter = new FacetCounter(searcher.IndexReader, NoHits.Instance, [.. dimensions.Select(d => (d, (Func<string, bool>?)null))]);
            searcher.Search(new MatchAllDocsQuery(), counter);
            return counter.Results();
        });

    /// <summary>A hits collector for counts alone.</summary>
    internal sealed class NoHits : ICollector
    {
        public static readonly NoHits Instance = new();

        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void Collect(int doc) { }
        public void SetNextReader(AtomicReaderContext context) { }
    }

    /// <summary>Documents that passed every filter (the total hit count).</summary>
    public int TotalHits { get; private set; }

    // In order: the first and last matching documents bound the words a segment's counts look at.
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _hits.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var maxDoc = context.AtomicReader.MaxDoc;
        _words = SegmentValueSets.WordsFor(maxDoc);
        _matched = ArrayPool<long>.Shared.Rent(Math.Max(1, _words));
        Array.Clear(_matched, 0, _words);
        _segmentMatches = 0;
        foreach (var dim in _dims) dim.SetNextReader(context, _words);
        _hits.SetNextReader(context);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Collect(int doc)
    {
        _matched![doc >> 6] |= 1L << doc;
        if (_segmentMatches++ == 0) _firstDoc = doc;
        _lastDoc = doc;
        foreach (var dim in _filtered)
            if (!dim.Accepts(doc)) return;
        TotalHits++;
        _hits.Collect(doc);
    }

    /// <summary>
    /// Takes a segment whose matches are already known as bits (<see cref="Matching.QueryMatchSet"/>) instead of
    /// collecting them one by one: they are counted as collected ones are, and those that pass every filter go to the
    /// hits collector in order, scored by <paramref name="weight"/> when hits need scores (null: they do not).
    /// </summary>
    /// <param name="hitsTo">When set, takes each segment's hits as a set (a pruned search picks its top hits from them) instead of the hits collector.</param>
    internal void CollectMatches(AtomicReaderContext context, ReadOnlySpan<long> matched, int matchCount, Weight? weight,
        Action<AtomicReaderContext, FixedBitSet>? hitsTo = null)
    {
        SetNextReader(context);
        if (matchCount == 0) return;
        matched.CopyTo(_matched);
        var firstWord = matched.IndexOfAnyExcept(0L);
        var lastWord = matched.LastIndexOfAnyExcept(0L);
        _firstDoc = firstWord << 6;
        _lastDoc = lastWord << 6;
        _segmentMatches = matchCount;

        var rented = ArrayPool<long>.Shared.Rent(_words);
        try
        {
            var hits = rented.AsSpan(0, _words);
            hits.Clear();
            var length = lastWord - firstWord + 1;
            var hitCount = Intersect(hits.Slice(firstWord, length), _matched.AsSpan(firstWord, length), firstWord, except: null);
            if (hitCount == 0) return;
            if (hitsTo is not null)
            {
                hitsTo(context, new FixedBitSet(rented, context.AtomicReader.MaxDoc));
                TotalHits += hitCount;
                return;
            }
            if (weight is null && _hits is NoHits)
            {
                TotalHits += hitCount; // counts alone: nobody to hand the hits to
                return;
            }
            if (weight is null)
            {
                _hits.SetScorer(NoScores.Instance);
                for (var w = firstWord; w <= lastWord; w++)
                {
                    var word = (ulong)hits[w];
                    while (word != 0)
                    {
                        _hits.Collect((w << 6) + BitOperations.TrailingZeroCount(word));
                        word &= word - 1;
                    }
                }
                TotalHits += hitCount;
                return;
            }

            // The hits as the scorer's accepted documents: every postings list under it skips the others, so a
            // proximity phrase reads positions for the hits only, and the scores are those of an unfiltered search.
            var scorer = weight.GetScorer(context, new FixedBitSet(rented, context.AtomicReader.MaxDoc));
            var scored = 0;
            if (scorer is not null)
            {
                _hits.SetScorer(scorer);
                int doc;
                while ((doc = scorer.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    _hits.Collect(doc);
                    scored++;
                }
            }
            // The set and the scorer answer the same question two ways; a difference is a bug, never a user's doing.
            if (scored != hitCount)
                throw new InvalidOperationException($"{weight.Query} scored {scored} of the {hitCount} hits of its match set in a segment.");
            TotalHits += hitCount;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    /// <summary>What a hits collector is given when the sort needs no scores: it never asks for one.</summary>
    private sealed class NoScores : Scorer
    {
        public static readonly NoScores Instance = new();
        private NoScores() : base(null) { }
        public override int DocID => -1;
        public override int Freq => 1;
        public override float GetScore() => float.NaN;
        public override int NextDoc() => NO_MORE_DOCS;
        public override int Advance(int target) => NO_MORE_DOCS;
        public override long GetCost() => 0;
    }

    /// <summary>Counts the finished segment's matches for every facet and hands its rented bit sets back.</summary>
    private void FlushSegment()
    {
        if (_matched is null) return;
        try
        {
            if (_segmentMatches > 0) CountSegment();
        }
        finally
        {
            ArrayPool<long>.Shared.Return(_matched);
            _matched = null;
            foreach (var dim in _dims) dim.EndSegment();
        }
    }

    private void CountSegment()
    {
        var offset = _firstDoc >> 6;
        var length = (_lastDoc >> 6) - offset + 1;
        ReadOnlySpan<long> matched = _matched.AsSpan(offset, length);
        if (_filtered.Length == 0)
        {
            foreach (var dim in _dims) dim.Count(matched, offset, _segmentMatches);
            return;
        }

        var scratch = ArrayPool<long>.Shared.Rent(length);
        try
        {
            var docs = scratch.AsSpan(0, length);
            // A filtered facet counts what passes every other facet's filter (drill sideways) ...
            foreach (var dim in _filtered)
            {
                var passing = Intersect(docs, matched, offset, except: dim);
                dim.Count(docs, offset, passing);
            }
            // ... the others count the hits: what passes every filter.
            var hits = Intersect(docs, matched, offset, except: null);
            foreach (var dim in _dims)
                if (dim.Filter is null) dim.Count(docs, offset, hits);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(scratch);
        }
    }

    /// <summary><paramref name="target"/> = the matches that pass every filter but <paramref name="except"/>'s; returns how many.</summary>
    private int Intersect(Span<long> target, ReadOnlySpan<long> matched, int offset, DimensionState? except)
    {
        matched.CopyTo(target);
        var count = _segmentMatches;
        foreach (var dim in _filtered)
            if (dim != except) count = BitSets.And(target, target, dim.Accepted.AsSpan(offset, target.Length));
        return count;
    }

    /// <summary>
    /// Adds the counts of a counter that saw other segments of the same reader with the same filters
    /// (a slice of a search run on several cores): this one then counts for both.
    /// </summary>
    public void Add(FacetCounter other)
    {
        if (other._dims.Length != _dims.Length) throw new ArgumentException("The counters count different facets.", nameof(other));
        FlushSegment();
        other.FlushSegment();
        TotalHits += other.TotalHits;
        for (var d = 0; d < _dims.Length; d++)
        {
            var (mine, theirs) = (_dims[d], other._dims[d]);
            if (mine.Global != theirs.Global) throw new ArgumentException("The counters count over different readers.", nameof(other));
            for (var ord = 0; ord < mine.Counts.Length; ord++) mine.Counts[ord] += theirs.Counts[ord];
        }
    }

    public List<FacetResult> Results()
    {
        FlushSegment();
        var results = new List<FacetResult>(_dims.Length);
        foreach (var dim in _dims)
        {
            var values = new List<FacetValue>();
            for (var ord = 0; ord < dim.Counts.Length; ord++)
            {
                var selected = false;
                var label = dim.Global.Labels[ord];
                if (dim.Filter is not null) selected = dim.Filter(label);
                if (dim.Counts[ord] > 0 || selected)
                    values.Add(new FacetValue(label, label, dim.Counts[ord], selected));
            }
            values = dim.Dimension.SortByValue
                ? [.. values.OrderByDescending(v => v.Value, StringComparer.Ordinal)]
                : [.. values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];
            results.Add(new FacetResult(dim.Dimension.Parameter, dim.Dimension.Label, values));
        }
        return results;
    }

    /// <summary>One facet while a segment is collected: its value sets, its filter as bits, its counts.</summary>
    private sealed class DimensionState(FacetDimension dimension, GlobalOrdinals global, Func<string, bool>? filter, int docReadCostInWords)
    {
        private SortedSetDocValues? _segment;
        private SortedDocValues? _single;
        private SegmentValueSets? _sets;
        private int _segmentIndex;
        private int[] _segmentCounts = [];

        public FacetDimension Dimension { get; } = dimension;
        public GlobalOrdinals Global { get; } = global;
        public Func<string, bool>? Filter { get; } = filter;
        public int[] Counts { get; } = new int[global.ValueCount];

        /// <summary>With a filter: the segment's documents that hold an accepted value (rented, as long as the segment).</summary>
        public long[] Accepted { get; private set; } = [];

        public void SetNextReader(AtomicReaderContext context, int words)
        {
            var reader = context.AtomicReader;
            _segmentIndex = context.Ord;
            _segment = reader.GetSortedSetDocValues(Dimension.Field);
            _single = _segment is null ? null : DocValues.UnwrapSingleton(_segment);
            _sets = _segment is null ? null : SegmentValueSets.For(reader, Dimension.Field);
            if (Filter is null) return;

            Accepted = ArrayPool<long>.Shared.Rent(Math.Max(1, words));
            var accepted = Accepted.AsSpan(0, words);
            accepted.Clear();
            if (_sets is null) return; // No document of this segment has a value: none passes.
            // Evaluate the filter once per segment value, not once per document.
            for (var ord = 0; ord < _sets.Labels.Length; ord++)
                if (Filter(_sets.Labels[ord])) _sets.Or(ord, accepted);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Accepts(int doc) => (Accepted[doc >> 6] & (1L << doc)) != 0;

        /// <summary>Counts, per value, the documents of <paramref name="docs"/> (words from <paramref name="offset"/> on; <paramref name="docCount"/> bits set).</summary>
        public void Count(ReadOnlySpan<long> docs, int offset, int docCount)
        {
            if (_sets is null || docCount == 0) return;
            var valueCount = _sets.Labels.Length;
            if (_segmentCounts.Length < valueCount) _segmentCounts = new int[valueCount];
            else Array.Clear(_segmentCounts, 0, valueCount);

            // A few matches in a large segment: read their values; many: intersect each value's set.
            var bitSetCost = (long)_sets.DenseCount * docs.Length + _sets.SparseDocs;
            if ((long)docCount * docReadCostInWords < bitSetCost) CountByReading(docs, offset);
            else
                for (var ord = 0; ord < valueCount; ord++)
                    _segmentCounts[ord] = _sets.Count(ord, docs, offset);

            for (var ord = 0; ord < valueCount; ord++)
            {
                var count = _segmentCounts[ord];
                if (count != 0) Counts[Global.ToGlobal(_segmentIndex, ord)] += count;
            }
        }

        private void CountByReading(ReadOnlySpan<long> docs, int offset)
        {
            for (var w = 0; w < docs.Length; w++)
            {
                var word = (ulong)docs[w];
                while (word != 0)
                {
                    var doc = ((offset + w) << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    if (_single is not null)
                    {
                        var ord = _single.GetOrd(doc);
                        if (ord >= 0) _segmentCounts[ord]++;
                        continue;
                    }
                    _segment!.SetDocument(doc);
                    long next;
                    while ((next = _segment.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                        _segmentCounts[next]++;
                }
            }
        }

        public void EndSegment()
        {
            if (Filter is not null && Accepted.Length > 0) ArrayPool<long>.Shared.Return(Accepted);
            Accepted = [];
            _segment = null;
            _single = null;
            _sets = null;
        }
    }
}

/// <summary>
/// The global ordinals of one facet field for one reader: built once per reader (each index
/// refresh brings a new reader) and shared by every query on it.
/// </summary>
public sealed class GlobalOrdinals
{
    private static readonly ConditionalWeakTable<IndexReader, Dictionary<string, GlobalOrdinals>> Cache = new();

    private readonly MultiDocValues.OrdinalMap? _map;

    private GlobalOrdinals(SortedSetDocValues? values, MultiDocValues.OrdinalMap? map)
    {
        _map = map;
        // Labels are read once here: doc values instances are not safe to share across request threads.
        var count = values is null ? 0 : checked((int)values.ValueCount);
        Labels = new string[count];
        var scratch = new BytesRef();
        for (var ord = 0; ord < count; ord++)
        {
            values!.LookupOrd(ord, scratch);
            Labels[ord] = scratch.Utf8ToString();
        }
    }

    /// <summary>Facet values by global ordinal.</summary>
    public string[] Labels { get; }
    public int ValueCount => Labels.Length;

    public int ToGlobal(int segmentIndex, long segmentOrd) =>
        _map is null ? (int)segmentOrd : (int)_map.GetGlobalOrd(segmentIndex, segmentOrd);

    public static GlobalOrdinals For(IndexReader reader, string field)
    {
        var perField = Cache.GetValue(reader, _ => []);
        lock (perField)
        {
            if (perField.TryGetValue(field, out var cached)) return cached;
            var values = MultiDocValues.GetSortedSetValues(reader, field);
            var map = values is MultiDocValues.MultiSortedSetDocValues multi ? multi.Mapping : null;
            return perField[field] = new GlobalOrdinals(values, map);
        }
    }
}
