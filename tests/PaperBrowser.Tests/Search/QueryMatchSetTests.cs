using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBrowser.Search;
using PaperBrowser.Search.Matching;
using PaperBrowser.Search.Querying;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// A search with facet filters, or ordered by date or title, takes its matches as bit sets from the terms' postings
/// and scores only the hits. The sets must be exactly what Lucene's scorers match, segment by segment, on an index
/// of several segments with deleted documents, and the search must answer exactly what scoring every match answers.
/// </summary>
public sealed class QueryMatchSetTests(QueryMatchSetTests.Corpus corpus) : IClassFixture<QueryMatchSetTests.Corpus>
{
    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;

        /// <summary>The same index and database, every match scored and collected (the way before match sets).</summary>
        public PaperSearchService ScoringEveryMatch { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // Split over two threads so both the slices and the merge of their counts are exercised.
            Library = new SearchLibrary(o => { o.SearchThreads = 2; o.ParallelSearchMinPapers = 0; });
            await Library.ImportInSegmentsAsync(900, seed: 23, rewrittenFromFirstPart: 150);

            ScoringEveryMatch = Library.NewSearchScoringEveryMatch();
        }

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    [Fact]
    public void The_index_has_several_segments_and_deletions()
    {
        using var lease = corpus.Library.Index.Acquire();
        Assert.True(lease.Searcher.IndexReader.Leaves.Count >= 3, $"expected several segments, found {lease.Searcher.IndexReader.Leaves.Count}");
        Assert.True(lease.Searcher.IndexReader.HasDeletions);
    }

    /// <summary>
    /// What people type: plain words (all, or most of them from three on), required and excluded words, OR, field
    /// words, misspellings (all set algebra over terms), and acronyms, phrases, prefixes and fuzzy words (parts
    /// matched by their own scorer).
    /// </summary>
    [Theory]
    [InlineData("model", true)]
    [InlineData("neural networks", true)]
    [InlineData("model training data", true)]
    [InlineData("learning model data network training", true)]
    [InlineData("graph OR image", true)]
    [InlineData("(graph OR image) learning", true)]
    [InlineData("networks -graph", true)]
    [InlineData("+learning model", true)]
    [InlineData("learning NOT model NOT data", true)]
    [InlineData("lerning modle", true)]
    [InlineData("the of", true)]
    [InlineData("title:learning abstract:data", true)]
    [InlineData("CNN", false)]
    [InlineData("LLM reasoning", false)]
    [InlineData("\"neural networks\"", false)]
    [InlineData("learning -\"neural networks\"", false)]
    [InlineData("netw* model", false)]
    [InlineData("modle~1 data", false)]
    public void Queries_the_app_builds_have_the_match_set_Lucene_finds(string text, bool termsOnly)
    {
        using var lease = corpus.Library.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        var builder = corpus.Library.Services.GetRequiredService<PaperQueryBuilder>();
        var built = builder.Build(UserQueryParser.Parse(text), reader, lease.Words);

        Assert.Equal(termsOnly, QueryMatchSet.For(built.Query, lease.Searcher).IsTermsOnly);
        var matched = AssertSameSets(lease.Searcher, built.Query);
        Assert.True(matched > 0, $"\"{text}\" should match some papers: {built.Query}");

        // The relaxed form shown when nothing has all the words: at least one of them.
        var relaxed = builder.Build(UserQueryParser.Parse(text), reader, lease.Words, relaxed: true);
        AssertSameSets(lease.Searcher, relaxed.Query);
    }

    [Fact]
    public void Set_algebra_matches_Lucene_for_every_kind_of_clause()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        Query T(string field, string text) => new TermQuery(new Term(field, text));
        var model = T(PaperFields.Abstract, "model");
        var data = T(PaperFields.Abstract, "data");
        var learning = T(PaperFields.Abstract, "learning");
        var graph = T(PaperFields.Title, "graph");
        var absent = T("no-such-field", "model");

        BooleanQuery Bool(int minimum, params (Query Query, Occur Occur)[] clauses)
        {
            var query = new BooleanQuery { MinimumNumberShouldMatch = minimum };
            foreach (var (q, occur) in clauses) query.Add(q, occur);
            return query;
        }

