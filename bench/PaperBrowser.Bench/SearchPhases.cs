using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Search;
using PaperBrowser.Search.Facets;
using PaperBrowser.Search.Matching;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Ranking;
using PaperBrowser.Search.Results;

namespace PaperBrowser.Bench;

/// <summary>
/// A Stopwatch profile of one search: the steps PaperSearchService.SearchAsync takes, done one by one with
/// the same public pieces (query parser and builder, FacetCounter, stored fields, HitHighlighter, EF query),
/// so the time of each step can be read. It mirrors the service; the service itself is what the latency tables time.
/// </summary>
public sealed class SearchPhases(Library library)
{
    private readonly Dictionary<string, Samples> _phases = [];
    private readonly List<string> _order = [];

    public const string CollectOnly = "(for comparison) collect top-N only, no facet counting";
    public const string SegmentCounting = "(for comparison) top-N + counts per segment ordinal, mapped to global once per segment (no filters)";
    public const string ReadEveryMatch = "(for comparison) the one pass with facet counts read from doc values for every match (no bit sets; the counter before ac052b5 did this)";
    public const string ScoreEveryMatch = "(for comparison) every match scored and collected in one pass, filters tested per match (the service's way with filters before 46c2f55)";
    public const string MatchSetEveryHitScored = "(for comparison) the match set + facet counts + every hit that passes the filters scored (before PrunedTopSearch)";
    public const string MatchSetOnly = "(for comparison) the match set alone (bits from the postings, every segment)";
    public const string MatchSetUnscored = "(for comparison) the match set + facet counts + the filtered hits collected without scores";
    public const string TermHighlight = "(for comparison) Lucene's Highlighter + QueryTermScorer on the same hits (what the service used before)";
    public const string RegexTopics = "(for comparison) classify each hit's topics with the regex taxonomy, as the service did before ed6ba82";
    private static readonly HashSet<string> Comparisons = [MatchSetEveryHitScored, CollectOnly, ScoreEveryMatch, MatchSetOnly, MatchSetUnscored, ReadEveryMatch, SegmentCounting, TermHighlight, RegexTopics];

    public IEnumerable<Samples> Phases => _order.Select(n => _phases[n]);

    private void Record(string phase, ref long since)
    {
        var now = Stopwatch.GetTimestamp();
        if (!_phases.TryGetValue(phase, out var samples))
        {
            _phases[phase] = samples = new Samples(phase);
            _order.Add(phase);
        }
        samples.Add(Stopwatch.GetElapsedTime(since, now).TotalMilliseconds);
        since = now;
    }

    public async Task RunAsync(string? query, IReadOnlyList<string> topicFilter, int size)
    {
        var index = library.Index;
        var t = Stopwatch.GetTimestamp();
        var userQuery = UserQueryParser.Parse(query);
        using var lease = index.Acquire();
        var searcher = lease.Searcher;
        var reader = searcher.IndexReader;
        BuiltQuery? built = userQuery.IsEmpty ? null : library.QueryBuilder.Build(userQuery, reader, lease.Words);
        Query q = built?.Query ?? new MatchAllDocsQuery();
        Record("parse + build query (analysis, synonyms, spelling)", ref t);

        HashSet<string>? topics = topicFilter.Count > 0 ? new(topicFilter, StringComparer.Ordinal) : null;
        var filters = new List<(FacetDimension, Func<string, bool>?)>
        {
            (FacetDimension.Topic, topics is null ? null : topics.Contains),
            (FacetDimension.Year, null), (FacetDimension.Code, null), (FacetDimension.Category, null), (FacetDimension.Source, null),
        };
        var relevance = built is not null;
        TopDocs top;
        var sort = relevance
            ? new Sort(SortField.FIELD_SCORE, new SortField(PaperFields.IdSort, SortFieldType.INT64))
            : new Sort(new SortField(PaperFields.DateSort, SortFieldType.INT64, reverse: true), new SortField(PaperFields.IdSort, SortFieldType.INT64, reverse: true));
        var collector = TopFieldCollector.Create(sort, size, false, relevance, false, false);
        var counter = new FacetCounter(reader, collector, filters);
        if (relevance && PrunedTopSearch.For(q, searcher) is { } pruned)
        {
            // As the service searches by relevance: the matches as bits, and of the hits that pass the filters only
            // those whose score bound reaches the page's threshold scored (one slice here: every segment in order).
            var slice = pruned.NewSlice(size);
            var counts = new FacetCounter(reader, FacetCounter.NoHits.Instance, filters);
            MatchSetSearch.Collect(null, QueryMatchSet.For(q, searcher), [.. reader.Leaves], counts, slice.Search);
            var prunedTop = PrunedTopSearch.Merge([slice], 0, size);
            Record("match set from postings + facet counts from it + the top hits by score bounds (PrunedTopSearch)", ref t);
            top = new TopDocs(counts.TotalHits, prunedTop, float.NaN);
            var everyHit = new FacetCounter(reader, TopFieldCollector.Create(sort, size, false, true, false, false), filters);
            MatchSetSearch.Collect(searcher.CreateNormalizedWeight(q), QueryMatchSet.For(q, searcher), [.. reader.Leaves], everyHit);
            Record(MatchSetEveryHitScored, ref t);
        }
        else if (topics is not null)
        {
            // As the service searches with a filter: the matches as bits, only the filtered hits scored.
            var weight = relevance ? searcher.CreateNormalizedWeight(q) : null;
            MatchSetSearch.Collect(weight, QueryMatchSet.For(q, searcher), [.. reader.Leaves], counter);
            var filteredTop = collector.GetTopDocs(0, size);
            Record("match set from postings + facet counts from it + score and rank the filtered hits", ref t);
            top = filteredTop;
        }
        else
        {
            searcher.Search(q, counter);
            top = collector.GetTopDocs(0, size);
            Record("match + score + top-N + facet counts (one pass)", ref t);
        }

        var ids = new List<int>(top.ScoreDocs.Length);
        var leaves = reader.Leaves;
        var scratch = new Lucene.Net.Util.BytesRef();
        foreach (var sd in top.ScoreDocs)
        {
            var leaf = leaves[Lucene.Net.Index.ReaderUtil.SubIndex(sd.Doc, leaves)];
            var local = sd.Doc - leaf.DocBase;
            ids.Add((int)leaf.AtomicReader.GetNumericDocValues(PaperFields.IdSort).Get(local));
            var topicValues = leaf.AtomicReader.GetSortedSetDocValues(PaperFields.Topic);
            if (topicValues is null) continue;
            topicValues.SetDocument(local);
            long ord;
            while ((ord = topicValues.NextOrd()) != Lucene.Net.Index.SortedSetDocValues.NO_MORE_ORDS)
            {
                topicValues.LookupOrd(ord, scratch);
                _ = scratch.Utf8ToString();
            }
        }
        Record("id + topics of the page's hits (doc values)", ref t);

        _ = counter.Results();
        Record("facet results (labels, sort)", ref t);

        var highlighter = new HitHighlighter(index.IndexAnalyzer, built is null ? null : q.Rewrite(reader), reader);
        Record("query rewrite + highlighter setup", ref t);

        await using var db = await library.Db.CreateDbContextAsync();
        var rows = await db.Papers.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id);
        Record("load page rows from SQLite (EF Core)", ref t);

