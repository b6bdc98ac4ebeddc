using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Search;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Ranking;

namespace PaperBrowser.Bench;

/// <summary>
/// `relevance-profile --data-dir DIR [--queries 200] [--seed 42] [--passes 2]`: where the time of scenario (a), top 10 by
/// relevance, goes. Each query of the scale benchmark's query set runs as the app builds it and with parts taken away
/// (the proximity clauses, the id tie-break sort) or without the pruning (every match scored), round-robin so every variant sees the same machine; the slowest
/// queries are listed with their hit counts. Two variants try the proximity clauses as a second pass over the best
/// papers without them (a rescoring window, as search engines offer): their top 10 is compared with the app's.
/// </summary>
public static class RelevanceProfile
{
    public static async Task<int> RunAsync(Args args)
    {
        var data = args.Required("data-dir");
        var passes = args.Int("passes", 2);
        using var library = new Library(data);
        var queries = await QuerySet.BuildAsync(library, args.Int("queries", 200), args.Int("seed", 42));
        var relevance = new Sort(SortField.FIELD_SCORE, new SortField(PaperFields.IdSort, SortFieldType.INT64));

        var variants = new (string Name, Func<IndexSearcher, BuiltQuery, TopDocs> Run)[]
        {
            ("as the app runs it: pruned by score bounds where it can be (score, then id; segments split over the cores)", (s, b) => Pruned(s, b.Query, 10, relevance)),
            ("pruned, without the proximity clauses", (s, b) => Pruned(s, WithoutProximity(b.Query), 10, relevance)),
            ("pruned without proximity to the top 100, those rescored with proximity", (s, b) => Rescored(s, b.Query, 100)),
            ("pruned without proximity to the top 1000, those rescored with proximity", (s, b) => Rescored(s, b.Query, 1000)),
            ("every match scored (Lucene's collector; segments split over the cores)", (s, b) => SlicedSearch.Top(s, b.Query, 10, relevance)),
            ("the same on one thread", (s, b) => s.Search(b.Query, null, 10, relevance)),
            ("without the proximity clauses (one thread from here on)", (s, b) => s.Search(WithoutProximity(b.Query), null, 10, relevance)),
            ("without proximity, one-word queries unwrapped", (s, b) => s.Search(Unwrapped(WithoutProximity(b.Query)), null, 10, relevance)),
            ("score only (no id tie-break)", (s, b) => s.Search(b.Query, 10)),
            ("count only (TotalHitCountCollector)", (s, b) =>
            {
                var counter = new TotalHitCountCollector();
                s.Search(b.Query, counter);
                return new TopDocs(counter.TotalHits, [], float.NaN);
            }),
        };
        var samples = variants.Select(v => new Samples(v.Name)).ToArray();
        var perQuery = new Dictionary<string, (BenchQuery Query, Samples Time)>();
        // The pruned search must give Lucene's own top 10: checked for every query before anything is timed.
        var same = 0;
        var counts = new Dictionary<string, (int Matches, int Scored)>();
        var overlap = new long[2];
        var sameOrder = new int[2];
        var possible = new long[2];
        foreach (var q in queries)
        {
            using var lease = library.Index.Acquire();
            var built = library.QueryBuilder.Build(UserQueryParser.Parse(q.Text), lease.Searcher.IndexReader, lease.Words);
            var expected = SlicedSearch.Top(lease.Searcher, built.Query, 10, relevance);
            var actual = Pruned(lease.Searcher, built.Query, 10, relevance);
            if (expected.ScoreDocs.Select(d => (d.Doc, d.Score)).SequenceEqual(actual.ScoreDocs.Select(d => (d.Doc, d.Score)))) same++;
            else Console.WriteLine($"pruned top 10 differs for [{q.Text}]: {string.Join(' ', expected.ScoreDocs.Select(d => $"{d.Doc}:{d.Score}"))} vs {string.Join(' ', actual.ScoreDocs.Select(d => $"{d.Doc}:{d.Score}"))}");
            counts[q.Text] = (expected.TotalHits, actual.TotalHits);
            foreach (var (window, i) in new[] { (100, 0), (1000, 1) })
            {
                var rescored = Rescored(lease.Searcher, built.Query, window);
                var common = rescored.ScoreDocs.Select(d => d.Doc).Intersect(expected.ScoreDocs.Select(d => d.Doc)).Count();
                overlap[i] += common;
                if (rescored.ScoreDocs.Select(d => d.Doc).SequenceEqual(expected.ScoreDocs.Select(d => d.Doc))) sameOrder[i]++;
                possible[i] += expected.ScoreDocs.Length;
            }
        }
        for (var pass = 0; pass <= passes; pass++)
        {
            foreach (var q in queries)
            {
                for (var v = 0; v < variants.Length; v++)
                {
                    using var lease = library.Index.Acquire();
                    var t = Stopwatch.GetTimestamp();
                    var built = library.QueryBuilder.Build(UserQueryParser.Parse(q.Text), lease.Searcher.IndexReader, lease.Words);
                    var top = variants[v].Run(lease.Searcher, built);
                    if (pass == 0) continue; // warm-up
                    samples[v].Add(t);
                    if (v != 0) continue;
                    if (!perQuery.TryGetValue(q.Text, out var entry))
                        perQuery[q.Text] = entry = (q, new Samples(q.Text));
                    entry.Time.Add(t);
                }
            }
        }

        var report = new Report("Profile: where (a) top 10 by relevance spends its time", string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        report.Line($"{queries.Count} queries × {passes} passes, variants round-robin per query (first pass is warm-up). Times in ms, query building included.").Line();
        report.Line($"Pruned top 10 equal to Lucene's (same documents, same scores, same order): {same} of {queries.Count} queries. " +
                    $"Documents scored, as a share of the matches: {(double)counts.Values.Sum(c => (long)c.Scored) / Math.Max(1, counts.Values.Sum(c => (long)c.Matches)):P1} over all queries' matches; " +
                    $"median {Median([.. counts.Values.Where(c => c.Matches >= 10_000).Select(c => (double)c.Scored / c.Matches)]):P1} over the {counts.Values.Count(c => c.Matches >= 10_000)} queries with 10,000 matches or more.").Line();
        report.Line($"Rescoring the top 100 without proximity: {overlap[0]:N0} of {possible[0]:N0} top-10 hits the same, the same order for {sameOrder[0]} of {queries.Count} queries; " +
                    $"the top 1000: {overlap[1]:N0} of {possible[1]:N0}, the same order for {sameOrder[1]}.").Line();
        report.Table(["variant", "p50", "p95", "p99", "mean"],
            samples.Select(s => (IReadOnlyList<string>)[s.Name, Fmt.Ms(s.P50), Fmt.Ms(s.P95), Fmt.Ms(s.Percentile(99)), Fmt.Ms(s.Mean)]));
        report.Line().Line("Slowest queries as the app runs them (median of the passes):").Line();
        report.Table(["query", "kind", "rarest word", "matches", "scored", "ms"],
            perQuery.Values.OrderByDescending(e => e.Time.P50).Take(15)
                .Select(e => (IReadOnlyList<string>)[e.Query.Text, e.Query.Kind, e.Query.Rarity, counts[e.Query.Text].Matches.ToString("N0"), counts[e.Query.Text].Scored.ToString("N0"), Fmt.Ms(e.Time.P50)]));
        Console.WriteLine(report.ToString());
        if (args.Get("out") is { } output) report.Save(output);
        return 0;
    }

    /// <summary>
    /// The proximity clauses as a second pass: the top <paramref name="window"/> without them (pruned), each scored by
    /// the whole query, the best 10 of those by that score, then id. Not what the app does; an experiment.
    /// </summary>
    private static TopDocs Rescored(IndexSearcher searcher, Query query, int window)
    {
        var first = Pruned(searcher, WithoutProximity(query), window, RelevanceTop.Order);
        var weight = searcher.CreateNormalizedWeight(query);
        var leaves = searcher.IndexReader.Leaves;
        var hits = new List<(int Doc, float Score, long Id)>(first.ScoreDocs.Length);
        AtomicReaderContext? leaf = null;
        Scorer? scorer = null;
        NumericDocValues? ids = null;
        foreach (var candidate in first.ScoreDocs.OrderBy(d => d.Doc))
        {
            var at = leaves[ReaderUtil.SubIndex(candidate.Doc, leaves)];
            if (!ReferenceEquals(at, leaf))
            {
                leaf = at;
                scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                ids = leaf.AtomicReader.GetNumericDocValues(PaperFields.IdSort);
            }
            var local = candidate.Doc - leaf.DocBase;
            if (scorer is null || (scorer.DocID < local && scorer.Advance(local) != local) || scorer.DocID != local) continue;
            hits.Add((candidate.Doc, scorer.GetScore(), ids!.Get(local)));
        }
        hits.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return new TopDocs(first.TotalHits, [.. hits.Take(10).Select(h => new ScoreDoc(h.Doc, h.Score))], float.NaN);
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    /// <summary>As <see cref="RelevanceTop"/> does, with the count of scored documents as the "total" (for the report's share).</summary>
    private static TopDocs Pruned(IndexSearcher searcher, Query query, int count, Sort relevance)
    {
        if (PrunedTopSearch.For(query, searcher) is not { } pruned)
            return SlicedSearch.Top(searcher, query, count, relevance);
        var hits = pruned.Top(SlicedSearch.Slices(searcher.IndexReader, Environment.ProcessorCount), 0, count);
        return new TopDocs(pruned.Scored, hits, float.NaN);
    }

    /// <summary>A query of one concept without the "at least one of one" wrapper, which keeps BooleanQuery from rewriting it away.</summary>
    private static Query Unwrapped(Query query)
    {
        while (query is BooleanQuery { Clauses.Count: 1 } b && b.Clauses[0].Occur != Occur.MUST_NOT)
            query = b.Clauses[0].Query;
        return query;
    }

    /// <summary>The query without its top-level optional clauses: the builder adds only the proximity phrases there.</summary>
    private static Query WithoutProximity(Query query)
    {
        if (query is not BooleanQuery top) return query;
        var stripped = new BooleanQuery(top.CoordDisabled) { MinimumNumberShouldMatch = top.MinimumNumberShouldMatch };
        foreach (var clause in top.Clauses)
            if (clause.Occur != Occur.SHOULD) stripped.Add(clause.Query, clause.Occur);
        return stripped;
    }
}
