using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Import;

public class PaperImporterTests
{
    // --- The sample captures ---

    [Fact]
    public async Task Samples_import_as_352_papers_from_424_entries()
    {
        using var lib = new TestLibrary();

        var summary = await lib.ImportAsync(Samples.Directory);

        Assert.Empty(summary.Problems);
        Assert.Equal(5, summary.Files.Count);
        Assert.Equal(Samples.Entries, summary.EntriesRead);
        Assert.Equal(Samples.UniquePapers, summary.NewPapers);
        Assert.Equal(Samples.Entries - Samples.UniquePapers, summary.DuplicatesMerged);
        Assert.Equal(0, summary.UpdatedPapers);
        Assert.Equal(Samples.UniquePapers, summary.ChangedPaperIds.Count);

        await using var db = lib.CreateDb();
        Assert.Equal(Samples.UniquePapers, await db.Papers.CountAsync());
        Assert.Equal(Samples.Entries, await db.PaperSources.CountAsync());
        Assert.Equal(summary.ChangedPaperIds.Order(), (await db.Papers.Select(p => p.Id).ToListAsync()).Order());
    }

    [Fact]
    public async Task Every_entry_is_recorded_as_a_source_with_file_listing_date_position_and_line()
    {
        using var lib = new TestLibrary();
        await lib.ImportAsync(Samples.Directory);

        var expected = Directory.GetFiles(Samples.Directory, "*.txt")
            .SelectMany(f => PageCaptureParser.Parse(TextDecoder.Decode(File.ReadAllBytes(f)).Text!).Entries
                .Select(e => (File: Path.GetFileName(f), e.ListingDate, e.Position, e.Line, Key: TitleNormalizer.Normalize(e.Title), e.Title)))
            .OrderBy(x => x.File, StringComparer.Ordinal).ThenBy(x => x.Position)
            .ToList();

        await using var db = lib.CreateDb();
        var stored = (await db.PaperSources.Include(s => s.Paper).ToListAsync())
            .Select(s => (File: s.FileName, s.ListingDate, s.Position, s.Line, Key: s.Paper!.NormalizedTitle, s.Title))
            .OrderBy(x => x.File, StringComparer.Ordinal).ThenBy(x => x.Position)
            .ToList();

        Assert.Equal(expected, stored);
        Assert.Contains(stored, s => s.ListingDate == "Mar 12");
        Assert.Contains(stored, s => s.ListingDate is null); // 001 has no page date
    }

    [Fact]
    public async Task Reimporting_the_same_files_changes_nothing()
    {
        using var lib = new TestLibrary();
        await lib.ImportAsync(Samples.Directory);
        var before = await Snapshot(lib);

        var again = await lib.ImportAsync(Samples.Directory);

        Assert.Equal(0, again.NewPapers);
        Assert.Equal(0, again.UpdatedPapers);
        Assert.Equal(0, again.DuplicatesMerged);
        Assert.Equal(Samples.Entries, again.UnchangedEntries);
        Assert.Empty(again.ChangedPaperIds);
        Assert.Equal(before, await Snapshot(lib));
    }

    [Fact]
    public async Task The_same_capture_from_another_folder_is_the_same_source()
    {
        using var lib = new TestLibrary();
        await lib.ImportAsync(Samples.File("000"));
        var copy = lib.Temp.Write("elsewhere/" + Path.GetFileName(Samples.File("000")), File.ReadAllBytes(Samples.File("000")));

        var again = await lib.ImportAsync(copy);

        Assert.Equal((0, 0), (again.NewPapers, again.UpdatedPapers));
        await using var db = lib.CreateDb();
        Assert.Equal(again.EntriesRead, await db.PaperSources.CountAsync());
    }

    [Fact]
    public async Task Import_order_does_not_change_the_papers()
    {
        using var forward = new TestLibrary();
        using var backward = new TestLibrary();
        var files = Directory.GetFiles(Samples.Directory, "*.txt").Order(StringComparer.Ordinal).ToList();

        await forward.ImportAsync(Samples.Directory);
        foreach (var file in Enumerable.Reverse(files))
            await backward.ImportAsync(file);

        Assert.Equal(await PaperFields(forward), await PaperFields(backward));
    }

