using System.Diagnostics;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Search;

namespace PaperBrowser.Bench;

/// <summary>
/// `profile --data-dir DIR --query Q [--topics "A;B"] [--size N] [--iterations N]`: the Stopwatch step profile of one
/// search on an existing library, printed as Markdown; for chasing one slow query seen in another benchmark.
/// </summary>
public static class ProfileCommand
{
    public static async Task<int> RunAsync(Args args)
    {
        var data = args.Required("data-dir");
        var query = args.Get("query");
        var topics = args.Get("topics")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var size = args.Int("size", SearchRequest.DefaultSize);
        var iterations = args.Int("iterations", 30);
        using var library = new Library(data);
        var response = await library.Search.SearchAsync(new SearchRequest { Query = query, Topics = topics, Size = size });
        var service = await Harness.TimeAsync("SearchAsync", 3, iterations,
            async _ => await library.Search.SearchAsync(new SearchRequest { Query = query, Topics = topics, Size = size }));
        var phases = new SearchPhases(library);
        for (var i = 0; i < iterations + 3; i++) await phases.RunAsync(query, topics, size);
        var report = new Report($"Profile: \"{query}\" with topics [{string.Join(", ", topics)}], page of {size}", string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        report.Line($"{response.Total:N0} hits. SearchAsync: p50 {Fmt.Ms(service.P50)} ms, p95 {Fmt.Ms(service.P95)} ms over {iterations} calls.").Line();
        using (var lease = library.Index.Acquire())
        {
            var built = library.QueryBuilder.Build(PaperBrowser.Search.Querying.UserQueryParser.Parse(query), lease.Searcher.IndexReader, lease.Words);
            var text = built.Query.ToString();
            report.Line("Lucene query:").Code(text.Length > 2000 ? text[..2000] + " …" : text);
        }
        phases.Write(report, "Steps:");
        Console.WriteLine(report.ToString());
        if (args.Get("out") is { } output) report.Save(output);
        return 0;
    }
}
