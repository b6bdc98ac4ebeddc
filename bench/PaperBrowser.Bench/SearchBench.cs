using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Search;
using PaperBrowser.Search.Facets;
using PaperBrowser.Search.Querying;

namespace PaperBrowser.Bench;

/// <summary>
/// `search` (issue "Search"): the bundled samples imported into a temp data folder, the index rebuilt,
/// then PaperSearchService timed in-process against a plain Lucene TermQuery top-10 on the same index.
/// </summary>
public static class SearchBench
{
    public static readonly (string Kind, string Query, string BaselineWord)[] Queries =
    [
        ("keyword", "pruning", "pruning"),
        ("keyword", "image segmentation", "segmentation"),
        ("acronym", "LLM", "llm"),
        ("acronym", "GNN", "gnn"),
        ("typo", "tranformer", "transformer"),
        ("typo", "difusion models", "diffusion"),
        ("phrase", "\"large language models\"", "language"),
        ("phrase", "\"knowledge distillation\"", "distillation"),
        ("natural language", "papers about making large language models faster at inference", "inference"),
        ("natural language", "how do spiking neural networks learn without backpropagation", "spiking"),
    ];

    public static readonly string[] Prefixes = ["gr", "neu", "lang", "diff", "tra", "graph ne", "large language m", "spik", "quant", "reinf"];

    public static readonly string[] PreferredTopics = ["Graph Neural Networks", "Transformers and Attention"];