    [Fact]
    public async Task Duplicates_keep_the_metadata_that_only_one_copy_has()
    {
        using var lib = new TestLibrary();
        await lib.ImportAsync(Samples.Directory);

        await using var db = lib.CreateDb();
        var papers = await db.Papers.Include(p => p.Sources).ToListAsync();
        // Papers listed both in the metadata capture (003) and in a plain one.
        var mixed = papers.Where(p => p.Sources.Select(s => s.FileName).Distinct().Count() > 1
                                      && p.Sources.Any(s => s.AuthorCount is not null)
                                      && p.Sources.Any(s => s.AuthorCount is null)).ToList();

        Assert.NotEmpty(mixed);
        Assert.All(mixed, p =>
        {
            var withMetadata = p.Sources.First(s => s.AuthorCount is not null);
            Assert.Equal(withMetadata.AuthorCount, p.AuthorCount);
            Assert.Equal(withMetadata.Published, p.Published);
            Assert.Equal(p.Sources.Max(s => s.Upvotes), p.Upvotes);
        });
    }

    [Fact]
    public async Task Partial_dates_urls_and_TeX_are_stored_as_found()
    {
        using var lib = new TestLibrary();
        await lib.ImportAsync(Samples.Directory);

        await using var db = lib.CreateDb();
        var papers = await db.Papers.ToListAsync();

        var grokking = papers.Single(p => p.Title.StartsWith("Provable Scaling Laws of Feature Emergence", StringComparison.Ordinal));
        Assert.Equal(new PartialDate { Month = 9, Day = 25 }, grokking.Published);

        var eqNet = papers.Single(p => p.Abstract.Contains("xuke225/EQ-Net", StringComparison.Ordinal));
        Assert.Equal(["https://github.com/xuke225/EQ-Net.git", "https://github.com/xuke225/EQ-Net"], eqNet.Urls);

        var eeea = papers.Single(p => p.Abstract.Contains("chakkritte/EEEA-Net", StringComparison.Ordinal));
        Assert.Contains("https://github.com/chakkritte/EEEA-Net", eeea.Urls);

        var s2ft = papers.Single(p => p.Title.StartsWith("S$^{2}$FT", StringComparison.Ordinal));
        Assert.Equal(TitleNormalizer.Normalize("S2FT: Efficient, Scalable and Generalizable LLM Fine-tuning by Structured Sparsity"), s2ft.NormalizedTitle);

        // Every paper whose abstract links somewhere has its links, all without trailing punctuation.
        Assert.All(papers.Where(p => p.Abstract.Contains("://", StringComparison.Ordinal)), p => Assert.NotEmpty(p.Urls));
        Assert.All(papers.SelectMany(p => p.Urls), u => Assert.DoesNotMatch(@"[.,;:}{]$", u));
    }

    // --- Crafted captures ---

    [Fact]
    public async Task Copies_that_disagree_merge_into_the_most_complete_paper_and_keep_every_source()
    {
        using var lib = new TestLibrary();
        var shortCopy = lib.Temp.Write("in/a_listing.txt", Captures.Page("Oct 15",
            Captures.WithMetadata("Sparse Fine-Tuning at Scale", Captures.Abstract("sparse fine-tuning"), "  • 4 authors", "·", "Sep 25 7")));
        var longAbstract = Captures.Abstract("sparse fine-tuning") + " Code: https://github.com/example/sparse-ft.";
        var longCopy = lib.Temp.Write("in/b_listing.txt", Captures.Page("Mar 11",
            Captures.WithMetadata(@"SPARSE fine tuning at \textbf{scale}!", longAbstract, "  • 3 authors", "·", "Sep 25, 2024")));

        var summary = await lib.ImportAsync(shortCopy, longCopy);

        Assert.Equal((1, 1, 0), (summary.NewPapers, summary.DuplicatesMerged, summary.UpdatedPapers));
        await using var db = lib.CreateDb();
        var paper = await db.Papers.Include(p => p.Sources).SingleAsync();
        Assert.Equal(longAbstract, paper.Abstract);
        Assert.Equal(@"SPARSE fine tuning at \textbf{scale}!", paper.Title); // the title of the most complete copy
        Assert.Equal(4, paper.AuthorCount);
        Assert.Equal(new PartialDate { Year = 2024, Month = 9, Day = 25 }, paper.Published);
        Assert.Equal(7, paper.Upvotes);
        Assert.Equal(["https://github.com/example/sparse-ft"], paper.Urls);
        Assert.Equal(["a_listing.txt", "b_listing.txt"], paper.Sources.Select(s => s.FileName).Order());
        Assert.Equal(["Mar 11", "Oct 15"], paper.Sources.Select(s => s.ListingDate).Order());
    }