        Query[] queries =
        [
            model,
            absent,
            new MatchAllDocsQuery(),
            Bool(2, (model, Occur.SHOULD), (data, Occur.SHOULD), (learning, Occur.SHOULD)),
            Bool(3, (model, Occur.SHOULD), (data, Occur.SHOULD), (learning, Occur.SHOULD), (graph, Occur.SHOULD)),
            Bool(1, (learning, Occur.MUST), (model, Occur.SHOULD), (graph, Occur.SHOULD)),
            Bool(0, (learning, Occur.MUST), (graph, Occur.SHOULD)), // SHOULD beside MUST only scores
            Bool(0, (learning, Occur.MUST), (new PhraseQuery { new Term(PaperFields.Abstract, "deep"), new Term(PaperFields.Abstract, "learning") }, Occur.SHOULD)),
            Bool(0, (model, Occur.SHOULD), (graph, Occur.SHOULD), (data, Occur.MUST_NOT)),
            Bool(0, (model, Occur.MUST_NOT)), // only exclusions: nothing
            Bool(3, (model, Occur.SHOULD), (data, Occur.SHOULD)), // a minimum above the clauses there are: nothing
            Bool(0, (new MatchAllDocsQuery(), Occur.MUST), (model, Occur.MUST_NOT), (absent, Occur.MUST_NOT)),
            new DisjunctionMaxQuery(0.1f) { graph, Bool(0, (model, Occur.MUST), (data, Occur.MUST)), absent },
            new DisjunctionMaxQuery(0.1f),
            Bool(2, (new DisjunctionMaxQuery(0.1f) { model, T(PaperFields.Title, "model") }, Occur.SHOULD),
                    (new DisjunctionMaxQuery(0.1f) { data, T(PaperFields.Title, "data") }, Occur.SHOULD),
                    (Bool(0, (learning, Occur.SHOULD), (graph, Occur.SHOULD)), Occur.SHOULD)),
        ];

