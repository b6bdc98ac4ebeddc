using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using PaperBrowser.Search;
using PaperBrowser.Search.Facets;

namespace PaperBrowser.Bench;

/// <summary>
/// Cheaper ways to do steps of a search, timed next to the app's way in the step profile, to show what a fix would buy.
/// Prototypes for measurement only; nothing here is used by the app.
/// </summary>
public static class Alternatives
{
    /// <summary>Counts the facet fields' per-segment ordinals in arrays and maps them to global ordinals once per segment.</summary>
    public sealed class SegmentOrdinalCounter(IndexReader reader, ICollector hits, IReadOnlyList<string> fields) : ICollector
    {
        private readonly GlobalOrdinals[] _global = [.. fields.Select(f => GlobalOrdinals.For(reader, f))];
        private readonly int[][] _counts = [.. fields.Select(f => new int[GlobalOrdinals.For(reader, f).ValueCount])];
        private readonly SortedSetDocValues?[] _segment = new SortedSetDocValues?[fields.Count];
        private readonly int[][] _segmentCounts = new int[fields.Count][];
        private int _segmentIndex = -1;

        public int TotalHits { get; private set; }
        public bool AcceptsDocsOutOfOrder => false;
        public void SetScorer(Scorer scorer) => hits.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            _segmentIndex = context.Ord;
            for (var d = 0; d < fields.Count; d++)
            {
                _segment[d] = context.AtomicReader.GetSortedSetDocValues(fields[d]);
                _segmentCounts[d] = _segment[d] is { } s ? new int[s.ValueCount] : [];
            }
            hits.SetNextReader(context);
        }

        public void Collect(int doc)
        {
            TotalHits++;
            for (var d = 0; d < _segment.Length; d++)
            {
                var s = _segment[d];
                if (s is null) continue;
                s.SetDocument(doc);
                long ord;
                var counts = _segmentCounts[d];
                while ((ord = s.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) counts[ord]++;
            }
            hits.Collect(doc);
        }

        public void Finish() => Flush();

        private void Flush()
        {
            if (_segmentIndex < 0) return;
            for (var d = 0; d < _segment.Length; d++)
            {
                var counts = _segmentCounts[d];
                for (var ord = 0; ord < counts.Length; ord++)
                    if (counts[ord] > 0) _counts[d][_global[d].ToGlobal(_segmentIndex, ord)] += counts[ord];
            }
            _segmentIndex = -1;
        }
    }

    public static readonly string[] FacetFields = [.. FacetDimension.All.Select(d => d.Field)];

    /// <summary>Highlighting from the query's terms only (QueryTermScorer): no span extraction, no MemoryIndex per text.</summary>
    public sealed class TermHighlighter
    {
        private readonly Highlighter _title;
        private readonly Highlighter _abstract;
        private readonly Lucene.Net.Analysis.Analyzer _analyzer;

        public TermHighlighter(Lucene.Net.Analysis.Analyzer analyzer, Query query, IndexReader reader)
        {
            _analyzer = analyzer;
            var formatter = new SimpleHTMLFormatter("<mark>", "</mark>");
            var encoder = new SimpleHTMLEncoder();
            _title = new Highlighter(formatter, encoder, new QueryTermScorer(query, reader, PaperFields.Title)) { TextFragmenter = new NullFragmenter() };
            _abstract = new Highlighter(formatter, encoder, new QueryTermScorer(query, reader, PaperFields.Abstract)) { TextFragmenter = new SimpleFragmenter(180) };
        }

        public void Highlight(string title, string @abstract)
        {
            _ = _title.GetBestFragment(_analyzer, PaperFields.Title, title);
            _ = _abstract.GetBestFragments(_analyzer, PaperFields.Abstract, @abstract, 2);
        }
    }
}