    [Fact]
    public async Task A_later_file_that_enriches_a_paper_updates_it()
    {
        using var lib = new TestLibrary();
        var plain = lib.Temp.Write("plain.txt", Captures.Page("Mar 11", Captures.Entry("Forward Learning of GNNs", Captures.Abstract("forward learning"))));
        var first = await lib.ImportAsync(plain);
        var id = Assert.Single(first.ChangedPaperIds);

        var rich = lib.Temp.Write("rich.txt", Captures.Page("Oct 15",
            Captures.WithMetadata("Forward learning of GNNs", Captures.Abstract("forward learning"), "  • 8 authors", "·", "Mar 16, 2024")));
        var second = await lib.ImportAsync(rich);

        Assert.Equal((0, 1, 1), (second.NewPapers, second.UpdatedPapers, second.DuplicatesMerged));
        Assert.Equal([id], second.ChangedPaperIds);
        await using var db = lib.CreateDb();
        var paper = await db.Papers.SingleAsync();
        Assert.Equal(8, paper.AuthorCount);
        Assert.True(paper.UpdatedUtc > paper.CreatedUtc);
    }

    [Fact]
    public async Task Editing_an_entry_updates_only_that_paper()
    {
        using var lib = new TestLibrary();
        string[] titles = ["Alpha Networks", "Beta Networks", "Gamma Networks"];
        var path = lib.Temp.Write("page.txt", Captures.Page("Mar 11", [.. titles.Select(t => Captures.Entry(t, Captures.Abstract(t)))]));
        await lib.ImportAsync(path);
        var before = await Snapshot(lib);

        var edited = Captures.Abstract("Beta Networks") + " We also release a benchmark.";
        File.WriteAllText(path, Captures.Page("Mar 11",
            Captures.Entry(titles[0], Captures.Abstract(titles[0])), Captures.Entry(titles[1], edited), Captures.Entry(titles[2], Captures.Abstract(titles[2]))));
        var summary = await lib.ImportAsync(path);

        Assert.Equal((0, 1, 2), (summary.NewPapers, summary.UpdatedPapers, summary.UnchangedEntries));
        var after = await Snapshot(lib);
        var changed = after.Where(p => !before.Contains(p)).ToList();
        Assert.Contains("|Beta Networks|", Assert.Single(changed));
        await using var db = lib.CreateDb();
        var beta = await db.Papers.Include(p => p.Sources).SingleAsync(p => p.Title == "Beta Networks");
        Assert.Equal(edited, beta.Abstract);
        Assert.Equal(edited, Assert.Single(beta.Sources).Abstract);
        Assert.Equal([beta.Id], summary.ChangedPaperIds);
    }

    [Fact]
    public async Task An_entry_removed_from_a_file_loses_its_source_but_the_paper_keeps_its_data()
    {
        using var lib = new TestLibrary();
        var path = lib.Temp.Write("page.txt", Captures.Page("Mar 11",
            Captures.Entry("Kept Paper", Captures.Abstract("kept")), Captures.Entry("Dropped Paper", Captures.Abstract("dropped"))));
        await lib.ImportAsync(path);

        File.WriteAllText(path, Captures.Page("Mar 11", Captures.Entry("Kept Paper", Captures.Abstract("kept"))));
        var summary = await lib.ImportAsync(path);

        Assert.Equal(0, summary.NewPapers);
        await using var db = lib.CreateDb();
        var dropped = await db.Papers.Include(p => p.Sources).SingleAsync(p => p.Title == "Dropped Paper");
        Assert.Empty(dropped.Sources);
        Assert.Equal(Captures.Abstract("dropped"), dropped.Abstract);
        Assert.Single(await db.PaperSources.Where(s => s.FileName == "page.txt").ToListAsync());
    }

