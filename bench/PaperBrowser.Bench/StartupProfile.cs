using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Search;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Bench;

/// <summary>
/// `startup-profile --data-dir DIR`: in a fresh process, the steps the app's DataInitializer takes before /readyz
/// turns 200 (migrate, look for papers, make sure the index is current, open the searcher), each timed, then the
/// first search. Prints a Markdown table; `scale` runs it as a child process so JIT and cold caches count as at start.
/// </summary>
public static class StartupProfile
{
    public static async Task<int> RunAsync(Args args)
    {
        var process = Stopwatch.StartNew();
        var steps = new List<(string, double)>();
        var clock = Stopwatch.StartNew();
        using var library = new Library(args.Required("data-dir"));
        _ = library.Search;
        steps.Add(("build the services (DI, options, taxonomy, acronyms)", clock.Elapsed.TotalMilliseconds));
        clock.Restart();
        await library.MigrateAsync();
        steps.Add(("DatabaseMigrator.MigrateAsync (pending-migrations check, WAL pragma)", clock.Elapsed.TotalMilliseconds));
        clock.Restart();
        await using (var db = await library.Db.CreateDbContextAsync()) _ = await db.Papers.AnyAsync();
        steps.Add(("Papers.AnyAsync (is the library empty?)", clock.Elapsed.TotalMilliseconds));
        clock.Restart();
        var state = await library.Services.GetRequiredService<PaperIndexWriter>().EnsureCurrentAsync();
        steps.Add(($"PaperIndexWriter.EnsureCurrentAsync → \"{state}\"", clock.Elapsed.TotalMilliseconds));
        clock.Restart();
        library.Index.RefreshNow();
        steps.Add(("PaperIndex.RefreshNow (open the searcher)", clock.Elapsed.TotalMilliseconds));
        var ready = process.Elapsed.TotalMilliseconds;
        clock.Restart();
        await library.Search.SearchAsync(new SearchRequest { Query = "neural networks" });
        steps.Add(("(after ready) first SearchAsync: JIT + global ordinals + first reads", clock.Elapsed.TotalMilliseconds));
        clock.Restart();
        await library.Search.SearchAsync(new SearchRequest());
        steps.Add(("(after ready) first browse (no query)", clock.Elapsed.TotalMilliseconds));

        var text = new System.Text.StringBuilder();
        text.AppendLine("| step | ms |").AppendLine("| --- | ---: |");
        foreach (var (step, ms) in steps) text.AppendLine($"| {step} | {Fmt.Ms(ms)} |");
        text.AppendLine($"| **ready** (sum of the steps above the first search, from Main) | {Fmt.Ms(ready)} |");
        Console.WriteLine(text.ToString());
        return 0;
    }
}
