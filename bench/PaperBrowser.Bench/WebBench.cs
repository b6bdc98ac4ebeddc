using System.Text.Json;
using PaperBrowser.Bench.Infra;

namespace PaperBrowser.Bench;

/// <summary>
/// `web` (issue "Pages"): the published app on 127.0.0.1, loaded by wrk: a trivial endpoint (/healthz) and the
/// search page with a query and two topics selected, in the same run, so the ratio search/trivial is what counts.
/// </summary>
public static class WebBench
{
    public sealed record LoadResult(WrkResult Trivial, WrkResult Search, string SearchPath, bool IsPage, string[] Topics, int SearchTotal,
        string Note, Samples SeqTrivial, Samples SeqSearch, Samples SeqApi, Samples SeqApiServer);

    public static async Task<int> RunAsync(Args args)
    {
        var appDir = args.Required("app");
        var output = args.Get("out", "bench/results/web.md");
        var temp = Directory.CreateTempSubdirectory("pb-bench-web-");
        try
        {
            var dataDir = Path.Combine(temp.FullName, "data");
            LoadResult load;
            TimeSpan? readyAfter;
            long rss, peak;
            await using (var app = AppProcess.Start(appDir, dataDir, Path.Combine(temp.FullName, "app.log")))
            {
                Console.WriteLine($"web: started the app (pid {app.Pid}) on {app.BaseUrl}; first start imports the bundled samples");
                await app.WaitReadyAsync(TimeSpan.FromMinutes(10));
                readyAfter = app.ReadyAfter;
                load = await LoadAsync(app, args);
                (rss, peak) = app.Memory();
            }

            // The same run again with the page cache off: what rendering every request costs.
            LoadResult uncached;
            await using (var app = AppProcess.Start(appDir, dataDir, Path.Combine(temp.FullName, "app-uncached.log"), NoPageCache))
            {
                Console.WriteLine($"web: restarted the app with the page cache off (PaperBrowser__PageCacheSeconds=0) on {app.BaseUrl}");
                await app.WaitReadyAsync(TimeSpan.FromMinutes(10));
                uncached = await LoadAsync(app, args);
            }

            var report = new Report("Benchmark: web (published app under wrk, bundled samples)", "bash bench/run.sh web");
            report.Line($"The app from `dotnet publish -c Release`, run with an empty temp data folder (it imports the bundled samples on first start), " +
                        $"`ASPNETCORE_URLS=http://127.0.0.1:<free port>`, `Logging__LogLevel__Default=Warning`. Ready after {readyAfter?.TotalSeconds:0.00} s.")
                .Line(load.Note).Line();
            report.Line("### As configured by default (page cache on)").Line();
            report.Line("Every view is a GET URL that only changes with the index, so the app keeps a rendered page per URL and index " +
                        "state (`PaperBrowser:PageCacheSeconds`, default 600; dropped when the index changes). wrk asks for one URL over and " +
                        "over, so after the first request these are cache hits.").Line();
            Write(report, load, args);
            report.Line($"App memory after the runs: RSS {Fmt.Bytes(rss)}, peak RSS {Fmt.Bytes(peak)}.").Line();
            report.Line("### Page cache off (`PaperBrowser__PageCacheSeconds=0`): every request searches and renders").Line();
            report.Line("The same data folder and URLs, a fresh process. This is the cost of a view nobody asked for since the last import.").Line();
            Write(report, uncached, args);
            report.Save(output);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { temp.Delete(recursive: true); } catch (IOException) { }
        }
    }

    public static readonly IReadOnlyDictionary<string, string> NoPageCache = new Dictionary<string, string> { ["PaperBrowser__PageCacheSeconds"] = "0" };