    [Fact]
    public async Task A_paper_that_loses_its_longest_copy_falls_back_to_the_copy_left()
    {
        using var lib = new TestLibrary();
        var shortText = Captures.Abstract("fallback");
        var longText = shortText + " A longer version with more detail.";
        var a = lib.Temp.Write("a.txt", Captures.Page("Mar 11", Captures.Entry("Fallback Paper", shortText)));
        var b = lib.Temp.Write("b.txt", Captures.Page("Mar 12", Captures.Entry("Fallback Paper", longText), Captures.Entry("Other Paper", Captures.Abstract("other"))));
        await lib.ImportAsync(a, b);

        File.WriteAllText(b, Captures.Page("Mar 12", Captures.Entry("Other Paper", Captures.Abstract("other"))));
        var summary = await lib.ImportAsync(b);

        await using var db = lib.CreateDb();
        var paper = await db.Papers.SingleAsync(p => p.Title == "Fallback Paper");
        Assert.Equal(shortText, paper.Abstract);
        Assert.Contains(paper.Id, summary.ChangedPaperIds);
        Assert.Equal(1, summary.UpdatedPapers);
    }

    [Fact]
    public async Task A_file_that_fails_midway_leaves_nothing_of_itself_while_other_files_import()
    {
        using var lib = new TestLibrary();
        var sharedShort = Captures.Abstract("shared paper");
        var first = lib.Temp.Write("in/a_good.txt", Captures.Page("Mar 11",
            Captures.Entry("Shared Paper", sharedShort), Captures.Entry("First Good Paper", Captures.Abstract("first good"))));
        // More entries than one batch, so a batch is already written when the poisoned entry fails.
        var entries = Enumerable.Range(1, 2500).Select(i => Captures.Entry($"Synthetic Study Number {i}", Captures.Abstract($"synthetic study {i}"))).ToList();
        entries[4] = Captures.Entry("Shared Paper", sharedShort + " This copy is longer and would win.");
        entries[2300] = Captures.Entry("Poison Pill", Captures.Abstract("poison"));
        var bad = lib.Temp.Write("in/b_bad.txt", Captures.Page("Mar 12", [.. entries]));
        var last = lib.Temp.Write("in/c_good.txt", Captures.Page("Mar 13", Captures.Entry("Last Good Paper", Captures.Abstract("last good"))));
        await lib.ImportAsync(first);
        await ExecuteSql(lib, "CREATE TRIGGER poison BEFORE INSERT ON PaperSources WHEN NEW.Title = 'Poison Pill' BEGIN SELECT RAISE(ABORT, 'poisoned entry refused'); END;");

        var summary = await lib.ImportAsync(Path.GetDirectoryName(bad)!);

        var badFile = summary.Files.Single(f => f.Path == bad);
        Assert.True(badFile.Failed);
        var error = Assert.Single(summary.Problems, p => p.Severity == ImportProblemSeverity.Error);
        Assert.Equal(bad, error.File);
        Assert.Contains("poisoned entry refused", error.Message);
        Assert.Contains("nothing of it was saved", error.Message);
        Assert.False(summary.Files.Single(f => f.Path == last).Failed);

        await using var db = lib.CreateDb();
        Assert.Empty(await db.PaperSources.Where(s => s.FileName == "b_bad.txt").ToListAsync());
        Assert.False(await db.Papers.AnyAsync(p => p.Title.StartsWith("Synthetic Study")));
        var shared = await db.Papers.Include(p => p.Sources).SingleAsync(p => p.Title == "Shared Paper");
        Assert.Equal(sharedShort, shared.Abstract);
        Assert.Equal("a_good.txt", Assert.Single(shared.Sources).FileName);
        Assert.True(await db.Papers.AnyAsync(p => p.Title == "Last Good Paper"));
        var ids = await db.Papers.Select(p => p.Id).ToListAsync();
        Assert.All(summary.ChangedPaperIds, id => Assert.Contains(id, ids));

        // Without the trigger the same file imports whole: the failure was the poisoned entry alone.
        await ExecuteSql(lib, "DROP TRIGGER poison;");
        var retry = await lib.ImportAsync(bad);
        Assert.False(retry.HasErrors);
        Assert.Equal(2500, retry.EntriesRead);
        Assert.Equal(2500, await db.PaperSources.CountAsync(s => s.FileName == "b_bad.txt"));
    }

