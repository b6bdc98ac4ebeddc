using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Import;

/// <summary>
/// Each kind of bad input gets a clear message naming the file (and the line where there is one),
/// good entries of the same run are still imported, nothing already stored is lost, and no
/// exception escapes the importer.
/// </summary>
public class BadInputTests
{
    private static string GoodPage(string title) => Captures.Page("Mar 11", Captures.Entry(title, Captures.Abstract(title)));

    private static void AssertPlainWords(ImportSummary summary)
    {
        Assert.All(summary.Problems, p =>
        {
            Assert.DoesNotContain("   at ", p.Message);
            Assert.DoesNotContain("Exception", p.Message);
            Assert.False(string.IsNullOrWhiteSpace(p.File));
        });
    }

    private static async Task<List<string>> Titles(TestLibrary lib)
    {
        await using var db = lib.CreateDb();
        return (await db.Papers.Select(p => p.Title).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\r\n\t  \n")]
    public async Task Empty_file_is_reported_and_the_others_import(string content)
    {
        using var lib = new TestLibrary();
        var empty = lib.Temp.Write("empty.txt", content);
        var good = lib.Temp.Write("good.txt", GoodPage("Good Paper"));

        var summary = await lib.ImportAsync(empty, good);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(empty, problem.File);
        Assert.Contains("empty", problem.Message);
        Assert.Equal(ImportProblemSeverity.Warning, problem.Severity);
        Assert.Equal(["Good Paper"], await Titles(lib));
        AssertPlainWords(summary);
    }

    [Fact]
    public async Task Binary_file_named_on_purpose_is_an_error_and_the_others_import()
    {
        using var lib = new TestLibrary();
        var binary = lib.Temp.Write("figure.txt", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 1, 0]);
        var good = lib.Temp.Write("good.txt", GoodPage("Good Paper"));

        var summary = await lib.ImportAsync(binary, good);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(binary, problem.File);
        Assert.Equal(ImportProblemSeverity.Error, problem.Severity);
        Assert.Contains("binary", problem.Message);
        Assert.True(summary.Files.Single(f => f.Path == binary).Failed);
        Assert.Equal(["Good Paper"], await Titles(lib));
        AssertPlainWords(summary);
    }

    [Fact]
    public async Task UTF16_file_is_imported_with_a_note()
    {
        using var lib = new TestLibrary();
        var text = GoodPage("Poincaré Embeddings for Learning Hierarchies");
        var path = lib.Temp.Write("utf16.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);

        var summary = await lib.ImportAsync(path);

        Assert.False(summary.HasErrors);
        Assert.Contains(summary.Problems, p => p.File == path && p.Message.Contains("UTF-16"));
        Assert.Equal(["Poincaré Embeddings for Learning Hierarchies"], await Titles(lib));
    }

    [Fact]
    public async Task Title_with_no_abstract_is_reported_with_file_and_line_and_the_rest_imports()
    {
        using var lib = new TestLibrary();
        var path = lib.Temp.Write("page.txt", Captures.Page("Mar 11",
            Captures.Entry("First Paper", Captures.Abstract("first")), "Lonely Title\n", Captures.Entry("Third Paper", Captures.Abstract("third"))));
        var lonelyLine = Array.IndexOf(File.ReadAllLines(path), "Lonely Title") + 1;

        var summary = await lib.ImportAsync(path);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal(lonelyLine, problem.Line);
        Assert.Contains("Lonely Title", problem.Message);
        Assert.Contains($"page.txt:{lonelyLine}:", problem.ToString());
        Assert.Equal(["First Paper", "Third Paper"], await Titles(lib));
        Assert.False(summary.HasErrors);
    }

    [Fact]
    public async Task Abstract_with_no_title_is_reported_with_file_and_line_and_the_rest_imports()
    {
        using var lib = new TestLibrary();
        var orphan = Captures.Abstract("an orphaned abstract");
        var path = lib.Temp.Write("page.txt", Captures.Page("Mar 11",
            Captures.Entry("First Paper", Captures.Abstract("first")), orphan + "\n", Captures.Entry("Third Paper", Captures.Abstract("third"))));
        var orphanLine = Array.IndexOf(File.ReadAllLines(path), orphan) + 1;

        var summary = await lib.ImportAsync(path);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal((path, orphanLine), (problem.File, problem.Line));
        Assert.Contains("no title", problem.Message);
        Assert.Equal(["First Paper", "Third Paper"], await Titles(lib));
    }

    [Fact]
    public async Task Title_without_letters_or_digits_is_skipped_rather_than_merged_with_others()
    {
        using var lib = new TestLibrary();
        var path = lib.Temp.Write("page.txt", Captures.Page("Mar 11",
            Captures.Entry("— · —", Captures.Abstract("one thing")), Captures.Entry("???", Captures.Abstract("another thing")),
            Captures.Entry("Real Paper", Captures.Abstract("real"))));

        var summary = await lib.ImportAsync(path);

        Assert.Equal(2, summary.Problems.Count(p => p.File == path && p.Line is not null && p.Message.Contains("no letters or digits")));
        Assert.Equal(["Real Paper"], await Titles(lib));
    }

    [Fact]
    public async Task A_50_MB_single_line_is_skipped_with_its_line_and_the_entries_around_it_import()
    {
        using var lib = new TestLibrary();
        var path = lib.Temp.File("huge.txt");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync(Captures.Page("Mar 11", Captures.Entry("Before The Huge Line", Captures.Abstract("before"))));
            var chunk = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 4000));
            for (long written = 0; written < 50L * 1024 * 1024; written += chunk.Length) await writer.WriteAsync(chunk);
            await writer.WriteAsync("\n\n" + Captures.Entry("After The Huge Line", Captures.Abstract("after")));
        }
        Assert.True(new FileInfo(path).Length >= 50L * 1024 * 1024);
        var hugeLine = File.ReadLines(path).TakeWhile(l => l.Length < 1000 || !l.StartsWith("lorem", StringComparison.Ordinal)).Count() + 1;

