using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Search;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Ranking;

namespace PaperBrowser.Bench;

/// <summary>
/// `scale` (issue "Scale"): a generated arXiv-style corpus of N records imported with the app's own `import` verb,
/// the same work done by SQLite FTS5 built from the same file, query latency of both in one process, and the web
/// app under wrk with that library loaded. Every figure is reported as a ratio PaperBrowser / FTS5 (or search / trivial).
/// </summary>
public static partial class ScaleBench
{
    private sealed record Built(double WallSeconds, long PeakRss, double CpuSeconds, long Bytes, int Rows, string Detail);

    public static async Task<int> RunAsync(Args args)
    {
        var appDir = Path.GetFullPath(args.Required("app"));
        var count = args.Int("count", 100_000);
        var seed = args.Int("seed", 42);
        var label = count % 1_000_000 == 0 ? $"{count / 1_000_000}m" : count % 1000 == 0 ? $"{count / 1000}k" : count.ToString(CultureInfo.InvariantCulture);
        var work = Path.GetFullPath(args.Get("work", Path.Combine(Path.GetTempPath(), $"pb-scale-{label}")));
        var output = args.Get("out", $"bench/results/scale-{label}.md");
        var passes = args.Int("passes", 3);
        var reuse = args.Flag("reuse");
        // Import again (after a change to the app) but keep the FTS5 build of an earlier run in --work.
        var reuseFts5 = args.Flag("reuse-fts5");
        // The other way round: keep the import of an earlier run, build FTS5 again (say, on a quieter machine).
        var reuseImport = args.Flag("reuse-import");
        Directory.CreateDirectory(work);
        var (appFile, appPrefix) = Shell.App(appDir);
        var report = new Report($"Benchmark: scale ({count:N0} records)", $"bash bench/run.sh scale --count {count}");

        // ---- corpus ------------------------------------------------------------------------------------------
        var corpus = Path.Combine(work, $"corpus-{count}-{seed}.jsonl");
        string generated;
        if (!File.Exists(corpus))
        {
            Console.WriteLine($"scale: generating {count:N0} records (seed {seed})");
            var gen = await Shell.RunAsync(appFile, [.. appPrefix, "generate", "--count", count.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", corpus]);
            generated = gen.Stdout.Trim();
        }
        else generated = $"(reused {corpus}, {Fmt.Bytes(new FileInfo(corpus).Length)})";
        Console.WriteLine($"scale: {generated}");

        // ---- 1. import -> ready, and the FTS5 build from the same file ---------------------------------------------
        var data = Path.Combine(work, "data");
        var ftsPath = Path.Combine(work, "fts5.db");
        var importState = Path.Combine(work, "import.json");
        var ftsState = Path.Combine(work, "fts5.json");
        Built ours, fts;
        if (reuse && File.Exists(importState) && File.Exists(ftsState))
        {
            ours = JsonSerializer.Deserialize<Built>(File.ReadAllText(importState))!;
            fts = JsonSerializer.Deserialize<Built>(File.ReadAllText(ftsState))!;
            Console.WriteLine("scale: reusing the import and the FTS5 build of an earlier run (--reuse)");
            report.Line($"Import and FTS5 build figures (section 1) are from an earlier run in the same work folder ({File.GetLastWriteTimeUtc(importState):yyyy-MM-dd HH:mm} UTC, `--reuse`); the queries and the web app below ran now.").Line();
        }
        else
        {
            if (reuseImport && File.Exists(importState) && Directory.Exists(data))
            {
                ours = JsonSerializer.Deserialize<Built>(File.ReadAllText(importState))!;
                Console.WriteLine("scale: reusing the import of an earlier run (--reuse-import)");
                report.Line($"PaperBrowser's import figures are from an earlier run in the same work folder ({File.GetLastWriteTimeUtc(importState):yyyy-MM-dd HH:mm} UTC, `--reuse-import`); the FTS5 build ran now.").Line();
            }
            else
            {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            Console.WriteLine($"scale: importing with `PaperBrowser import` into {data}");
            var run = await Shell.RunTimedAsync(appFile, [.. appPrefix, "import", "--data-dir", data, corpus]);
            if (run.Result.ExitCode != 0) throw new InvalidOperationException($"import failed ({run.Result.ExitCode}): {run.Result.Stderr}");
            var dbBytes = Shell.FilesSize(Path.Combine(data, "papers.db"), Path.Combine(data, "papers.db-wal"));
            var indexBytes = Shell.DirectorySize(Path.Combine(data, "index"));
            var papers = Regex.Match(run.Result.Stdout, @"(\d[\d,]*) new") is { Success: true } m ? int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : -1;
            var doneIn = Regex.Match(run.Result.Stdout, @"Done in ([\d.]+) s") is { Success: true } d ? d.Groups[1].Value : "?";
            var importIn = Regex.Match(run.Result.Stdout, @"\(import ([\d.]+) s") is { Success: true } i ? i.Groups[1].Value : "?";
            ours = new Built(run.Wall.TotalSeconds, run.PeakRssBytes, run.UserSeconds + run.SystemSeconds, dbBytes + indexBytes, papers,
                $"database {Fmt.Bytes(dbBytes)} + index {Fmt.Bytes(indexBytes)}; import with the index written beside it {importIn} s, and with the index's last flush and commit after it {doneIn} s of the wall time; " +
                $"the rest is process start and exit. Output: `{string.Join(" ", run.Result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)).Trim()}`");
            File.WriteAllText(importState, JsonSerializer.Serialize(ours));
            Console.WriteLine($"scale: import {ours.WallSeconds:0.0} s, peak RSS {Fmt.Bytes(ours.PeakRss)}");
            }

            if (reuseFts5 && File.Exists(ftsState) && File.Exists(ftsPath))
            {
                fts = JsonSerializer.Deserialize<Built>(File.ReadAllText(ftsState))!;
                Console.WriteLine("scale: reusing the FTS5 build of an earlier run (--reuse-fts5)");
                report.Line($"The FTS5 build figures are from an earlier run in the same work folder ({File.GetLastWriteTimeUtc(ftsState):yyyy-MM-dd HH:mm} UTC, `--reuse-fts5`); PaperBrowser's import ran now.").Line();
            }
            else
            {
            Console.WriteLine("scale: building the FTS5 comparison from the same file");
            var self = typeof(ScaleBench).Assembly.Location;
            var ftsRun = await Shell.RunTimedAsync("dotnet", [self, "fts5-build", "--jsonl", corpus, "--db", ftsPath]);
            var stats = JsonSerializer.Deserialize<Fts5Index.BuildStats>(ftsRun.Result.Stdout.Trim().Split('\n')[^1])!;
            fts = new Built(ftsRun.Wall.TotalSeconds, ftsRun.PeakRssBytes, ftsRun.UserSeconds + ftsRun.SystemSeconds,
                Shell.FilesSize(ftsPath, ftsPath + "-wal"), stats.Rows,
                string.Create(CultureInfo.InvariantCulture,
                    $"parse + normalize {stats.ParseSeconds:0.0} s, classify topics {stats.ClassifySeconds:0.0} s, inserts {stats.InsertSeconds:0.0} s, " +
                    $"date index + commit {stats.IndexSeconds:0.0} s, optimize + checkpoint + analyze {stats.OptimizeSeconds:0.0} s; {stats.Skipped:N0} duplicate records skipped"));
            File.WriteAllText(ftsState, JsonSerializer.Serialize(fts));
            Console.WriteLine($"scale: FTS5 build {fts.WallSeconds:0.0} s, peak RSS {Fmt.Bytes(fts.PeakRss)}");
            }
        }

        report.Line($"Corpus: `PaperBrowser generate --count {count} --seed {seed}`: {generated}").Line()
            .Line("PaperBrowser: the published app's `import` verb (`/usr/bin/time -v PaperBrowser import --data-dir DIR corpus.jsonl`): " +
                  "parse, dedup and store in SQLite (the EF Core schema), with the Lucene index written from the stored rows beside the import " +
                  "(into an empty library) and committed after the database, so the library is ready to search.")
            .Line($"FTS5: `PaperBrowser.Bench fts5-build`, also under `/usr/bin/time -v`: the same parser (`ArxivJsonLinesFormat`), the same dedup key, " +
                  $"the same topic classifier, one transaction into an FTS5 table (`tokenize='{Fts5Index.Tokenizer}'`) plus side tables " +
                  "(meta with date/year, paper_category, paper_topic), a date index, then `optimize`.").Line();

        report.Heading("1. Import until ready to search");
        report.Table(["figure", "PaperBrowser", "FTS5", "PaperBrowser / FTS5"],
        [
            ["wall time", $"{ours.WallSeconds:0.0} s", $"{fts.WallSeconds:0.0} s", Fmt.Ratio(ours.WallSeconds, fts.WallSeconds)],
            ["papers stored", Fmt.N(ours.Rows), Fmt.N(fts.Rows), Fmt.Ratio(ours.Rows, fts.Rows)],
            ["papers/s", Fmt.N(ours.Rows / ours.WallSeconds), Fmt.N(fts.Rows / fts.WallSeconds), Fmt.Ratio(fts.WallSeconds * ours.Rows, ours.WallSeconds * fts.Rows)],
            ["CPU time (user + sys)", $"{ours.CpuSeconds:0.0} s", $"{fts.CpuSeconds:0.0} s", Fmt.Ratio(ours.CpuSeconds, fts.CpuSeconds)],
            ["peak RSS", Fmt.Bytes(ours.PeakRss), Fmt.Bytes(fts.PeakRss), Fmt.Ratio(ours.PeakRss, fts.PeakRss)],
            ["size on disk", Fmt.Bytes(ours.Bytes), Fmt.Bytes(fts.Bytes), Fmt.Ratio(ours.Bytes, fts.Bytes)],
        ]);
        report.Line($"- PaperBrowser: {ours.Detail}").Line($"- FTS5: {fts.Detail}").Line();

        // ---- where import time goes, on a slice of the corpus -----------------------------------------------------
        var profileRecords = Math.Min(count, args.Int("profile-records", 20_000));
        var profileCache = Path.Combine(work, $"import-profile-{profileRecords}.md");
        if (reuse && File.Exists(profileCache))
        {
            report.Line(File.ReadAllText(profileCache).TrimEnd()).Line();
        }
        else if (profileRecords > 0)
        {
            Console.WriteLine($"scale: profiling the import steps on the first {profileRecords:N0} records");
            var part = new Report();
            await ImportProfile.RunAsync(part, corpus, work, profileRecords);
            File.WriteAllText(profileCache, part.ToString());
            report.Line(part.ToString().TrimEnd()).Line();
        }

        // ---- 2 + 3. query latency, PaperBrowser vs FTS5, same process ------------------------------------------------
        var queryCount = args.Int("queries", 200);
        List<BenchQuery> queries;
        var rows = new List<(string Name, Samples Ours, Samples Fts)>();
        Samples? cAlone = null, cFts = null;
        var oursTotals = new Dictionary<string, int>();
        var ftsTotals = new Dictionary<string, int>();
        var perQueryOurs = new Dictionary<string, Samples>();
        var perQueryFts = new Dictionary<string, Samples>();
        SearchPhases phases;
        int libraryPapers, warm, relatedCount;
        using (var library = new Library(data))
        using (var engine = new Fts5Index(ftsPath))
        {
            var search = library.Search;
            queries = await QuerySet.BuildAsync(library, queryCount, seed);
            using (var lease = library.Index.Acquire()) libraryPapers = lease.Searcher.IndexReader.NumDocs;
            var n = queries.Count;
            var iterations = n * passes;
            // At a million papers one FTS5 call takes seconds: the warm-up pass and the related-paper sample can be cut.
            warm = Math.Clamp(args.Int("warmup-queries", n), 1, n);
            relatedCount = Math.Clamp(args.Int("related", n), 1, n);
            Console.WriteLine($"scale: {n} queries × {passes} passes per scenario, each call interleaved with FTS5");

            var (a, af) = await Harness.InterleavedAsync("(a) top-10 relevance", warm, iterations, i =>
            {
                var q = queries[i % n];
                using var lease = library.Index.Acquire();
                var built = library.QueryBuilder.Build(UserQueryParser.Parse(q.Text), lease.Searcher.IndexReader, lease.Words);
                var top = RelevanceTop.Find(lease.Searcher, built.Query, SlicedSearch.Slices(lease.Searcher.IndexReader, Environment.ProcessorCount), 0, 10);
                var leaves = lease.Searcher.IndexReader.Leaves;
                foreach (var sd in top)
                {
                    // Ids as the app reads them: from doc values.
                    var leaf = leaves[ReaderUtil.SubIndex(sd.Doc, leaves)];
                    _ = leaf.AtomicReader.GetNumericDocValues(PaperFields.IdSort).Get(sd.Doc - leaf.DocBase);
                }
                return Task.CompletedTask;
            }, i => { engine.Top10(queries[i % n].Fts); return Task.CompletedTask; });
            rows.Add(("(a) top-10 relevance (ids only)", a, af));

            var (b, bf) = await Harness.InterleavedAsync("(b) top-10 + highlights + facets", warm, iterations, async i =>
            {
                var q = queries[i % n];
                var t = Stopwatch.GetTimestamp();
                var r = await search.SearchAsync(new SearchRequest { Query = q.Text, Size = 10 });
                if (!Harness.Warming) Sample(perQueryOurs, q.Kind, t);
                oursTotals[q.Text] = r.Total;
            }, i =>
            {
                var q = queries[i % n];
                var t = Stopwatch.GetTimestamp();
                ftsTotals[q.Text] = engine.Top10WithFacets(q.Fts);
                if (!Harness.Warming) Sample(perQueryFts, q.Kind, t);
                return Task.CompletedTask;
            });
            rows.Add(("(b) top-10 + highlights + category/year/topic facet counts", b, bf));

            var browse = args.Int("browse-iterations", 100);
            var (c, cf) = await Harness.InterleavedAsync("(c) browse newest + facets", Math.Min(10, browse), browse,
                async _ => await search.SearchAsync(new SearchRequest { Size = 10 }),
                _ => { engine.BrowseNewest(); return Task.CompletedTask; });
            rows.Add(("(c) browse newest (no query) + facet counts over all papers", c, cf));
            cFts = cf;
            // The same without FTS5 calls in between: right after a multi-second FTS5 GROUP BY in this process, the
            // app's next SQLite query (the page's 10 rows) often stalls for a few hundred ms (see the note under the table).
            cAlone = await Harness.TimeAsync("(c) browse newest + facets, not interleaved", Math.Min(10, browse), browse,
                async _ => await search.SearchAsync(new SearchRequest { Size = 10 }));

            var ourIds = await library.PaperIdsAsync();
            var ftsIds = engine.RowIds();
            var random = new Random(seed);
            var relatedOurs = Enumerable.Range(0, relatedCount).Select(_ => ourIds[random.Next(ourIds.Count)]).ToArray();
            var relatedFts = Enumerable.Range(0, relatedCount).Select(_ => ftsIds[random.Next(ftsIds.Count)]).ToArray();
            var (d, df) = await Harness.InterleavedAsync("related papers", Math.Min(20, relatedCount), relatedCount,
                async i => await search.RelatedAsync(relatedOurs[i % relatedCount]),
                i => { engine.Related(relatedFts[i % relatedCount]); return Task.CompletedTask; });
            rows.Add(("related papers of a random paper (8)", d, df));

            Console.WriteLine("scale: profiling (b) step by step");
            phases = new SearchPhases(library);
            foreach (var q in queries) await phases.RunAsync(q.Text, [], 10);
        }

        report.Heading("2–3. Query latency in-process: PaperBrowser vs FTS5");
        report.Line($"{queries.Count} queries (seed {seed}) drawn from the index vocabulary: " +
                    string.Join(", ", queries.GroupBy(q => q.Kind).Select(g => $"{g.Count()} × {g.Key}")) + "; by rarest word: " +
                    string.Join(", ", queries.GroupBy(q => q.Rarity).OrderBy(g => Array.IndexOf(QuerySet.Bands, g.Key)).Select(g => $"{g.Count()} {g.Key}")) +
                    $" (bands by document frequency over {libraryPapers:N0} papers: rare ≤ 0.01 %, medium ≤ 1 %, common ≤ 10 %, very common > 10 %). " +
                    $"{(warm == queries.Count ? "One warm-up pass" : $"{warm} warm-up queries")}, then {passes} timed pass{(passes == 1 ? "" : "es")}; related papers for {relatedCount} random papers; every call is interleaved with the FTS5 call for the same query. " +
                    "PaperBrowser (a) is the app's query builder + top 10 by score as the app searches (`RelevanceTop`: pruned by score bounds where the query allows, the index's segments in one group per core, searched at once); (b) and (c) are `PaperSearchService.SearchAsync` " +
                    "(size 10: rows from SQLite, highlighted title + fragments, topics, and counts for all five facets); related is `RelatedAsync`.").Line();
        report.Table(["scenario", "PB p50", "PB p95", "PB p99", "FTS5 p50", "FTS5 p95", "FTS5 p99", "ratio p50", "ratio p95", "ratio p99"],
            rows.Select(r => (IReadOnlyList<string>)[r.Name, Fmt.Ms(r.Ours.P50), Fmt.Ms(r.Ours.P95), Fmt.Ms(r.Ours.P99),
                Fmt.Ms(r.Fts.P50), Fmt.Ms(r.Fts.P95), Fmt.Ms(r.Fts.P99),
                Fmt.Ratio(r.Ours.P50, r.Fts.P50), Fmt.Ratio(r.Ours.P95, r.Fts.P95), Fmt.Ratio(r.Ours.P99, r.Fts.P99)]));
        report.Line("Times in ms; ratio = PaperBrowser / FTS5 (below 1× means PaperBrowser is faster).").Line();
        if (cAlone is not null)
            report.Line($"(c) on its own, with no FTS5 call between PaperBrowser's calls: p50 {Fmt.Ms(cAlone.P50)}, p95 {Fmt.Ms(cAlone.P95)}, " +
                        $"p99 {Fmt.Ms(cAlone.P99)} ms. Interleaved, a browse call that runs right after FTS5's (a {Fmt.Ms(cFts!.P50)} ms GROUP BY in " +
                        "the same process) often waits a few hundred ms in its first SQLite query, the page's 10 rows, which take ~2 ms otherwise; " +
                        "the interleaved row above includes that wait.").Line();

        report.Line("(b) by kind of query (timed passes):").Line();
        report.Table(["kind", "queries", "mean hits PB", "mean hits FTS5", "PB p50", "PB p99", "FTS5 p50", "FTS5 p99", "ratio p50", "ratio p99"],
            queries.GroupBy(q => q.Kind).Select(g =>
            {
                var o = perQueryOurs[g.Key];
                var f = perQueryFts[g.Key];
                return (IReadOnlyList<string>)[g.Key, g.Count().ToString(CultureInfo.InvariantCulture),
                    Fmt.N(g.Average(q => oursTotals.GetValueOrDefault(q.Text))), Fmt.N(g.Average(q => ftsTotals.GetValueOrDefault(q.Text))),
                    Fmt.Ms(o.P50), Fmt.Ms(o.P99), Fmt.Ms(f.P50), Fmt.Ms(f.P99), Fmt.Ratio(o.P50, f.P50), Fmt.Ratio(o.P99, f.P99)];
            }));
        report.Line($"Queries with no hit: PaperBrowser {queries.Count(q => oursTotals.GetValueOrDefault(q.Text) == 0)}, " +
                    $"FTS5 {queries.Count(q => ftsTotals.GetValueOrDefault(q.Text) == 0)}. (The app relaxes to \"some of the words\" when none match all.)").Line();
        report.Heading("Profile of (b): where PaperBrowser's time goes (Stopwatch per step, one pass over the queries, on one thread)");
        phases.Write(report, "");

        // ---- 4. the web app with this library -------------------------------------------------------------------
        Console.WriteLine("scale: starting the web app on the imported library");
        var readyTimes = new List<(TimeSpan Healthy, TimeSpan Ready)>();
        WebBench.LoadResult load;
        long rss, peak;
        var log = Path.Combine(work, "app.log");
        if (File.Exists(log)) File.Delete(log);
        await using (var app = AppProcess.Start(appDir, data, log))
        {
            await app.WaitReadyAsync(TimeSpan.FromMinutes(60));
            readyTimes.Add((app.HealthyAfter!.Value, app.ReadyAfter!.Value));
            load = await WebBench.LoadAsync(app, args);
            (rss, peak) = app.Memory();
        }
        // Again with the page cache off: every request searches a million papers and renders.
        WebBench.LoadResult uncached;
        long uncachedRss;
        await using (var app = AppProcess.Start(appDir, data, log, WebBench.NoPageCache))
        {
            Console.WriteLine("scale: the web app again with the page cache off");
            await app.WaitReadyAsync(TimeSpan.FromMinutes(60));
            uncached = await WebBench.LoadAsync(app, args);
            (uncachedRss, _) = app.Memory();
        }
        // Baseline for the start time: the same app on a library of the bundled samples, started alternately.
        var samplesData = Path.Combine(work, "samples-data");
        var samplesLog = Path.Combine(work, "app-samples.log");
        if (!File.Exists(Path.Combine(samplesData, "papers.db")))
        {
            await using var first = AppProcess.Start(appDir, samplesData, samplesLog);
            await first.WaitReadyAsync(TimeSpan.FromMinutes(10)); // first start imports the samples
        }
        var samplesReady = new List<TimeSpan>();
        for (var i = 0; i < args.Int("restarts", 2) + 1; i++)
        {
            if (i > 0)
            {
                await using var app = AppProcess.Start(appDir, data, log);
                await app.WaitReadyAsync(TimeSpan.FromMinutes(60));
                readyTimes.Add((app.HealthyAfter!.Value, app.ReadyAfter!.Value));
            }
            await using (var small = AppProcess.Start(appDir, samplesData, samplesLog))
            {
                await small.WaitReadyAsync(TimeSpan.FromMinutes(10));
                samplesReady.Add(small.ReadyAfter!.Value);
            }
        }
        var startup = await Shell.RunAsync("dotnet", [typeof(ScaleBench).Assembly.Location, "startup-profile", "--data-dir", data]);
        var appLog = File.ReadAllText(log);

        report.Heading("4. The web app with this library");
        report.Line(load.Note).Line();
        report.Line("### As configured by default (page cache on)").Line();
        report.Line("The app keeps a rendered page per URL and index state (`PaperBrowser:PageCacheSeconds`, default 600, dropped when the " +
                    "index changes); wrk repeats one URL, so after the first request these are cache hits.").Line();
        WebBench.Write(report, load, args, rpsTarget: 150, p99TargetMs: 150);
        report.Line("### Page cache off (`PaperBrowser__PageCacheSeconds=0`): every request searches and renders").Line();
        WebBench.Write(report, uncached, args, rpsTarget: 150, p99TargetMs: 150);
        report.Line($"App RSS after this load: {Fmt.Bytes(uncachedRss)}.").Line();
        var readyMedian = readyTimes.Select(r => r.Ready.TotalSeconds).Order().ElementAt(readyTimes.Count / 2);
        report.Line($"App RSS after the load: {Fmt.Bytes(rss)} (peak {Fmt.Bytes(peak)}).").Line()
            .Line("Process start → first 200 from /healthz and /readyz, on the existing database and index: " +
                  string.Join("; ", readyTimes.Select((r, i) => $"start {i + 1}: /healthz {r.Healthy.TotalSeconds:0.00} s, /readyz {r.Ready.TotalSeconds:0.00} s")) +
                  $" (median ready {readyMedian:0.00} s).").Line()
            .Line($"Baseline: the same app on a library of the bundled samples ({samplesReady.Count} starts, alternating with the ones above): " +
                  string.Join(", ", samplesReady.Select(r => $"{r.TotalSeconds:0.00} s")) +
                  $"; median ready time ratio this library / samples: {Fmt.Ratio(readyMedian, samplesReady.Select(r => r.TotalSeconds).Order().ElementAt(samplesReady.Count / 2))}.").Line()
            .Line("Start-up steps in a fresh process (`PaperBrowser.Bench startup-profile`, the DataInitializer's steps timed one by one on this library):").Line()
            .Line(startup.Stdout.Trim()).Line();
        // What the app logged (warnings and failures, with their first line), counted.
        var lines = appLog.Split('\n');
        var logged = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("warn:", StringComparison.Ordinal) || x.l.StartsWith("fail:", StringComparison.Ordinal))
            .Select(x => x.l.Trim() + (x.i + 1 < lines.Length ? " " + lines[x.i + 1].Trim() : ""))
            .GroupBy(l => l).Select(g => $"{g.Count()} × {g.Key}").ToList();
        if (logged.Count > 0)
            report.Line("The app's warnings and failures during these starts and the load (`fail` lines with a NullReferenceException in Home are requests wrk cut off at the end of a run):").Code(string.Join('\n', logged));

        // ---- targets ---------------------------------------------------------------------------------------------
        var (b0, bf0) = (rows[1].Ours, rows[1].Fts);
        report.Heading(count >= 1_000_000 ? "Targets" : $"Targets (set for 1,000,000 papers; this run has {count:N0} records)");
        report.Table(["target", "measured", "result"],
        [
            ["(b) p99 ≤ 0.1× FTS5", Fmt.Ratio(b0.P99, bf0.P99), Fmt.Pass(b0.P99 <= 0.1 * bf0.P99)],
            ["(b) p50 ≤ 0.5× FTS5", Fmt.Ratio(b0.P50, bf0.P50), Fmt.Pass(b0.P50 <= 0.5 * bf0.P50)],
            ["(a) p99 < 20 ms", $"{Fmt.Ms(rows[0].Ours.P99)} ms", Fmt.Pass(rows[0].Ours.P99 < 20)],
            ["import ≤ 1.5× FTS5 build time", Fmt.Ratio(ours.WallSeconds, fts.WallSeconds), Fmt.Pass(ours.WallSeconds <= 1.5 * fts.WallSeconds)],
            ["search page ≥ 150 requests/s at 16 connections", $"{Fmt.N(load.Search.RequestsPerSecond)}{(load.IsPage ? "" : " (API)")}", Fmt.Pass(load.Search.RequestsPerSecond >= 150)],
            ["search page p99 < 150 ms at 16 connections", $"{Fmt.Ms(load.Search.P99Ms)} ms{(load.IsPage ? "" : " (API)")}", Fmt.Pass(load.Search.P99Ms < 150)],
            ["  the same with the page cache off: ≥ 150 requests/s", Fmt.N(uncached.Search.RequestsPerSecond), Fmt.Pass(uncached.Search.RequestsPerSecond >= 150)],
            ["  the same with the page cache off: p99 < 150 ms", $"{Fmt.Ms(uncached.Search.P99Ms)} ms", Fmt.Pass(uncached.Search.P99Ms < 150)],
            ["app RSS < 1.5 GiB", $"{Fmt.Bytes(rss)} (cache on), {Fmt.Bytes(uncachedRss)} (cache off)", Fmt.Pass(Math.Max(rss, uncachedRss) < 1.5 * (1L << 30))],
            ["ready within 5 s of start on an existing index", $"{readyMedian:0.00} s (median of {readyTimes.Count})", Fmt.Pass(readyMedian < 5)],
        ], left: 3);

        report.Line("<details><summary>The query set</summary>").Line();
        report.Table(["#", "kind", "rarest word", "query", "FTS5 MATCH", "hits PB", "hits FTS5"],
            queries.Select((q, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), q.Kind, q.Rarity, $"`{q.Text}`", $"`{q.Fts}`",
                Fmt.N(oursTotals.GetValueOrDefault(q.Text)), Fmt.N(ftsTotals.GetValueOrDefault(q.Text))]), left: 5);
        report.Line("</details>").Line();
        report.Save(output);
        return 0;
    }

    private static void Sample(Dictionary<string, Samples> samples, string key, long start)
    {
        if (!samples.TryGetValue(key, out var s)) samples[key] = s = new Samples(key);
        s.Add(start);
    }
}