    /// <summary>Picks the search URL, warms both endpoints up, then runs wrk on the trivial endpoint and on the search.</summary>
    public static async Task<LoadResult> LoadAsync(AppProcess app, Args args)
    {
        var threads = args.Int("threads", 2);
        var connections = args.Int("connections", 16);
        var seconds = args.Int("duration", 15);
        var warmupSeconds = args.Int("warmup-seconds", 3);
        var query = args.Get("query", "neural networks");

        var topics = await PickTopicsAsync(app, query);
        var parameters = $"q={Uri.EscapeDataString(query)}" + string.Concat(topics.Select(t => $"&topic={Uri.EscapeDataString(t)}"));
        var apiPath = "/api/search?" + parameters;
        var pagePath = "/?" + parameters;

        // The page counts as the search page when it shows highlighted hits for the query.
        string searchPath;
        bool isPage;
        string note;
        var forced = args.Get("search-path");
        var page = await app.Http.GetAsync(pagePath);
        var pageBody = await page.Content.ReadAsStringAsync();
        if (forced is not null)
        {
            (searchPath, isPage) = (forced, !forced.StartsWith("/api/", StringComparison.Ordinal));
            note = $"Search URL given on the command line: `{forced}`.";
        }
        else if (page.IsSuccessStatusCode && pageBody.Contains("<mark>", StringComparison.Ordinal))
        {
            (searchPath, isPage) = (pagePath, true);
            note = $"Search page: `{pagePath}` (answers {(int)page.StatusCode} with highlighted hits, {pageBody.Length:N0} chars of HTML).";
        }
        else
        {
            (searchPath, isPage) = (apiPath, false);
            note = $"**`/` is not a search page yet** (`{pagePath}` answered {(int)page.StatusCode} without highlighted hits), " +
                   $"so the JSON API with the same parameters was loaded instead: `{apiPath}`.";
        }
        var total = await TotalAsync(app, apiPath);
        var check = await app.Http.GetAsync(searchPath);
        if (!check.IsSuccessStatusCode) throw new InvalidOperationException($"{searchPath} answered {(int)check.StatusCode}");

        Console.WriteLine($"web: warming up ({warmupSeconds} s each), then {seconds} s of wrk -t{threads} -c{connections} on /healthz and {searchPath}");
        var trivialUrl = new Uri(app.BaseUrl, "/healthz");
        var searchUrl = new Uri(app.BaseUrl, searchPath);
        await Wrk.RunAsync(trivialUrl, threads, connections, warmupSeconds);
        await Wrk.RunAsync(searchUrl, threads, connections, warmupSeconds);

        // One request at a time: latency without queueing, and how much of the API's time is the search service itself.
        var sequential = args.Int("sequential", 50);
        var seqTrivial = new Samples("/healthz");
        var seqSearch = new Samples(searchPath);
        var seqApi = new Samples(apiPath);
        var seqApiServer = new Samples("SearchAsync elapsed (from the API's elapsedMs)");
        for (var i = 0; i < sequential; i++)
        {
            var t = System.Diagnostics.Stopwatch.GetTimestamp();
            (await app.Http.GetAsync("/healthz")).EnsureSuccessStatusCode();
            seqTrivial.Add(t);
            t = System.Diagnostics.Stopwatch.GetTimestamp();
            _ = await (await app.Http.GetAsync(searchPath)).EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
            seqSearch.Add(t);
            t = System.Diagnostics.Stopwatch.GetTimestamp();
            var json = await (await app.Http.GetAsync(apiPath)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
            seqApi.Add(t);
            using var doc = JsonDocument.Parse(json);
            seqApiServer.Add(doc.RootElement.GetProperty("elapsedMs").GetDouble());
        }
        var trivial = await Wrk.RunAsync(trivialUrl, threads, connections, seconds);
        var search = await Wrk.RunAsync(searchUrl, threads, connections, seconds);
        Console.WriteLine($"  /healthz {trivial.RequestsPerSecond:N0} req/s p99 {Fmt.Ms(trivial.P99Ms)} ms; search {search.RequestsPerSecond:N0} req/s p99 {Fmt.Ms(search.P99Ms)} ms");
        return new LoadResult(trivial, search, searchPath, isPage, topics, total, note, seqTrivial, seqSearch, seqApi, seqApiServer);
    }

    public static void Write(Report report, LoadResult load, Args args, double rpsTarget = 0, double p99TargetMs = 50)
    {
        var threads = args.Int("threads", 2);
        var connections = args.Int("connections", 16);
        var seconds = args.Int("duration", 15);
        report.Line($"wrk `-t{threads} -c{connections} -d{seconds}s --latency`, both endpoints in the same run after a warm-up; " +
                    $"the search matches {load.SearchTotal:N0} papers with topics {string.Join(" + ", load.Topics)}.").Line();
        IReadOnlyList<string> Row(string name, WrkResult r) =>
            [name, $"`{new Uri(r.Url).PathAndQuery}`", Fmt.N(r.RequestsPerSecond), Fmt.Ms(r.P50Ms), Fmt.Ms(r.P90Ms), Fmt.Ms(r.P99Ms),
             Fmt.N(r.Requests), r.Clean ? "none" : $"non-2xx {r.Non2xx}; {r.SocketErrors}"];
        report.Table(["endpoint", "URL", "requests/s", "p50 ms", "p90 ms", "p99 ms", "requests", "errors"],
        [
            Row("trivial", load.Trivial),
            Row(load.IsPage ? "search page" : "search API (page not built yet)", load.Search),
        ], left: 2);
        var ratio = load.Search.RequestsPerSecond / load.Trivial.RequestsPerSecond;
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "search/trivial requests/s >= 0.5", Fmt.Ratio(load.Search.RequestsPerSecond, load.Trivial.RequestsPerSecond), Fmt.Pass(ratio >= 0.5) },
            new[] { $"search p99 < {p99TargetMs:0} ms at {connections} connections", $"{Fmt.Ms(load.Search.P99Ms)} ms", Fmt.Pass(load.Search.P99Ms < p99TargetMs) },
        };
        if (rpsTarget > 0)
            rows.Add([$"search >= {rpsTarget:0} requests/s at {connections} connections", Fmt.N(load.Search.RequestsPerSecond), Fmt.Pass(load.Search.RequestsPerSecond >= rpsTarget)]);
        rows.Add(["search p99 / trivial p99 (for reference)", Fmt.Ratio(load.Search.P99Ms, load.Trivial.P99Ms), ""]);
        report.Table(["target", "measured", "result"], rows, left: 3);
        if (!load.IsPage)
            report.Line("The ratio is for the JSON API, not the page: rerun when `/` renders search results.").Line();

