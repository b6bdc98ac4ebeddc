using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBrowser.Search;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Ranking;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// The pruned search skips documents whose score bound cannot reach the k-th best hit. It must answer exactly what
/// scoring every match answers (same papers, same scores, same order) on an index of several segments with deleted
/// documents, and its bounds must hold for every match: a bound under a real score would lose a hit silently.
/// </summary>
public sealed class PrunedTopSearchTests(PrunedTopSearchTests.Corpus corpus) : IClassFixture<PrunedTopSearchTests.Corpus>
{
    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;

        /// <summary>The same index and database, every match scored and collected.</summary>
        public PaperSearchService ScoringEveryMatch { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Library = new SearchLibrary(o => { o.SearchThreads = 2; o.ParallelSearchMinPapers = 0; });
            await Library.ImportInSegmentsAsync(1200, seed: 23, rewrittenFromFirstPart: 150);
            ScoringEveryMatch = Library.NewSearchScoringEveryMatch();
        }

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    /// <summary>
    /// Queries of one to three words drawn from the index's own vocabulary, common to rare (as the scale benchmark
    /// draws them), plus the shapes people type: excluded and required words, OR, field words, acronyms.
    /// </summary>
    private static List<string> Queries(IndexReader reader, int count, int seed)
    {
        var terms = MultiFields.GetTerms(reader, PaperFields.Abstract).GetEnumerator();
        var words = new List<(string Word, int DocFreq)>();
        while (terms.MoveNext())
        {
            var word = terms.Term.Utf8ToString();
            if (word.Length >= 3 && word.All(char.IsAsciiLetterLower)) words.Add((word, terms.DocFreq));
        }
        words.Sort((a, b) => b.DocFreq.CompareTo(a.DocFreq));
        var random = new Random(seed);
        // Half from the 200 most common words (long postings: where pruning matters), half from anywhere.
        string Word() => words[random.Next(2) == 0 ? random.Next(Math.Min(200, words.Count)) : random.Next(words.Count)].Word;
        var queries = new List<string>();
        for (var i = 0; i < count; i++)
            queries.Add(string.Join(' ', Enumerable.Range(0, 1 + i % 3).Select(_ => Word())));
        // A fuzzy word is rewritten to the words it stands for, which are terms like any other.
        queries.AddRange(["modle~1 data", "learning -model", "+network data", "graph OR image training", "title:learning model", "CNN image", "LLM reasoning tasks", "the of model"]);
        return queries;
    }

    [Fact]
    public void Top_hits_are_those_of_scoring_every_match()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var builder = corpus.Library.Services.GetRequiredService<PaperQueryBuilder>();
        var slices = SlicedSearch.Slices(searcher.IndexReader, 2, minDocsToSplit: 0);
        Assert.Equal(2, slices.Count);
        Assert.True(searcher.IndexReader.HasDeletions);

