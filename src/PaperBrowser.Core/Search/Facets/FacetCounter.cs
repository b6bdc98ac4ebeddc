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
/// Counts are per segment ordinal, mapped to global ordinals through a per-reader OrdinalMap.
/// </summary>
public sealed class FacetCounter : ICollector
{
    private readonly ICollector _hits;
    private readonly DimensionState[] _dims;
    private readonly DimensionState[] _filtered;

    /// <param name="filters">Per dimension, which values a document must have one of (null: no filter).</param>
    public FacetCounter(IndexReader reader, ICollector hits, IReadOnlyList<(FacetDimension Dimension, Func<string, bool>? Filter)> filters)
    {
        _hits = hits;
        _dims = [.. filters.Select(f => new DimensionState(f.Dimension, GlobalOrdinals.For(reader, f.Dimension.Field), f.Filter))];
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
            var counter = new FacetCounter(searcher.IndexReader, new NoHits(), [.. dimensions.Select(d => (d, (Func<string, bool>?)null))]);
            searcher.Search(new MatchAllDocsQuery(), counter);
            return counter.Results();
        });

    private sealed class NoHits : ICollector
    {
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void Collect(int doc) { }
        public void SetNextReader(AtomicReaderContext context) { }
    }

    /// <summary>Documents that passed every filter (the total hit count).</summary>
    public int TotalHits { get; private set; }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _hits.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        foreach (var dim in _dims) dim.SetNextReader(context);
        _hits.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        DimensionState? failed = null;
        foreach (var dim in _filtered)
        {
            if (dim.Accepts(doc)) continue;
            if (failed is not null) return; // Fails two facets: counts for none.
            failed = dim;
        }

        if (failed is not null)
        {
            failed.Count(doc);
            return;
        }
        TotalHits++;
        foreach (var dim in _dims) dim.Count(doc);
        _hits.Collect(doc);
    }

    /// <summary>
    /// Adds the counts of a counter that saw other segments of the same reader with the same filters
    /// (a slice of a search run on several cores): this one then counts for both.
    /// </summary>
    public void Add(FacetCounter other)
    {
        if (other._dims.Length != _dims.Length) throw new ArgumentException("The counters count different facets.", nameof(other));
        TotalHits += other.TotalHits;
        for (var d = 0; d < _dims.Length; d++)
        {
            var (mine, theirs) = (_dims[d], other._dims[d]);
            if (mine.Global != theirs.Global) throw new ArgumentException("The counters count over different readers.", nameof(other));
            mine.Flush();
            theirs.Flush();
            for (var ord = 0; ord < mine.Counts.Length; ord++) mine.Counts[ord] += theirs.Counts[ord];
        }
    }

    public List<FacetResult> Results()
    {
        foreach (var dim in _dims) dim.Flush();
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

    /// <remarks>
    /// Counts go to an array indexed by the segment's own ordinals and are mapped to global ordinals
    /// once per segment, not once per document: the ordinal map lookup is the costly part of a count
    /// over a large match set. Single-valued fields (year, has code) are read as sorted doc values.
    /// </remarks>
    private sealed class DimensionState(FacetDimension dimension, GlobalOrdinals global, Func<string, bool>? filter)
    {
        private SortedSetDocValues? _segment;
        private SortedDocValues? _single;
        private int _segmentIndex;
        private bool[]? _acceptedSegmentOrds;
        private int[] _segmentCounts = [];
        private bool _pending;

        public FacetDimension Dimension { get; } = dimension;
        public GlobalOrdinals Global { get; } = global;
        public Func<string, bool>? Filter { get; } = filter;
        public int[] Counts { get; } = new int[global.ValueCount];

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            _segment = context.AtomicReader.GetSortedSetDocValues(Dimension.Field);
            _single = _segment is null ? null : DocValues.UnwrapSingleton(_segment);
            _segmentIndex = context.Ord;
            _acceptedSegmentOrds = null;
            if (_segment is null) return;
            var valueCount = checked((int)_segment.ValueCount);
            if (_segmentCounts.Length < valueCount) _segmentCounts = new int[valueCount];
            else Array.Clear(_segmentCounts, 0, valueCount);
            _pending = true;
            if (Filter is null) return;
            // Evaluate the filter once per segment value, not once per document.
            _acceptedSegmentOrds = new bool[valueCount];
            var scratch = new BytesRef();
            for (var ord = 0; ord < valueCount; ord++)
            {
                _segment.LookupOrd(ord, scratch);
                _acceptedSegmentOrds[ord] = Filter(scratch.Utf8ToString());
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Accepts(int doc)
        {
            if (_single is not null)
            {
                var ord = _single.GetOrd(doc);
                return ord >= 0 && _acceptedSegmentOrds![ord];
            }
            if (_segment is null) return false;
            _segment.SetDocument(doc);
            long next;
            while ((next = _segment.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                if (_acceptedSegmentOrds![next]) return true;
            return false;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Count(int doc)
        {
            if (_single is not null)
            {
                var ord = _single.GetOrd(doc);
                if (ord >= 0) _segmentCounts[ord]++;
                return;
            }
            if (_segment is null) return;
            _segment.SetDocument(doc);
            long next;
            while ((next = _segment.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                _segmentCounts[next]++;
        }

        /// <summary>Adds the finished segment's counts to the global ones.</summary>
        public void Flush()
        {
            if (!_pending || _segment is null) return;
            _pending = false;
            var valueCount = (int)_segment.ValueCount;
            for (var ord = 0; ord < valueCount; ord++)
            {
                var count = _segmentCounts[ord];
                if (count != 0) Counts[Global.ToGlobal(_segmentIndex, ord)] += count;
            }
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
