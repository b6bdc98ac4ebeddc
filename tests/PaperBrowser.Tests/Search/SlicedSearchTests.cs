using Lucene.Net.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBrowser.Search;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// A search split over groups of segments must answer exactly what one thread answers: the same total, the same
/// hits in the same order with the same scores, the same facet counts, on every sort and page. The index is
/// written in four commits (four segments) from a generated corpus, and splitting is forced on it (the app only
/// splits indexes of 50,000 papers or more).
/// </summary>
public sealed class SlicedSearchTests(SlicedSearchTests.Corpus corpus) : IClassFixture<SlicedSearchTests.Corpus>
{
    public const int Threads = 3;

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;

        /// <summary>The same index and database searched on one thread only.</summary>
        public PaperSearchService OneThread { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Library = new SearchLibrary(o => { o.SearchThreads = Threads; o.ParallelSearchMinPapers = 0; });
            // One rebuild, then three updates: each commit adds a segment.
            await Library.ImportInSegmentsAsync(1200, seed: 11);
            OneThread = ActivatorUtilities.CreateInstance<PaperSearchService>(Library.Services,
                Options.Create(new PaperBrowserOptions { DataDirectory = Library.Options.DataDirectory, SearchThreads = 1 }));
        }

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    [Fact]
    public void Segments_are_grouped_evenly_and_each_searched_once()
    {
        using var lease = corpus.Library.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count >= 4, $"the fixture should write several segments, found {reader.Leaves.Count}");

        var slices = SlicedSearch.Slices(reader, Threads, minDocsToSplit: 0);

        Assert.Equal(Threads, slices.Count);
        Assert.All(slices, s => Assert.NotEmpty(s));
        Assert.Equal(reader.Leaves.Select(l => l.Ord).Order(), slices.SelectMany(s => s).Select(l => l.Ord).Order());
        var sizes = slices.Select(s => s.Sum(l => l.AtomicReader.MaxDoc)).ToList();
        var largestSegment = reader.Leaves.Max(l => l.AtomicReader.MaxDoc);
        Assert.True(sizes.Max() - sizes.Min() <= largestSegment, $"slices of {string.Join(", ", sizes)} documents are not balanced");
    }

    [Fact]
    public void A_small_index_or_one_thread_is_not_split()
    {
        using var lease = corpus.Library.Index.Acquire();
        var reader = lease.Searcher.IndexReader;

        Assert.Single(SlicedSearch.Slices(reader, Threads, minDocsToSplit: reader.MaxDoc + 1));
        Assert.Single(SlicedSearch.Slices(reader, 1, minDocsToSplit: 0));
        Assert.Equal(reader.Leaves.Count, SlicedSearch.Slices(reader, 1, minDocsToSplit: 0)[0].Count);
    }

    public static TheoryData<string?, SearchSort?, int> Searches() => new()
    {
        { "learning", null, 1 },
        { "learning", null, 4 },
        { "neural networks", null, 1 },
        { "model training data", null, 2 },
        { "\"neural networks\"", null, 1 },
        { "graph OR image", SearchSort.Newest, 3 },
        { "learning", SearchSort.Oldest, 2 },
        { "learning", SearchSort.Upvotes, 1 },
        { "learning", SearchSort.Title, 5 },
        { null, SearchSort.Relevance, 2 },
        { null, SearchSort.Title, 7 },
        { "networks -graph", null, 1 },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Split_search_answers_as_one_thread_does(string? query, SearchSort? sort, int page)
    {
        var request = new SearchRequest { Query = query, Sort = sort, Page = page, Size = 10 };

        var split = await corpus.Library.SearchAsync(request);
        var single = await corpus.OneThread.SearchAsync(request);

        Assert.True(split.Total > 30, $"\"{query}\" should match enough papers to fill several pages, matched {split.Total}");
        AssertSame(single, split);
    }

    [Theory]
    [InlineData("learning")]
    [InlineData("neural networks")]
    public async Task Split_search_counts_facets_with_filters_as_one_thread_does(string query)
    {
        var unfiltered = await corpus.OneThread.SearchAsync(new SearchRequest { Query = query });
        var topic = unfiltered.Facets.Single(f => f.Name == "topic").Values.OrderByDescending(v => v.Count).First().Value;
        var year = unfiltered.Facets.Single(f => f.Name == "year").Values.OrderByDescending(v => v.Count).First().Value;
        var request = new SearchRequest { Query = query, Topics = [topic], YearFrom = int.Parse(year), YearTo = int.Parse(year) + 2 };

        var split = await corpus.Library.SearchAsync(request);
        var single = await corpus.OneThread.SearchAsync(request);

        Assert.InRange(split.Total, 1, unfiltered.Total - 1);
        AssertSame(single, split);
    }

    [Fact]
    public async Task Related_papers_are_the_same_split_or_not()
    {
        foreach (var id in new[] { 1, 250, 700 })
        {
            var split = await corpus.Library.Search.RelatedAsync(id);
            var single = await corpus.OneThread.RelatedAsync(id);
            Assert.NotNull(split);
            Assert.NotEmpty(split);
            Assert.Equal(single!.Select(h => (h.Id, h.Score)), split.Select(h => (h.Id, h.Score)));
        }
    }

    [Fact]
    public void Top_hits_of_the_slices_merge_into_the_searchers_own_top_hits()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var query = new TermQuery(new Lucene.Net.Index.Term(PaperFields.Abstract, "model"));
        var sort = new Sort(SortField.FIELD_SCORE, new SortField(PaperFields.IdSort, SortFieldType.INT64));

        var expected = searcher.Search(query, null, 25, sort, doDocScores: true, doMaxScore: false);
        var merged = SlicedSearch.Top(searcher, query, SlicedSearch.Slices(searcher.IndexReader, Threads, 0), 5, 20, sort);

        Assert.Equal(expected.TotalHits, merged.TotalHits);
        Assert.Equal(expected.ScoreDocs.Skip(5).Select(d => (d.Doc, d.Score)), merged.ScoreDocs.Select(d => (d.Doc, d.Score)));
    }

    private static void AssertSame(SearchResponse expected, SearchResponse actual)
    {
        Assert.Equal(expected.Total, actual.Total);
        Assert.NotEmpty(actual.Hits);
        Assert.Equal(expected.Hits.Select(h => (h.Id, h.Score)), actual.Hits.Select(h => (h.Id, h.Score)));
        Assert.Equal(Describe(expected.Facets), Describe(actual.Facets));
    }

    private static List<string> Describe(IReadOnlyList<FacetResult> facets) =>
        [.. facets.SelectMany(f => f.Values.Select(v => $"{f.Name}:{v.Value}={v.Count}{(v.Selected ? "*" : "")}"))];
}