    public static async Task<int> RunAsync(Args args)
    {
        var iterations = args.Int("iterations", 2000);
        var warmup = args.Int("warmup", 300);
        var samples = args.Get("samples", "data/samples");
        var output = args.Get("out", "bench/results/search.md");
        var temp = Directory.CreateTempSubdirectory("pb-bench-search-");
        try
        {
            using var library = new Library(Path.Combine(temp.FullName, "data"));
            await library.MigrateAsync();
            var clock = Stopwatch.StartNew();
            var summary = await library.ImportAsync(samples);
            var importTime = clock.Elapsed;
            clock.Restart();
            var indexed = await library.RebuildIndexAsync();
            var rebuildTime = clock.Elapsed;
            var ids = await library.PaperIdsAsync();
            Console.WriteLine($"search: imported {summary.Describe()} in {importTime.TotalSeconds:0.00} s; indexed {indexed} papers in {rebuildTime.TotalSeconds:0.00} s");

            var search = library.Search;
            var topics = await PickTopicsAsync(search, "neural networks");

            // Baseline: one analyzed word per query, TermQuery on the abstract field, top 10.
            var baselineTerms = Queries.Select(q => new Term(PaperFields.Abstract,
                AnalyzedText.Positions(library.Index.QueryAnalyzer, PaperFields.Abstract, q.BaselineWord)[0][0])).ToArray();
            Task Baseline(int i)
            {
                using var lease = library.Index.Acquire();
                _ = lease.Searcher.Search(new TermQuery(baselineTerms[i % baselineTerms.Length]), 10);
                return Task.CompletedTask;
            }

            var random = new Random(42);
            var relatedIds = Enumerable.Range(0, 997).Select(_ => ids[random.Next(ids.Count)]).ToArray();
            var perKind = Queries.Select(q => new Samples(q.Query)).ToArray();
            var totals = new int[Queries.Length];

            var scenarios = new List<(string Name, Samples S, Samples B)>();
            async Task Add(string name, Func<int, Task> op)
            {
                var (s, b) = await Harness.InterleavedAsync(name, warmup, iterations, op, Baseline);
                scenarios.Add((name, s, b));
            }

            await Add("SearchAsync: query, facets + highlights (page of 20)", async i =>
            {
                var q = i % Queries.Length;
                var t = Stopwatch.GetTimestamp();
                var r = await search.SearchAsync(new SearchRequest { Query = Queries[q].Query });
                if (!Harness.Warming) perKind[q].Add(t);
                totals[q] = r.Total;
            });
            var filteredTotals = new int[Queries.Length];
            await Add($"SearchAsync: query + 2 topic filters ({string.Join(", ", topics)})", async i =>
            {
                var q = i % Queries.Length;
                var r = await search.SearchAsync(new SearchRequest { Query = Queries[q].Query, Topics = topics });
                filteredTotals[q] = r.Total;
            });
            await Add("SearchAsync: no query, browse newest with facets", async _ =>
                await search.SearchAsync(new SearchRequest()));
            await Add("RelatedAsync: 8 related papers of a random paper", async i =>
                await search.RelatedAsync(relatedIds[i % relatedIds.Length]));
            await Add("Suggest: type-ahead for a prefix", i =>
            {
                search.Suggest(Prefixes[i % Prefixes.Length]);
                return Task.CompletedTask;
            });

            // Where the time of a search goes.
            var phases = new SearchPhases(library);
            for (var i = 0; i < warmup + iterations / 2; i++)
                await phases.RunAsync(Queries[i % Queries.Length].Query, [], SearchRequest.DefaultSize);
            var phasesFiltered = new SearchPhases(library);
            for (var i = 0; i < warmup + iterations / 2; i++)
                await phasesFiltered.RunAsync(Queries[i % Queries.Length].Query, topics, SearchRequest.DefaultSize);

            var report = new Report("Benchmark: search (in-process, bundled samples)", "bash bench/run.sh search");
            report.Line($"Library: {samples} imported into a temp data folder ({summary.Describe()}), " +
                         $"import {importTime.TotalSeconds:0.00} s, index rebuild of {indexed} papers {rebuildTime.TotalSeconds:0.00} s. Release build.")
                .Line($"Each scenario: {warmup} warm-up then {iterations} timed calls, round-robin over its inputs, each call interleaved with one " +
                      "**baseline** call (a plain Lucene `TermQuery` top-10 on the abstract field of the same index, same process, one word per query) " +
                      "so both see the same machine noise. Ratio = ours / baseline at the same percentile.").Line();

            report.Heading("Latency");
            report.Table(["scenario", "p50 ms", "p95 ms", "p99 ms", "mean ms", "baseline p50", "baseline p99", "ratio p50", "ratio p99"],
                scenarios.Select(x => (IReadOnlyList<string>)[x.Name, Fmt.Ms(x.S.P50), Fmt.Ms(x.S.P95), Fmt.Ms(x.S.P99), Fmt.Ms(x.S.Mean),
                    Fmt.Ms(x.B.P50), Fmt.Ms(x.B.P99), Fmt.Ratio(x.S.P50, x.B.P50), Fmt.Ratio(x.S.P99, x.B.P99)]));

            var main = scenarios[0].S;
            report.Heading("Target");
            report.Table(["target", "measured", "result"],
            [
                ["search with facets and highlights: median < 10 ms", $"p50 {Fmt.Ms(main.P50)} ms", Fmt.Pass(main.P50 < 10)],
                ["same with two facet filters: median < 10 ms", $"p50 {Fmt.Ms(scenarios[1].S.P50)} ms", Fmt.Pass(scenarios[1].S.P50 < 10)],
            ], left: 3);

            report.Heading("Per query (SearchAsync with facets + highlights)");
            report.Table(["kind", "query", "hits", "hits with 2 topics", "p50 ms", "p95 ms", "p99 ms"],
                Queries.Select((q, i) => (IReadOnlyList<string>)[q.Kind, q.Query, totals[i].ToString(), filteredTotals[i].ToString(),
                    Fmt.Ms(perKind[i].P50), Fmt.Ms(perKind[i].P95), Fmt.Ms(perKind[i].P99)]), left: 2);

            report.Heading("Profile: where a search's time goes (Stopwatch per step)");
            phases.Write(report, "Query only:");
            phasesFiltered.Write(report, $"With the two topic filters ({string.Join(", ", topics)}):");
            report.Save(output);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { temp.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The preferred two topics when the query finds papers in both, else the query's two largest topics.</summary>
    public static async Task<string[]> PickTopicsAsync(PaperSearchService search, string query)
    {
        var response = await search.SearchAsync(new SearchRequest { Query = query });
        var facet = response.Facet(FacetDimension.Topic.Parameter);
        var counts = facet?.Values.ToDictionary(v => v.Value, v => v.Count) ?? [];
        if (PreferredTopics.All(t => counts.GetValueOrDefault(t) > 0)) return PreferredTopics;
        return [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(2).Select(c => c.Key)];
    }
}