        foreach (var id in ids)
        {
            if (!rows.TryGetValue(id, out var paper)) continue;
            _ = highlighter.Title(paper.Title);
            _ = highlighter.Fragments(paper.Abstract);
        }
        Record("highlight titles + abstract fragments", ref t);

        // The same search without facet counting, to show what counting costs, and cheaper ways to do the slow steps.
        var plain = TopFieldCollector.Create(sort, size, false, relevance, false, false);
        var t2 = Stopwatch.GetTimestamp();
        searcher.Search(q, plain);
        Record(CollectOnly, ref t2);
        if (topics is not null)
        {
            var everyMatch = new FacetCounter(reader, TopFieldCollector.Create(sort, size, false, relevance, false, false), filters);
            searcher.Search(q, everyMatch);
            _ = everyMatch.Results();
            Record(ScoreEveryMatch, ref t2);
            var plan = QueryMatchSet.For(q, searcher);
            foreach (var leaf in reader.Leaves)
            {
                var words = new long[BitSets.WordsFor(leaf.AtomicReader.MaxDoc)];
                plan.Evaluate(leaf, words);
            }
            Record(MatchSetOnly, ref t2);
            var unscored = new FacetCounter(reader, TopFieldCollector.Create(sort, size, false, false, false, false), filters);
            MatchSetSearch.Collect(null, QueryMatchSet.For(q, searcher), [.. reader.Leaves], unscored);
            _ = unscored.Results();
            Record(MatchSetUnscored, ref t2);
        }
        var readingCounter = new FacetCounter(reader, TopFieldCollector.Create(sort, size, false, relevance, false, false), filters, docReadCostInWords: 0);
        searcher.Search(q, readingCounter);
        _ = readingCounter.Results();
        Record(ReadEveryMatch, ref t2);
        var segmentCounter = new Alternatives.SegmentOrdinalCounter(reader, TopFieldCollector.Create(sort, size, false, relevance, false, false), Alternatives.FacetFields);
        searcher.Search(q, segmentCounter);
        segmentCounter.Finish();
        Record(SegmentCounting, ref t2);
        if (built is not null)
        {
            var termHighlighter = new Alternatives.TermHighlighter(index.IndexAnalyzer, q, reader);
            foreach (var id in ids)
                if (rows.TryGetValue(id, out var paper)) termHighlighter.Highlight(paper.Title, paper.Abstract);
            Record(TermHighlight, ref t2);
        }
        foreach (var id in ids)
            if (rows.TryGetValue(id, out var paper)) _ = library.Topics.Classify(paper.Title, paper.Abstract);
        Record(RegexTopics, ref t2);
    }

    public void Write(Report report, string title)
    {
        var phases = Phases.Where(p => !Comparisons.Contains(p.Name)).ToList();
        var total = phases.Sum(p => p.Mean);
        report.Line(title).Line();
        report.Table(["step", "p50 ms", "mean ms", "p99 ms", "share of mean"],
            Phases.Select(p => (IReadOnlyList<string>)[p.Name, Fmt.Ms(p.P50), Fmt.Ms(p.Mean), Fmt.Ms(p.P99),
                Comparisons.Contains(p.Name) ? "" : (p.Mean / total).ToString("P0", CultureInfo.InvariantCulture)]));
    }
}