        report.Line($"One request at a time ({load.SeqTrivial.Count} sequential requests each, after the warm-up), client-side latency:").Line();
        report.Table(["request", "p50 ms", "p95 ms", "max ms"],
        [
            ["`/healthz`", Fmt.Ms(load.SeqTrivial.P50), Fmt.Ms(load.SeqTrivial.P95), Fmt.Ms(load.SeqTrivial.Max)],
            [$"search{(load.IsPage ? " page" : "")} `{load.SearchPath}`", Fmt.Ms(load.SeqSearch.P50), Fmt.Ms(load.SeqSearch.P95), Fmt.Ms(load.SeqSearch.Max)],
            ["same search via the JSON API", Fmt.Ms(load.SeqApi.P50), Fmt.Ms(load.SeqApi.P95), Fmt.Ms(load.SeqApi.Max)],
            ["  of which inside `SearchAsync` (the API's elapsedMs)", Fmt.Ms(load.SeqApiServer.P50), Fmt.Ms(load.SeqApiServer.P95), Fmt.Ms(load.SeqApiServer.Max)],
        ], left: 1);
        report.Line("<details><summary>wrk output</summary>").Line().Code(load.Trivial.Raw).Code(load.Search.Raw).Line("</details>").Line();
    }

    private static async Task<string[]> PickTopicsAsync(AppProcess app, string query)
    {
        using var doc = JsonDocument.Parse(await app.Http.GetStringAsync("/api/search?q=" + Uri.EscapeDataString(query)));
        var counts = new Dictionary<string, int>();
        foreach (var facet in doc.RootElement.GetProperty("facets").EnumerateArray())
        {
            if (facet.GetProperty("name").GetString() != "topic") continue;
            foreach (var v in facet.GetProperty("values").EnumerateArray())
                counts[v.GetProperty("value").GetString()!] = v.GetProperty("count").GetInt32();
        }
        if (SearchBench.PreferredTopics.All(t => counts.GetValueOrDefault(t) > 0)) return SearchBench.PreferredTopics;
        return [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(2).Select(c => c.Key)];
    }

    private static async Task<int> TotalAsync(AppProcess app, string apiPath)
    {
        using var doc = JsonDocument.Parse(await app.Http.GetStringAsync(apiPath));
        return doc.RootElement.GetProperty("total").GetInt32();
    }
}
