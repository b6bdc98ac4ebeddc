using Lucene.Net.Index;
using Lucene.Net.Search;
using PaperBrowser.Search;
using PaperBrowser.Search.Facets;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// The facet counter counts a segment either by reading each matched document's values or by intersecting
/// bit sets of each value's documents; both must give exactly what a plain count over the doc values gives,
/// with drill-sideways filters, on an index of several segments with deleted documents.
/// </summary>
public sealed class FacetCounterTests(FacetCounterTests.Corpus corpus) : IClassFixture<FacetCounterTests.Corpus>
{
    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Library = new SearchLibrary();
            await Library.ImportInSegmentsAsync(900, seed: 5, rewrittenFromFirstPart: 120);
        }

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    private const int AlwaysRead = 0;
    private const int AlwaysIntersect = int.MaxValue;

    [Fact]
    public void The_index_has_several_segments_deletions_and_both_kinds_of_value_set()
    {
        using var lease = corpus.Library.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count >= 3, $"expected several segments, found {reader.Leaves.Count}");
        Assert.True(reader.HasDeletions);
        var sets = SegmentValueSets.For(reader.Leaves.OrderByDescending(l => l.AtomicReader.MaxDoc).First().AtomicReader, PaperFields.Category);
        Assert.NotNull(sets);
        Assert.True(sets.DenseCount > 0, "some category should be common enough for a bit set");
        Assert.True(sets.SparseDocs > 0, "some category should be rare enough for a list of documents");
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var query in new[] { "all", "model", "graph", "rare" })
            foreach (var filter in new[] { "none", "topic", "year", "category", "topic+year", "topic+year+category+code" })
                data.Add(query, filter);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Both_ways_of_counting_match_a_plain_count(string queryName, string filterName)
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var query = QueryFor(queryName, searcher.IndexReader);
        var filters = FiltersFor(filterName, searcher);
        var expected = PlainCount(searcher, query, filters, out var expectedHits);

        foreach (var cost in new[] { AlwaysRead, FacetCounter.DefaultDocReadCostInWords, AlwaysIntersect })
        {
            var hits = TopScoreDocCollector.Create(10, docsScoredInOrder: true);
            var counter = new FacetCounter(searcher.IndexReader, hits,
                [.. filters.Select(f => (f.Dimension, f.Accepted is null ? null : (Func<string, bool>)f.Accepted.Contains))], cost);
            searcher.Search(query, counter);

            Assert.Equal(expectedHits, counter.TotalHits);
            Assert.Equal(expectedHits, hits.TotalHits);
            Assert.Equal(expected, Describe(counter.Results()));
        }
        // A rare word under several filters may leave nothing to count; everything else must count something.
        if (queryName != "rare" || filterName == "none") Assert.NotEmpty(expected);
    }

    [Fact]
    public void Counters_of_slices_add_up_to_one_counter_over_every_segment()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var query = QueryFor("model", searcher.IndexReader);
        var filters = FiltersFor("topic+year", searcher);
        var expected = PlainCount(searcher, query, filters, out var expectedHits);
        List<(FacetDimension, Func<string, bool>?)> asFilters = [.. filters.Select(f => (f.Dimension, f.Accepted is null ? null : (Func<string, bool>)f.Accepted.Contains))];

        var slices = SlicedSearch.Slices(searcher.IndexReader, 2, minDocsToSplit: 0);
        var counters = SlicedSearch.Search(searcher, query, slices,
            _ => new FacetCounter(searcher.IndexReader, TopScoreDocCollector.Create(10, true), asFilters));
        counters[0].Add(counters[1]);

        Assert.Equal(expectedHits, counters[0].TotalHits);
        Assert.Equal(expected, Describe(counters[0].Results()));
    }

    private static Query QueryFor(string name, IndexReader reader) => name switch
    {
        "all" => new MatchAllDocsQuery(),
        "model" => new TermQuery(new Term(PaperFields.Abstract, "model")),
        "graph" => new BooleanQuery
        {
            { new TermQuery(new Term(PaperFields.Abstract, "graph")), Occur.SHOULD },
            { new TermQuery(new Term(PaperFields.Title, "graph")), Occur.SHOULD },
        },
        // A word in a handful of papers: few matches in large segments, where reading beats intersecting.
        _ => new TermQuery(RareTerm(reader)),
    };

    private static Term RareTerm(IndexReader reader)
    {
        var terms = MultiFields.GetTerms(reader, PaperFields.Abstract).GetEnumerator();
        while (terms.MoveNext())
            if (terms.DocFreq is >= 3 and <= 6) return new Term(PaperFields.Abstract, terms.Term.Utf8ToString());
        throw new InvalidOperationException("no rare word in the corpus");
    }

    private sealed record Filter(FacetDimension Dimension, HashSet<string>? Accepted);

    /// <summary>Filters on the most common values, so every filter keeps some papers and drops others.</summary>
    private static List<Filter> FiltersFor(string name, IndexSearcher searcher)
    {
        var all = FacetCounter.ForAllDocuments(searcher, FacetDimension.All);
        HashSet<string>? Top(FacetDimension dim, int count, int skip = 0) =>
            name.Split('+').Contains(dim.Parameter)
                ? [.. all.Single(f => f.Name == dim.Parameter).Values.OrderByDescending(v => v.Count).Skip(skip).Take(count).Select(v => v.Value)]
                : null;
        return
        [
            new(FacetDimension.Topic, Top(FacetDimension.Topic, 2, skip: 1)),
            new(FacetDimension.Year, Top(FacetDimension.Year, 3)),
            new(FacetDimension.Code, Top(FacetDimension.Code, 1)),
            new(FacetDimension.Category, Top(FacetDimension.Category, 2, skip: 2)),
            new(FacetDimension.Source, null),
        ];
    }

    /// <summary>The counts in plain C#: every live matching document's values read from doc values, drill-sideways applied by hand.</summary>
    private static List<string> PlainCount(IndexSearcher searcher, Query query, List<Filter> filters, out int hits)
    {
        var matched = new List<(AtomicReader Reader, int Doc)>();
        searcher.Search(query, new MatchCollector(matched));
        var counts = filters.ToDictionary(f => f.Dimension.Parameter, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        hits = 0;
        foreach (var (reader, doc) in matched)
        {
            var values = filters.Select(f => ValuesOf(reader, f.Dimension.Field, doc)).ToList();
            var fails = filters.Select((f, i) => f.Accepted is not null && !values[i].Any(f.Accepted.Contains)).ToList();
            if (fails.Count(x => x) == 0) hits++;
            for (var i = 0; i < filters.Count; i++)
            {
                // Counts for a facet when every other facet's filter passes.
                if (fails.Where((_, j) => j != i).Any(x => x)) continue;
                foreach (var value in values[i])
                    counts[filters[i].Dimension.Parameter][value] = counts[filters[i].Dimension.Parameter].GetValueOrDefault(value) + 1;
            }
        }
        return [.. filters.SelectMany(f => counts[f.Dimension.Parameter].OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{f.Dimension.Parameter}:{kv.Key}={kv.Value}"))];
    }

    private static List<string> Describe(List<FacetResult> results) =>
        [.. results.SelectMany(r => r.Values.Where(v => v.Count > 0).OrderBy(v => v.Value, StringComparer.Ordinal).Select(v => $"{r.Name}:{v.Value}={v.Count}"))];

    private static List<string> ValuesOf(AtomicReader reader, string field, int doc)
    {
        var values = reader.GetSortedSetDocValues(field);
        if (values is null) return [];
        var labels = new List<string>();
        values.SetDocument(doc);
        var scratch = new Lucene.Net.Util.BytesRef();
        long ord;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
        {
            values.LookupOrd(ord, scratch);
            labels.Add(scratch.Utf8ToString());
        }
        return labels;
    }

    private sealed class MatchCollector(List<(AtomicReader Reader, int Doc)> matched) : ICollector
    {
        private AtomicReader _reader = null!;
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void SetNextReader(AtomicReaderContext context) => _reader = context.AtomicReader;
        public void Collect(int doc) => matched.Add((_reader, doc));
    }
}