        var summary = await lib.ImportAsync(path);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal((path, hugeLine), (problem.File, problem.Line));
        Assert.Contains("characters long", problem.Message);
        Assert.Equal(["After The Huge Line", "Before The Huge Line"], await Titles(lib));
        AssertPlainWords(summary);
    }

    [Fact]
    public async Task Folder_with_non_text_files_imports_the_captures_and_names_each_file_it_skipped()
    {
        using var lib = new TestLibrary();
        var folder = Path.Combine(lib.Temp.Path, "mixed");
        lib.Temp.Write("mixed/a_page.txt", GoodPage("Paper From The Folder"));
        lib.Temp.Write("mixed/nested/b_page.txt", GoodPage("Paper From A Subfolder"));
        var random = new byte[8192];
        new Random(7).NextBytes(random);
        random[100] = 0;
        var png = lib.Temp.Write("mixed/figure.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. random]);
        var blob = lib.Temp.Write("mixed/weights.bin", random);
        var zip = Path.Combine(folder, "archive.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            await using var stream = archive.CreateEntry("inside.txt").Open();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(GoodPage("Paper Inside A Zip")));
        }
        lib.Temp.Write("mixed/.DS_Store", random);

        var summary = await lib.ImportAsync(folder);

        Assert.False(summary.HasErrors);
        Assert.Equal(["Paper From A Subfolder", "Paper From The Folder"], await Titles(lib));
        var skipped = summary.Problems.Where(p => p.Message.Contains("binary")).Select(p => p.File).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { png, blob, zip }.Order(StringComparer.Ordinal), skipped);
        Assert.All(summary.Problems, p => Assert.StartsWith("skipped", p.Message));
        AssertPlainWords(summary);
    }

    [Fact]
    public async Task Path_that_does_not_exist_is_an_error_naming_it_and_the_others_import()
    {
        using var lib = new TestLibrary();
        var missing = Path.Combine(lib.Temp.Path, "no", "such", "captures");
        var good = lib.Temp.Write("good.txt", GoodPage("Good Paper"));

        var summary = await lib.ImportAsync(missing, good);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(missing, problem.File);
        Assert.Equal(ImportProblemSeverity.Error, problem.Severity);
        Assert.Contains("no such file or folder", problem.Message);
        Assert.Equal(["Good Paper"], await Titles(lib));
    }

    [Fact]
    public async Task Relative_path_that_does_not_exist_says_where_it_was_looked_for()
    {
        using var lib = new TestLibrary();
        var relative = Path.Combine("no-such-folder-" + Guid.NewGuid().ToString("N"), "x.txt");

        var summary = await lib.ImportAsync(relative);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(relative, problem.File);
        Assert.Contains(Path.GetFullPath(relative), problem.Message);
    }

    /// <summary>
    /// Tests run as root, where file permissions do not stop writes. The database is made read-only
    /// the way SQLite itself defines it: a write version above 2 in the file header (byte 18) makes
    /// every SQLite library open the file read-only and refuse writes with SQLITE_READONLY, the same
    /// error a file without write permission gives. Reads keep working, so we can check nothing was lost.
    /// </summary>
    [Fact]
    public async Task Read_only_database_is_reported_clearly_and_keeps_its_data()
    {
        using var lib = new TestLibrary();
        await lib.ImportAsync(Samples.File("000"));
        var before = await PaperImporterTests.Snapshot(lib);
        SetWriteVersion(lib, 3);

        var summary = await lib.ImportAsync(Samples.File("002"));

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(ImportProblemSeverity.Error, problem.Severity);
        Assert.Equal(lib.Options.DatabasePath, problem.File);
        Assert.Contains("read-only", problem.Message);
        Assert.Contains("nothing was imported", problem.Message);
        AssertPlainWords(summary);
        Assert.Equal(before, await PaperImporterTests.Snapshot(lib));

        SetWriteVersion(lib, 2);
        var after = await lib.ImportAsync(Samples.File("002"));
        Assert.False(after.HasErrors);
        Assert.True(after.NewPapers > 0);
    }

    [Fact]
    public async Task Locked_database_is_reported_clearly_after_the_timeout_and_keeps_its_data()
    {
        using var lib = new TestLibrary(o => o.DatabaseTimeoutSeconds = 1);
        await lib.ImportAsync(Samples.File("000"));
        var before = await PaperImporterTests.Snapshot(lib);

        ImportSummary summary;
        var clock = Stopwatch.StartNew();
        await using (var other = new SqliteConnection($"Data Source={lib.Options.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            summary = await lib.ImportAsync(Samples.File("002"));
        }
        clock.Stop();

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(ImportProblemSeverity.Error, problem.Severity);
        Assert.Equal(lib.Options.DatabasePath, problem.File);
        Assert.Contains("locked", problem.Message);
        Assert.Contains("1 s", problem.Message);
        AssertPlainWords(summary);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30));
        Assert.Equal(before, await PaperImporterTests.Snapshot(lib));

        var after = await lib.ImportAsync(Samples.File("002"));
        Assert.False(after.HasErrors);
        Assert.True(after.NewPapers > 0);
    }

    [Fact]
    public async Task Database_locked_between_files_fails_only_the_files_it_blocks()
    {
        using var lib = new TestLibrary(o => o.DatabaseTimeoutSeconds = 1);
        var first = lib.Temp.Write("a.txt", GoodPage("First Paper"));
        var second = lib.Temp.Write("b.txt", GoodPage("Second Paper"));
        SqliteConnection? other = null;
        // Lock the database once the first file is done, the way another import starting would.
        var progress = new LockOnFirstReport(() =>
        {
            other = new SqliteConnection($"Data Source={lib.Options.DatabasePath};Pooling=False");
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        });

        ImportSummary summary;
        try { summary = await lib.Importer.ImportAsync([first, second], progress); }
        finally { other?.Dispose(); }

        Assert.False(summary.Files.Single(f => f.Path == first).Failed);
        Assert.True(summary.Files.Single(f => f.Path == second).Failed);
        var error = Assert.Single(summary.Problems, p => p.Severity == ImportProblemSeverity.Error);
        Assert.Equal(second, error.File);
        Assert.Contains("locked", error.Message);
        Assert.Equal(["First Paper"], await Titles(lib));
    }

    private sealed class LockOnFirstReport(Action lockDatabase) : IProgress<ImportProgress>
    {
        private bool _done;

        public void Report(ImportProgress value)
        {
            if (_done) return;
            _done = true;
            lockDatabase();
        }
    }

    private static void SetWriteVersion(TestLibrary lib, byte version)
    {
        // Close every connection, so the write-ahead log is folded into the file and the header on disk is the one read.
        SqliteConnection.ClearAllPools();
        Assert.False(new FileInfo(lib.Options.DatabasePath + "-wal") is { Exists: true, Length: > 0 }, "the write-ahead log still holds pages");
        using var file = new FileStream(lib.Options.DatabasePath, FileMode.Open, FileAccess.ReadWrite);
        file.Position = 18;
        file.WriteByte(version);
    }
}
