using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search.Facets;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Search.Matching;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Ranking;
using PaperBrowser.Search.Results;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Search;

/// <summary>
/// Search, related papers and suggestions. Lucene finds and ranks paper ids; the database
/// supplies the rows shown for them.
/// </summary>
public sealed class PaperSearchService(
    PaperIndex index,
    PaperQueryBuilder queryBuilder,
    TopicTaxonomy topics,
    IDbContextFactory<PaperDbContext> dbFactory,
    IOptions<PaperBrowserOptions> options,
    ILogger<PaperSearchService> logger)
{
    private readonly int _threads = options.Value.EffectiveSearchThreads;
    private readonly int _minPapersToSplit = options.Value.ParallelSearchMinPapers;

    /// <summary>How this reader's segments are grouped for one search (one group when the index is small).</summary>
    private IReadOnlyList<IReadOnlyList<AtomicReaderContext>> Slices(IndexReader reader) =>
        SlicedSearch.Slices(reader, _threads, _minPapersToSplit);

    public const int RelatedCount = 8;

    /// <summary>
    /// Whether a search with facet filters or an order without scores takes its matches from the terms' postings as
    /// bits (<see cref="QueryMatchSet"/>) instead of scoring every match; tests turn it off to compare the two.
    /// </summary>
    internal bool UseMatchSets { get; set; } = true;

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var size = Math.Clamp(request.Size, 1, SearchRequest.MaxSize);
        var page = Math.Clamp(request.Page, 1, Math.Max(1, SearchRequest.MaxDepth / size));
        var sort = request.EffectiveSort;
        var userQuery = UserQueryParser.Parse(request.Query);
        var messages = new List<string>(userQuery.Messages);
        if (userQuery.SearchedAsPlainText)
            logger.LogInformation("Query {Query} had a syntax error and was searched as plain text", request.Query);

        List<IndexHit> pageHits;
        int total;
        List<FacetResult> facets;
        BuiltQuery? built = null;
        HitHighlighter highlighter;
        List<SearchHit> hits;

        using (var lease = index.Acquire())
        {
            var searcher = lease.Searcher;
            Query query = new MatchAllDocsQuery();
            if (!userQuery.IsEmpty)
            {
                built = queryBuilder.Build(userQuery, searcher.IndexReader, lease.Words);
                messages.AddRange(built.Messages);
                query = built.Query;
                if (built.MatchesEverything) messages.Add("Your query has only very common words (such as \"the\" or \"of\"), so all papers are shown.");
            }

            var filters = Filters(request);
            (pageHits, total, facets) = Collect(searcher, query, filters, sort, page, size);

            // Nothing has a long form written out as a phrase (or its acronym) with the other words: search for all its
            // words apart. "reinforcement learning from human feedback" then finds papers that say "human feedback
            // steers reinforcement learning".
            if (total == 0 && built is { LongForms.Count: > 0 } or { Acronyms.Count: > 0 })
            {
                var apart = queryBuilder.Build(userQuery, searcher.IndexReader, lease.Words, longForms: LongFormSearch.AllWords);
                var (apartHits, apartTotal, apartFacets) = Collect(searcher, apart.Query, filters, sort, page, size);
                if (apartTotal > 0)
                {
                    messages.Add((built.ConceptCount, built.LongForms.Count) switch
                    {
                        (1, 1) => $"No paper has {Quoted(built.LongForms)} as a phrase or by its acronym, so papers with its words are shown.",
                        (1, 0) => $"No paper has {Quoted(built.Acronyms)} or its long form written out, so papers with all the words of its long form are shown.",
                        _ => $"No paper has {Quoted([.. built.LongForms, .. built.Acronyms])} as written together with your other words, so papers with the words of the long forms apart are shown.",
                    });
                    (pageHits, total, facets, built) = (apartHits, apartTotal, apartFacets, apart);
                    query = apart.Query;
                }
            }

            // Nothing has most of the words: show what has some of them rather than nothing. Long forms stay phrases
            // while there are other words to relax; then (or for a long form alone) they are relaxed into their words.
            if (total == 0 && built is { } strict)
            {
                LongFormSearch[] ways = strict.LongForms.Count + strict.Acronyms.Count == 0 ? [LongFormSearch.Phrase]
                    : strict.ConceptCount == 1 ? [LongFormSearch.Words] : [LongFormSearch.Phrase, LongFormSearch.Words];
                foreach (var way in ways)
                {
                    var relaxed = queryBuilder.Build(userQuery, searcher.IndexReader, lease.Words, relaxed: true, longForms: way);
                    if (relaxed.ConceptCount < 2 || PaperQueryBuilder.MinimumShouldMatch(relaxed.ConceptCount) < 2) continue;
                    var (relaxedHits, relaxedTotal, relaxedFacets) = Collect(searcher, relaxed.Query, filters, sort, page, size);
                    if (relaxedTotal == 0) continue;
                    (pageHits, total, facets, built) = (relaxedHits, relaxedTotal, relaxedFacets, relaxed);
                    query = relaxed.Query;
                    // One word or long form typed: "all of your words" would not say what was searched.
                    messages.Add((strict.ConceptCount, strict.LongForms.Count, strict.Acronyms.Count) switch
                    {
                        (1, 1, _) => $"No paper has all the words of {Quoted(strict.LongForms)}, so papers with some of them are shown.",
                        (1, 0, 1) => $"No paper has {Quoted(strict.Acronyms)} or all the words of its long form, so papers with some of them are shown.",
                        _ => "No paper matches all of your words, so papers that match some of them are shown.",
                    });
                    break;
                }
            }
            if (built is { AppliedCorrections.Count: > 0 })
                messages.Add("Some words are not in any paper, so their closest spellings were searched too: " +
                             string.Join(", ", built.AppliedCorrections.Select(c => $"\"{c.From}\" → \"{c.To}\"")) + ".");

            highlighter = new HitHighlighter(index.IndexAnalyzer, built is null ? null : query.Rewrite(searcher.IndexReader), searcher.IndexReader);
            hits = await LoadHitsAsync(pageHits, highlighter, ct);
        }

        return new SearchResponse
        {
            Hits = hits,
            Total = total,
            Facets = facets,
            Sort = sort,
            Page = page,
            Size = size,
            DidYouMean = built?.DidYouMean,
            Corrections = built?.AppliedCorrections.Select(c => new SpellingCorrection(c.From, c.To)).ToList() ?? [],
            Messages = messages,
            Elapsed = clock.Elapsed,
        };
    }

    private (List<IndexHit> Hits, int Total, List<FacetResult> Facets) Collect(
        IndexSearcher searcher, Query query, List<(FacetDimension, Func<string, bool>?)> filters, SearchSort sort, int page, int size)
    {
        var browsing = query is MatchAllDocsQuery && filters.All(f => f.Item2 is null);
        if (browsing && sort is SearchSort.Newest or SearchSort.Oldest)
        {
            // The landing page: a slice of the reader's date order, and facet counts kept per reader.
            var dateOrder = DateOrder.For(searcher.IndexReader);
            var slice = dateOrder.Page(sort == SearchSort.Newest, (page - 1) * size, size);
            var browsed = new List<IndexHit>(slice.Length);
            foreach (var doc in slice) browsed.Add(ReadHit(searcher, new ScoreDoc(doc, float.NaN)));
            return (browsed, dateOrder.Count, FacetCounter.ForAllDocuments(searcher, [.. filters.Select(f => f.Item1)]));
        }

        var order = SortFor(sort);
        var trackScores = sort == SearchSort.Relevance;
        var start = (page - 1) * size;
        var slices = Slices(searcher.IndexReader);
        int total;
        List<FacetResult> facets;
        TopDocs top;
        if (browsing)
        {
            // Browsing everything: the facet counts are the same for every request on this reader.
            top = SlicedSearch.Top(searcher, query, slices, start, size, order, trackScores);
            total = searcher.IndexReader.NumDocs;
            facets = FacetCounter.ForAllDocuments(searcher, [.. filters.Select(f => f.Item1)]);
        }
        else if (UseMatchSets && sort == SearchSort.Relevance && PrunedTopSearch.For(query, searcher) is { } pruned)
        {
            // Most relevant first: the counts come from the match set's bits, and of the hits (those that pass the
            // filters) only the ones that could still make the page are scored: a common two-word query scores a few
            // percent of its matches.
            var matches = QueryMatchSet.For(query, searcher);
            var counters = new FacetCounter[slices.Count];
            var searches = new PrunedTopSearch.SliceSearch[slices.Count];
            SlicedSearch.ForEachSlice(slices.Count, i =>
            {
                var slice = searches[i] = pruned.NewSlice(start + size);
                counters[i] = new FacetCounter(searcher.IndexReader, FacetCounter.NoHits.Instance, filters);
                MatchSetSearch.Collect(null, matches, slices[i], counters[i], slice.Search);
            });
            for (var i = 1; i < counters.Length; i++) counters[0].Add(counters[i]);
            total = counters[0].TotalHits;
            facets = counters[0].Results();
            top = new TopDocs(total, PrunedTopSearch.Merge(searches, start, size), float.NaN);
        }
        else if (UseMatchSets && (filters.Any(f => f.Item2 is not null) || !NeedsScores(order, trackScores)))
        {
            // The matches as bits from the terms' postings: the facet counts need all of them, but only those that
            // pass the filters need a score (none does when the order is by date or title).
            var weight = NeedsScores(order, trackScores) ? searcher.CreateNormalizedWeight(query) : null;
            var matches = QueryMatchSet.For(query, searcher);
            var collectors = new TopFieldCollector[slices.Count];
            var counters = new FacetCounter[slices.Count];
            SlicedSearch.ForEachSlice(slices.Count, i =>
            {
                counters[i] = new FacetCounter(searcher.IndexReader, collectors[i] = SlicedSearch.NewTopCollector(order, start + size, trackScores, docsInOrder: true), filters);
                MatchSetSearch.Collect(weight, matches, slices[i], counters[i]);
            });
            for (var i = 1; i < counters.Length; i++) counters[0].Add(counters[i]);
            total = counters[0].TotalHits;
            facets = counters[0].Results();
            top = SlicedSearch.Merge(order, start, size, collectors);
        }
        else
        {
            var collectors = new TopFieldCollector[slices.Count];
            // The facet counter takes documents in order, so the hits collector behind it can expect them so.
            var counters = SlicedSearch.Search(searcher, query, slices,
                i => new FacetCounter(searcher.IndexReader, collectors[i] = SlicedSearch.NewTopCollector(order, start + size, trackScores, docsInOrder: true), filters));
            for (var i = 1; i < counters.Length; i++) counters[0].Add(counters[i]);
            total = counters[0].TotalHits;
            facets = counters[0].Results();
            top = SlicedSearch.Merge(order, start, size, collectors);
        }

        var hits = new List<IndexHit>(top.ScoreDocs.Length);
        foreach (var scoreDoc in top.ScoreDocs)
            hits.Add(ReadHit(searcher, scoreDoc));
        return (hits, total, facets);
    }

    /// <summary>What the index says about a hit: its id (the database has the rest) and its topics (derived at index time).</summary>
    private sealed record IndexHit(int Id, float Score, string[] Topics);

    /// <summary>
    /// A hit's id and topics from doc values: a column read per hit, where stored fields decompress a
    /// block of documents per hit and took ten times as long.
    /// </summary>
    private IndexHit ReadHit(IndexSearcher searcher, ScoreDoc scoreDoc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(scoreDoc.Doc, leaves)];
        var doc = scoreDoc.Doc - leaf.DocBase;
        var id = (int)leaf.AtomicReader.GetNumericDocValues(PaperFields.IdSort).Get(doc);
        var names = new List<string>(4);
        if (leaf.AtomicReader.GetSortedSetDocValues(PaperFields.Topic) is { } values)
        {
            values.SetDocument(doc);
            var scratch = new Lucene.Net.Util.BytesRef();
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                values.LookupOrd(ord, scratch);
                names.Add(scratch.Utf8ToString());
            }
        }
        // Doc values list them alphabetically; the taxonomy's order is how Classify gave them.
        return new IndexHit(id, scoreDoc.Score, [.. names.OrderBy(topics.OrderOf)]);
    }

    private static string Quoted(IReadOnlyList<string> phrases)
    {
        var quoted = phrases.Select(p => $"\"{p}\"").ToList();
        return quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted[..^1]) + " or " + quoted[^1];
    }

    private static bool NeedsScores(Sort order, bool trackScores) =>
        trackScores || order.GetSort().Any(f => f.Type == SortFieldType.SCORE);

    private static Sort SortFor(SearchSort sort)
    {
        // Every order ends on the paper id, so equal scores and dates always come out the same way.
        var byId = new SortField(PaperFields.IdSort, SortFieldType.INT64);
        return sort switch
        {
            SearchSort.Newest => new Sort(new SortField(PaperFields.DateSort, SortFieldType.INT64, reverse: true), new SortField(PaperFields.IdSort, SortFieldType.INT64, reverse: true)),
            SearchSort.Oldest => new Sort(new SortField(PaperFields.DateSort, SortFieldType.INT64), byId),
            SearchSort.Upvotes => new Sort(new SortField(PaperFields.UpvotesSort, SortFieldType.INT64, reverse: true), SortField.FIELD_SCORE, byId),
            SearchSort.Title => new Sort(new SortField(PaperFields.TitleSort, SortFieldType.STRING), byId),
            _ => new Sort(SortField.FIELD_SCORE, byId),
        };
    }

    private static List<(FacetDimension, Func<string, bool>?)> Filters(SearchRequest request)
    {
        Func<string, bool>? AnyOf(IReadOnlyList<string> values)
        {
            if (values.Count == 0) return null;
            var set = new HashSet<string>(values, StringComparer.Ordinal);
            return set.Contains;
        }

        Func<string, bool>? years = null;
        if (request.YearFrom is not null || request.YearTo is not null)
        {
            var from = request.YearFrom ?? int.MinValue;
            var to = request.YearTo ?? int.MaxValue;
            years = label => int.TryParse(label, CultureInfo.InvariantCulture, out var y) && y >= from && y <= to;
        }

        return
        [
            (FacetDimension.Topic, AnyOf(request.Topics)),
            (FacetDimension.Year, years),
            (FacetDimension.Code, AnyOf(request.Code)),
            (FacetDimension.Category, AnyOf(request.Categories)),
            (FacetDimension.Source, AnyOf(request.Sources)),
        ];
    }

    private async Task<List<SearchHit>> LoadHitsAsync(List<IndexHit> pageHits, HitHighlighter highlighter, CancellationToken ct)
    {
        if (pageHits.Count == 0) return [];
        var ids = pageHits.Select(h => h.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Papers.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        var hits = new List<SearchHit>(pageHits.Count);
        foreach (var (id, score, hitTopics) in pageHits)
        {
            // The index can be a moment ahead of this connection's view of the database; skip, never fail.
            if (!rows.TryGetValue(id, out var paper)) continue;
            hits.Add(new SearchHit
            {
                Id = paper.Id,
                Title = paper.Title,
                TitleHtml = highlighter.Title(paper.Title),
                Fragments = highlighter.Fragments(paper.Abstract),
                Topics = hitTopics,
                Published = paper.Published,
                CodeUrls = [.. paper.Urls.Where(UrlExtractor.IsCodeUrl)],
                Categories = paper.Categories,
                Authors = paper.Authors,
                AuthorCount = paper.AuthorCount,
                Upvotes = paper.Upvotes,
                ArxivId = paper.ArxivId,
                UpdatedUtc = paper.UpdatedUtc,
                Score = float.IsNaN(score) ? null : score,
            });
        }
        return hits;
    }

    /// <summary>The papers most related to one paper (never itself or a copy of it), best first.</summary>
    public async Task<IReadOnlyList<SearchHit>?> RelatedAsync(int paperId, int count = RelatedCount, CancellationToken ct = default)
    {
        Paper? paper;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            paper = await db.Papers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paperId, ct);
        if (paper is null) return null;

        List<IndexHit> related = [];
        using (var lease = index.Acquire())
        {
            var searcher = lease.Searcher;
            var query = RelatedPaperFinder.BuildQuery(searcher.IndexReader, index.QueryAnalyzer, paper.Id, paper.NormalizedTitle,
                paper.Title, paper.Abstract, topics.Classify(paper.Title, paper.Abstract));
            if (query is not null)
            {
                var top = SlicedSearch.Top(searcher, query, Slices(searcher.IndexReader), 0, count, SortFor(SearchSort.Relevance));
                foreach (var sd in top.ScoreDocs)
                    related.Add(ReadHit(searcher, sd));
            }
        }
        return await LoadHitsAsync(related, new HitHighlighter(index.IndexAnalyzer, null, null!), ct);
    }

    public sealed record Suggestion(string Text, int? PaperId, string Kind);

    /// <summary>Type-ahead: words that complete the last one typed, and titles that match what is typed.</summary>
    public IReadOnlyList<Suggestion> Suggest(string? prefix, int max = 8)
    {
        if (string.IsNullOrWhiteSpace(prefix)) return [];
        prefix = prefix.Length > 100 ? prefix[..100] : prefix;
        var words = prefix.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return [];
        var last = new string([.. words[^1].Where(char.IsLetterOrDigit)]);
        var head = string.Join(' ', words[..^1]);
        var suggestions = new List<Suggestion>();

        using var lease = index.Acquire();
        var reader = lease.Searcher.IndexReader;
        if (last.Length >= 2)
        {
            // Words: scan the sorted word list from the prefix, keep the most common completions.
            var candidates = lease.Words.StartingWith(last, limit: 2000);
            foreach (var (term, _) in candidates.OrderByDescending(c => c.Papers).ThenBy(c => c.Word, StringComparer.Ordinal).Take(max / 2))
                suggestions.Add(new Suggestion((head.Length > 0 ? head + " " : "") + term, null, "query"));
        }

        // Titles: every finished word must be in the title, the last one as a prefix.
        var titleQuery = new BooleanQuery();
        foreach (var word in words[..^1].Select(w => new string([.. w.Where(char.IsLetterOrDigit)])).Where(w => w.Length > 0))
            titleQuery.Add(new TermQuery(new Term(PaperFields.TitleWords, word)), Occur.MUST);
        if (last.Length > 0)
            titleQuery.Add(new PrefixQuery(new Term(PaperFields.TitleWords, last)), Occur.MUST);
        if (titleQuery.Clauses.Count > 0)
        {
            var top = lease.Searcher.Search(titleQuery, null, max - suggestions.Count,
                new Sort(new SortField(PaperFields.UpvotesSort, SortFieldType.INT64, reverse: true), new SortField(PaperFields.IdSort, SortFieldType.INT64)));
            foreach (var sd in top.ScoreDocs)
            {
                var doc = lease.Searcher.Doc(sd.Doc);
                suggestions.Add(new Suggestion(doc.Get(PaperFields.StoredTitle), int.Parse(doc.Get(PaperFields.Id), CultureInfo.InvariantCulture), "paper"));
            }
        }
        return suggestions;
    }
}