    [Fact]
    public async Task Each_run_is_recorded_with_its_numbers_and_problems()
    {
        using var lib = new TestLibrary();
        var missing = lib.Temp.File("missing.txt");

        var summary = await lib.ImportAsync(Samples.File("000"), missing);

        await using var db = lib.CreateDb();
        var run = await db.ImportRuns.Include(r => r.Problems).SingleAsync();
        Assert.Equal(summary.RunId, run.Id);
        Assert.Equal([Path.GetFileName(Samples.File("000"))], run.Files);
        Assert.Equal((summary.EntriesRead, summary.NewPapers, 0), (run.EntriesRead, run.NewPapers, run.FilesFailed));
        Assert.NotNull(run.FinishedUtc);
        Assert.True(run.FinishedUtc >= run.StartedUtc);
        var problem = Assert.Single(run.Problems);
        Assert.Equal(missing, problem.File);
        Assert.Equal(ImportProblemSeverity.Error, problem.Severity);
        Assert.True(summary.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task Progress_reports_the_entries_read()
    {
        using var lib = new TestLibrary();
        var reports = new List<ImportProgress>();

        await lib.Importer.ImportAsync([Samples.File("002")], new SynchronousProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(PageCaptureParser.Parse(File.ReadAllText(Samples.File("002"))).Entries.Count, reports[^1].EntriesRead);
    }

    [Fact]
    public async Task Progress_counts_the_bytes_read_of_all_the_files_so_the_display_can_estimate_the_time_left()
    {
        using var lib = new TestLibrary();
        var jsonl = lib.Temp.File("corpus.jsonl");
        await using (var stream = File.Create(jsonl))
            new SyntheticCorpusGenerator(SyntheticCorpusGenerator.ReadSamples(Samples.Directory)).Write(stream, 6000, seed: 3);
        var capture = Samples.File("002");
        var reports = new List<ImportProgress>();

        var summary = await lib.Importer.ImportAsync([jsonl, capture], new SynchronousProgress(reports.Add));

        var total = new FileInfo(jsonl).Length + new FileInfo(capture).Length;
        Assert.All(reports, r => Assert.Equal(total, r.TotalBytes));
        Assert.Equal(reports.Select(r => r.BytesRead).Order(), reports.Select(r => r.BytesRead));
        Assert.Equal(reports.Select(r => r.EntriesRead).Order(), reports.Select(r => r.EntriesRead));
        // Part of the way through the big file, and every byte of both files at the end.
        Assert.Contains(reports, r => r.Fraction is > 0.1 and < 0.9);
        Assert.Equal(1d, reports[^1].Fraction);
        Assert.Equal(summary.EntriesRead, reports[^1].EntriesRead);
    }

    // --- Helpers ---

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    internal static async Task ExecuteSql(TestLibrary lib, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={lib.Options.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every stored field of every paper, to compare states of the database.</summary>
    internal static async Task<List<string>> Snapshot(TestLibrary lib)
    {
        await using var db = lib.CreateDb();
        return (await db.Papers.Include(p => p.Sources).OrderBy(p => p.Id).ToListAsync())
            .Select(p => string.Join("|", p.Id, p.UpdatedUtc.Ticks, Describe(p),
                string.Join(";", p.Sources.OrderBy(s => s.Id).Select(s => $"{s.Id}:{s.FileName}:{s.Position}:{s.ContentHash}"))))
            .ToList();
    }

    private static async Task<List<string>> PaperFields(TestLibrary lib)
    {
        await using var db = lib.CreateDb();
        return (await db.Papers.ToListAsync()).Select(Describe).Order(StringComparer.Ordinal).ToList();
    }

    private static string Describe(Paper p) => string.Join("|", p.NormalizedTitle, p.Title, p.Abstract, p.AuthorCount, p.Published,
        p.Upvotes, string.Join(" ", p.Urls));
}

/// <summary>Builds small page captures in the format of the samples.</summary>
internal static class Captures
{
    public static string Abstract(string topic) =>
        $"We study {topic} in depth and from first principles. Our experiments on {topic} improve on the state of the art.";

    public static string Entry(string title, string @abstract) => $"{title}\n\n{@abstract}\n";

    public static string WithMetadata(string title, string @abstract, params string[] metadata) =>
        $"{title}\n\n{@abstract}\n\n{string.Join("\n", metadata)}\n";

    public static string Page(string listingDate, params string[] entries)
    {
        var text = new StringBuilder("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n");
        text.Append(listingDate).Append("\n\n");
        foreach (var entry in entries) text.Append(entry).Append('\n');
        return text.ToString();
    }
}