        var pruned = 0;
        var compared = 0;
        // And titles typed whole, whose query gains the exact-title clause.
        var titles = Enumerable.Range(0, 20).Select(i => searcher.IndexReader.Document(i * 37).Get(PaperFields.StoredTitle)).ToList();
        Assert.All(titles, Assert.NotNull);
        foreach (var text in Queries(searcher.IndexReader, 150, seed: 5).Concat(titles))
        {
            var query = builder.Build(UserQueryParser.Parse(text), searcher.IndexReader, lease.Words).Query;
            var search = PrunedTopSearch.For(query, searcher);
            if (search is null) continue;
            foreach (var (start, count) in new[] { (0, 10), (20, 15) })
            {
                var expected = searcher.Search(query, null, start + count, RelevanceTop.Order, doDocScores: true, doMaxScore: false).ScoreDocs.Skip(start).ToList();
                var actual = PrunedTopSearch.For(query, searcher)!.Top(slices, start, count);
                Assert.True(expected.Select(d => (d.Doc, d.Score)).SequenceEqual(actual.Select(d => (d.Doc, d.Score))),
                    $"[{text}] hits {start}..{start + count}: expected {string.Join(' ', expected.Select(d => $"{d.Doc}:{d.Score}"))}, got {string.Join(' ', actual.Select(d => $"{d.Doc}:{d.Score}"))}");
                compared++;
            }
            var matches = searcher.Search(query, 1).TotalHits;
            search.Top(slices, 0, 10);
            if (search.Scored < matches) pruned++;
        }
        Assert.True(compared >= 250, $"only {compared} comparisons: too many queries fell back");
        // The pruning must actually happen, or this test would only compare Lucene with itself.
        Assert.True(pruned >= 40, $"only {pruned} queries scored fewer documents than they match");
    }

    [Fact]
    public void Every_match_scores_within_the_bound_of_the_terms_it_holds()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var builder = corpus.Library.Services.GetRequiredService<PaperQueryBuilder>();
        var checkedMatches = 0;
        var tighter = 0;
        var phrases = 0;
        foreach (var text in Queries(searcher.IndexReader, 30, seed: 9).Concat(["\"neural network\" model", "graph neural networks", "learning to learn"]))
        {
            var query = searcher.Rewrite(builder.Build(UserQueryParser.Parse(text), searcher.IndexReader, lease.Words).Query);
            if (ScoreBounds.For(query, searcher) is not { } bounds) continue;
            phrases += bounds.Phrases.Length;
            var weight = searcher.CreateNormalizedWeight(query);
            var similarity = (Lucene.Net.Search.Similarities.BM25Similarity)searcher.Similarity;
            var averageLengths = bounds.Terms.Select(t => t.Field).Distinct().ToDictionary(f => f, f =>
            {
                var stats = searcher.CollectionStatistics(f);
                return (float)(stats.SumTotalTermFreq / (double)stats.MaxDoc);
            });
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var postings = bounds.Terms.Select(t => leaf.AtomicReader.GetTermDocsEnum(t)).ToArray();
                var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                if (scorer is null) continue;
                var document = new DocumentFactors(bounds, leaf.AtomicReader, similarity.K1, similarity.B, averageLengths);
                var freqs = new int[postings.Length];
                int doc;
                while ((doc = scorer.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    var mask = 0;
                    for (var t = 0; t < postings.Length; t++)
                    {
                        freqs[t] = 0;
                        if (postings[t] is not { } p || (p.DocID < doc && p.Advance(doc) < doc) || p.DocID != doc) continue;
                        mask |= 1 << t;
                        freqs[t] = p.Freq;
                    }
                    var score = scorer.GetScore();
                    Assert.True(score <= bounds.Of(mask), $"[{text}] doc {doc}: score {score} over its bound {bounds.Of(mask)}");
                    // The document's own bound, from its frequencies and field lengths, must hold too.
                    document.For(doc, mask, freqs);
                    var own = bounds.Of(document.TermFactors, document.PhraseFactors);
                    Assert.True(score <= own, $"[{text}] doc {doc}: score {score} over its document bound {own}");
                    if (own < bounds.Of(mask) * 0.8f) tighter++;
                    // No bound for the terms it lacks: a match needs some of them.
                    Assert.True(bounds.Of(0) == 0);
                    checkedMatches++;
                }
            }
        }
        Assert.True(checkedMatches > 5_000, $"only {checkedMatches} matches checked");
        Assert.True(phrases > 30, $"only {phrases} phrases bounded");
        // The document bound must say more than the terms' ceilings, or it would prune nothing more.
        Assert.True(tighter > checkedMatches / 2, $"only {tighter} of {checkedMatches} matches have a document bound under 80% of their ceiling bound");
    }

    [Fact]
    public void A_terms_window_bound_holds_for_every_document_in_the_window()
    {
        using var lease = corpus.Library.Index.Acquire();
        var searcher = lease.Searcher;
        var reader = searcher.IndexReader;
        var checkedDocs = 0;
        var underCeiling = 0;
        foreach (var (field, word) in new[] { (PaperFields.Abstract, "model"), (PaperFields.Abstract, "learn"), (PaperFields.Title, "network"), (PaperFields.Abstract, "graph") })
        {
            var term = new Term(field, word);
            var query = new TermQuery(term) { Boost = 1.7f };
            var bounds = ScoreBounds.For(query, searcher)!;
            var weight = searcher.CreateNormalizedWeight(query);
            var stats = searcher.CollectionStatistics(field);
            var averageLength = (float)(stats.SumTotalTermFreq / (double)stats.MaxDoc);
            var similarity = (Lucene.Net.Search.Similarities.BM25Similarity)searcher.Similarity;
            foreach (var leaf in reader.Leaves)
            {
                var windows = TermWindows.For(leaf.AtomicReader, term);
                Assert.NotNull(windows);
                var factors = windows.Factors(similarity.K1, similarity.B, averageLength);
                var scorer = weight.GetScorer(leaf, null)!;
                int doc;
                while ((doc = scorer.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    var at = Array.IndexOf(windows.Windows, doc >> TermWindows.WindowShift);
                    Assert.True(at >= 0, $"{term}: doc {doc} is in no window of the term");
                    var bound = bounds.Of([factors[at]]);
                    var score = scorer.GetScore();
                    Assert.True(score <= bound, $"{term} doc {doc}: score {score} over the window's bound {bound}");
                    if (bound < bounds.Of(1) * 0.9f) underCeiling++;
                    checkedDocs++;
                }
            }
        }
        Assert.True(checkedDocs > 1000, $"only {checkedDocs} documents checked");
        // The windows must say more than the ceiling does, or they would prune nothing.
        Assert.True(underCeiling > checkedDocs / 2, $"only {underCeiling} of {checkedDocs} documents have a window bound under 90% of the ceiling");
    }

    [Theory]
    [InlineData("netw* model")]
    [InlineData("\"neural networks\"")]
    [InlineData("\"model training\" \"neural networks\"")]
    public void Queries_whose_score_has_no_bound_are_left_to_Lucene(string text)
    {
        using var lease = corpus.Library.Index.Acquire();
        var builder = corpus.Library.Services.GetRequiredService<PaperQueryBuilder>();
        var query = builder.Build(UserQueryParser.Parse(text), lease.Searcher.IndexReader, lease.Words).Query;
        Assert.Null(PrunedTopSearch.For(query, lease.Searcher));
        Assert.Null(PrunedTopSearch.For(new MatchAllDocsQuery(), lease.Searcher));
        // The app's entry point still answers them, by scoring every match.
        var slices = SlicedSearch.Slices(lease.Searcher.IndexReader, 2, minDocsToSplit: 0);
        var expected = lease.Searcher.Search(query, null, 10, RelevanceTop.Order, doDocScores: true, doMaxScore: false).ScoreDocs;
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(d => (d.Doc, d.Score)), RelevanceTop.Find(lease.Searcher, query, slices, 0, 10).Select(d => (d.Doc, d.Score)));
    }

    [Theory]
    [InlineData("learning", 1, false)]
    [InlineData("neural networks", 1, false)]
    [InlineData("neural networks", 3, false)]
    [InlineData("model training data", 2, false)]
    [InlineData("networks -graph", 1, false)]
    [InlineData("zzzqqq learning model", 1, false)]
    [InlineData("learning", 1, true)]
    [InlineData("neural networks", 2, true)]
    [InlineData("model training data", 1, true)]
    public async Task The_search_page_by_relevance_answers_as_scoring_every_match_does(string query, int page, bool twoTopics)
    {
        var request = new SearchRequest { Query = query, Page = page, Size = 10 };
        if (twoTopics)
        {
            // The search page's usual view: two topics selected, so only some matches may be hits.
            var all = await corpus.ScoringEveryMatch.SearchAsync(request);
            request = request with { Topics = [.. all.Facets.Single(f => f.Name == "topic").Values.OrderByDescending(v => v.Count).Take(2).Select(v => v.Value)] };
        }
        var pruned = await corpus.Library.SearchAsync(request);
        var scored = await corpus.ScoringEveryMatch.SearchAsync(request);
        Assert.True(scored.Total > 10 * page, $"{query} should fill page {page}");
        Assert.Equal(scored.Total, pruned.Total);
        Assert.Equal(scored.Hits.Select(h => (h.Id, h.Score)), pruned.Hits.Select(h => (h.Id, h.Score)));
        Assert.Equal(scored.Facets.SelectMany(f => f.Values.Select(v => $"{f.Name}:{v.Value}={v.Count}")),
            pruned.Facets.SelectMany(f => f.Values.Select(v => $"{f.Name}:{v.Value}={v.Count}")));
        Assert.Equal(scored.Messages, pruned.Messages);
    }
}
