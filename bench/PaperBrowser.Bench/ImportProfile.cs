using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Microsoft.Extensions.DependencyInjection;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Bench;

/// <summary>
/// Where import time goes, step by step on the first K records of the corpus (in-process, Stopwatch): parsing,
/// title normalization, topic classification, Lucene document building and analysis, the EF Core import, the index
/// update the `import` verb runs afterwards, a full index rebuild, and the FTS5 build of the same slice.
/// </summary>
public static class ImportProfile
{
    public static async Task RunAsync(Report report, string corpus, string work, int records)
    {
        var root = Path.Combine(work, "profile");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        var slice = Path.Combine(root, $"slice-{records}.jsonl");
        await using (var writer = new StreamWriter(slice))
        {
            var n = 0;
            foreach (var line in File.ReadLines(corpus))
            {
                if (n++ == records) break;
                await writer.WriteLineAsync(line);
            }
        }
        var steps = new List<(string Step, double Seconds)>();

        var clock = Stopwatch.StartNew();
        var entries = new ArxivJsonLinesFormat().Read(slice).Select(i => i.Entry).OfType<ParsedEntry>().ToList();
        steps.Add(("parse JSON Lines (ArxivJsonLinesFormat.Read)", clock.Elapsed.TotalSeconds));

        clock.Restart();
        var keys = entries.Select(e => TitleNormalizer.Normalize(e.Title)).ToList();
        steps.Add(("normalize titles (dedup key)", clock.Elapsed.TotalSeconds));

        using (var lucene = new Library(Path.Combine(root, "lucene-only")))
        {
            clock.Restart();
            foreach (var e in entries) _ = lucene.Topics.Classify(e.Title, e.Abstract);
            steps.Add(("classify topics (TopicTaxonomy.Classify, 32 regexes)", clock.Elapsed.TotalSeconds));

            var builder = lucene.Services.GetRequiredService<PaperDocumentBuilder>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var papers = entries.Zip(keys).Where(x => seen.Add(x.Second)).Select((x, i) => new Paper
            {
                Id = i + 1, NormalizedTitle = x.Second, Title = x.First.Title, Abstract = x.First.Abstract, Authors = [.. x.First.Authors],
                Categories = [.. x.First.Categories], Published = x.First.Published, ArxivId = x.First.ArxivId,
            }).ToList();
            string[] files = [Path.GetFileName(slice)];
            clock.Restart();
            var docs = papers.Select(p => builder.Build(p, files)).ToList();
            steps.Add(("build Lucene documents (PaperDocumentBuilder, includes classify)", clock.Elapsed.TotalSeconds));
            clock.Restart();
            using (var w = lucene.Index.OpenWriter(OpenMode.CREATE))
            {
                foreach (var d in docs) w.AddDocument(d);
                w.Commit();
            }
            steps.Add(("analyze + write them (IndexWriter.AddDocument + commit)", clock.Elapsed.TotalSeconds));
        }

        using (var library = new Library(Path.Combine(root, "app")))
        {
            await library.MigrateAsync();
            clock.Restart();
            var summary = await library.ImportAsync(slice);
            steps.Add(("**import to SQLite** (PaperImporter.ImportAsync: parse, dedup, EF Core)", clock.Elapsed.TotalSeconds));
            clock.Restart();
            await library.Services.GetRequiredService<PaperIndexWriter>().UpdateAsync(summary.ChangedPaperIds);
            steps.Add(("(for comparison) index update afterwards, as an import into a library with papers runs it (PaperIndexWriter.UpdateAsync)", clock.Elapsed.TotalSeconds));
            clock.Restart();
            await library.RebuildIndexAsync();
            steps.Add(("(for comparison) full index rebuild (PaperIndexWriter.RebuildAsync)", clock.Elapsed.TotalSeconds));
        }

        using (var library = new Library(Path.Combine(root, "streamed")))
        {
            await library.MigrateAsync();
            clock.Restart();
            // What `import` does into an empty library: the index is written beside the import and committed after it.
            using (var build = await library.Services.GetRequiredService<PaperIndexWriter>().StartStreamingBuildAsync())
            {
                var summary = await library.Services.GetRequiredService<PaperImporter>().ImportAsync([slice], null, build.Add);
                if (await build.CommitAsync(summary.NewPapers) is null) throw new InvalidOperationException($"streamed index build failed: {build.Failure}");
            }
            steps.Add(("**import + index written beside it**, as `import` into an empty library runs it (PaperImporter + StreamingIndexBuild)", clock.Elapsed.TotalSeconds));
        }

        clock.Restart();
        var stats = Fts5Index.Build(slice, Path.Combine(root, "fts5.db"));
        steps.Add(("**FTS5 build** of the same slice (all steps)", clock.Elapsed.TotalSeconds));
        steps.Add(($"  of which FTS5 inserts only", stats.InsertSeconds));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }

        report.Line($"Import profile: each step alone on the first {records:N0} records, in-process (Stopwatch). " +
                    "The bold lines are what `import` and the FTS5 build do; the others break them down.").Line();
        report.Table(["step", "seconds", "µs per record"],
            steps.Select(s => (IReadOnlyList<string>)[s.Step, s.Seconds.ToString("0.00", CultureInfo.InvariantCulture),
                Fmt.N(s.Seconds * 1e6 / records)]));
    }
}