        var sizes = new List<int>();
        foreach (var query in queries)
        {
            // The phrase beside a MUST clause only scores, so it is left out of the set.
            Assert.True(QueryMatchSet.For(query, searcher).IsTermsOnly, $"{query} should be set algebra over terms");
            sizes.Add(AssertSameSets(searcher, query));
        }
        // The cases differ: some match nothing, some most papers, some in between.
        Assert.Contains(0, sizes);
        Assert.Contains(searcher.IndexReader.NumDocs, sizes);
        Assert.Contains(sizes, s => s > 0 && s < searcher.IndexReader.NumDocs);
    }

    [Fact]
    public void Phrases_prefixes_and_fuzzy_words_are_matched_by_their_own_scorer()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var phrase = new PhraseQuery { new Term(PaperFields.Abstract, "neural"), new Term(PaperFields.Abstract, "network") };
        var sloppy = new PhraseQuery { Slop = 3 };
        sloppy.Add(new Term(PaperFields.Abstract, "model"));
        sloppy.Add(new Term(PaperFields.Abstract, "data"));
        var model = new TermQuery(new Term(PaperFields.Abstract, "model"));
        Query[] queries =
        [
            phrase,
            sloppy,
            new PrefixQuery(new Term(PaperFields.Abstract, "mod")),
            new FuzzyQuery(new Term(PaperFields.Abstract, "modle")),
            new BooleanQuery { { model, Occur.MUST }, { phrase, Occur.MUST } },
            new BooleanQuery { { model, Occur.SHOULD }, { phrase, Occur.SHOULD } },
            new BooleanQuery { { model, Occur.MUST }, { sloppy, Occur.MUST_NOT } },
            new DisjunctionMaxQuery(0.1f) { new TermQuery(new Term(PaperFields.Title, "graph")), phrase },
        ];
        var sizes = new List<int>();
        foreach (var query in queries)
        {
            Assert.False(QueryMatchSet.For(query, searcher).IsTermsOnly);
            sizes.Add(AssertSameSets(searcher, query));
        }
        Assert.All(sizes, s => Assert.InRange(s, 1, searcher.IndexReader.NumDocs - 1));
    }

    public static TheoryData<string?, SearchSort?, int, string> Searches() => new()
    {
        { "learning", null, 1, "topic" },
        { "learning", null, 3, "topic" },
        { "neural networks", null, 1, "topic+topic" },
        { "model training data", null, 1, "topic+year" },
        { "graph OR image", null, 2, "category" },
        { "networks -graph", SearchSort.Relevance, 1, "topic+year+category" },
        { "learning", SearchSort.Newest, 1, "none" },
        { "learning", SearchSort.Newest, 4, "topic" },
        { "model", SearchSort.Oldest, 2, "none" },
        { "model", SearchSort.Title, 1, "year" },
        { "learning", SearchSort.Upvotes, 1, "topic" }, // upvotes, then score: scores are needed
        { "\"neural networks\"", null, 1, "topic" }, // a phrase: matched by its own scorer
        { "CNN", null, 1, "topic" }, // an acronym with its long form as a phrase
        { null, SearchSort.Relevance, 1, "topic" },
        { null, SearchSort.Newest, 2, "topic+year" },
        { "zzzqqq learning model", null, 1, "topic" }, // relaxed: at least one word
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task Search_answers_as_scoring_every_match_does(string? query, SearchSort? sort, int page, string filters)
    {
        var unfiltered = await corpus.ScoringEveryMatch.SearchAsync(new SearchRequest { Query = query });
        var request = new SearchRequest { Query = query, Sort = sort, Page = page, Size = 10 };
        string[] Top(string name, int skip, int take) =>
            [.. unfiltered.Facets.Single(f => f.Name == name).Values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Skip(skip).Take(take).Select(v => v.Value)];
        var names = filters.Split('+');
        if (names.Contains("topic")) request = request with { Topics = Top("topic", 0, names.Count(n => n == "topic")) };
        if (names.Contains("category")) request = request with { Categories = Top("category", 1, 2) };
        if (names.Contains("year"))
        {
            var year = int.Parse(Top("year", 0, 1)[0]);
            request = request with { YearFrom = year - 1, YearTo = year };
        }

        var withSets = await corpus.Library.SearchAsync(request);
        var scored = await corpus.ScoringEveryMatch.SearchAsync(request);

        Assert.True(scored.Total > 0, $"{query} with {filters} should match something");
        if (filters != "none") Assert.True(scored.Total < unfiltered.Total, "the filters should leave some matches out");
        Assert.NotEmpty(scored.Hits);
        Assert.Equal(scored.Total, withSets.Total);
        Assert.Equal(scored.Hits.Select(h => (h.Id, h.Score)), withSets.Hits.Select(h => (h.Id, h.Score)));
        Assert.Equal(Describe(scored), Describe(withSets));
        Assert.Equal(scored.Messages, withSets.Messages);
    }

    private static List<string> Describe(SearchResponse response) =>
        [.. response.Facets.SelectMany(f => f.Values.Select(v => $"{f.Name}:{v.Value}={v.Count}{(v.Selected ? "*" : "")}"))];

    /// <summary>Per segment, the set equals the live documents Lucene's scorer matches; returns how many match in all.</summary>
    private static int AssertSameSets(IndexSearcher searcher, Query query)
    {
        var expected = new Dictionary<int, List<int>>();
        searcher.Search(query, new MatchCollector(expected));
        var total = 0;
        var plan = QueryMatchSet.For(query, searcher);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var words = new long[BitSets.WordsFor(leaf.AtomicReader.MaxDoc)];
            var count = plan.Evaluate(leaf, words);
            var docs = new List<int>();
            for (var doc = 0; doc < words.Length * 64; doc++)
                if ((words[doc >> 6] & (1L << doc)) != 0) docs.Add(doc);
            var lucene = expected.GetValueOrDefault(leaf.Ord, []);
            lucene.Sort();
            Assert.True(lucene.SequenceEqual(docs), $"segment {leaf.Ord} of {query}: Lucene matches {lucene.Count}, the set holds {docs.Count}");
            Assert.Equal(docs.Count, count);
            total += count;
        }
        return total;
    }

    private sealed class MatchCollector(Dictionary<int, List<int>> matched) : ICollector
    {
        private List<int> _docs = null!;
        public bool AcceptsDocsOutOfOrder => true;
        public void SetScorer(Scorer scorer) { }
        public void SetNextReader(AtomicReaderContext context)
        {
            if (!matched.TryGetValue(context.Ord, out var docs)) matched[context.Ord] = docs = [];
            _docs = docs;
        }
        public void Collect(int doc) => _docs.Add(doc);
    }
}
