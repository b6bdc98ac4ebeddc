using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PaperBrowser.Tests.Import;
using PaperBrowser.Tests.TestSupport;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.Tests.Web;

public class CommandLineTests
{
    private sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;
    }

    private static async Task<Result> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, stdout, stderr);
        var result = new Result(code, stdout.ToString(), stderr.ToString());
        // Whatever happens, people get sentences, not stack traces.
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotMatch(@"\w+Exception\b", result.All);
        return result;
    }

    [Theory]
    [InlineData(0L, 1.5, "0 entries, 0/s, 0% of 2.0 GiB, 0:01 elapsed, estimating")]
    [InlineData(536_870_912L, 60.0, "120,000 entries, 2,000/s, 25% of 2.0 GiB, 1:00 elapsed, 3:00 left")]
    [InlineData(2_147_483_648L, 240.0, "120,000 entries, 500/s, 100% of 2.0 GiB, 4:00 elapsed, finishing")]
    [InlineData(214_748_365L, 3700.0, "120,000 entries, 32/s, 10% of 2.0 GiB, 1:01:40 elapsed, 9:15:00 left")]
    [InlineData(21_474_837L, 3700.0, "120,000 entries, 32/s, 1% of 2.0 GiB, 1:01:40 elapsed, 101:45:00 left")]
    public void The_progress_line_tells_how_much_is_read_and_about_how_long_the_rest_takes(long bytesRead, double seconds, string expected)
    {
        var entries = bytesRead == 0 ? 0 : 120_000;
        var line = ConsoleProgress.Describe(new PaperBrowser.Import.ImportProgress(entries, bytesRead, 2_147_483_648L), TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, line);
    }

    [Fact]
    public void The_progress_line_is_rewritten_in_place_at_most_twice_a_second()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        var progress = new ConsoleProgress(output, () => now);
        foreach (var step in new[] { 0.0, 0.2, 0.4, 0.6, 1.0, 1.2 })
        {
            now = TimeSpan.FromSeconds(step);
            progress.Report(new PaperBrowser.Import.ImportProgress(1000, 10, 100));
        }
        // Printed at 0, 0.6 and 1.2 s: each line starts with a carriage return and overwrites the one before.
        Assert.Equal(3, output.ToString().Count(c => c == '\r'));
        Assert.DoesNotContain('\n', output.ToString());
        // The end is always shown, however soon it comes.
        now += TimeSpan.FromSeconds(0.1);
        progress.Report(new PaperBrowser.Import.ImportProgress(1200, 100, 100));
        Assert.EndsWith("1,200 entries, 923/s, 100% of 0.1 KiB, 0:01 elapsed, finishing   ", output.ToString());
    }

    [Fact]
    public async Task Import_prints_a_summary_and_exits_0()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");

        var result = await Run("import", "--data-dir", data, Samples.Directory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Importing into {data}", result.Out);
        Assert.Contains($"5 file(s): {Samples.Entries} entries read, {Samples.UniquePapers} new, 0 updated, 0 unchanged, " +
                        $"{Samples.Entries - Samples.UniquePapers} duplicates merged", result.Out);
        // The whole command's time, and within it the import's before the search index is finished.
        var done = Regex.Match(result.Out, @"Done in (\d+\.\d\d) s \(import (\d+\.\d\d) s, then the search index\)\.");
        Assert.True(done.Success, result.Out);
        Assert.True(double.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture) >= double.Parse(done.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal("", result.Error);
        Assert.True(File.Exists(Path.Combine(data, "papers.db")));
    }

    [Fact]
    public async Task Importing_again_reports_everything_unchanged()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");
        await Run("import", "--data-dir", data, Samples.Directory);

        var result = await Run("import", "--data-dir", data, Samples.Directory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{Samples.Entries} entries read, 0 new, 0 updated, {Samples.Entries} unchanged, 0 duplicates merged", result.Out);
    }

    [Fact]
    public async Task Warnings_are_printed_but_the_import_succeeds()
    {
        using var temp = new TempDirectory();
        var page = temp.Write("in/page.txt", Captures.Page("Mar 11", Captures.Entry("Good Paper", Captures.Abstract("good")), "Lonely Title\n"));
        temp.Write("in/blank.txt", "");

        var result = await Run("import", "--data-dir", temp.File("data"), temp.File("in"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"warning: {page}:", result.Error);
        Assert.Contains("Lonely Title", result.Error);
        Assert.Contains($"warning: {temp.File("in/blank.txt")}: file is empty", result.Error);
        Assert.Contains("1 new", result.Out);
    }

    [Fact]
    public async Task Missing_path_is_a_clear_error_with_a_non_zero_exit_code()
    {
        using var temp = new TempDirectory();
        var missing = temp.File("nowhere/captures");
        var good = temp.Write("good.txt", Captures.Page("Mar 11", Captures.Entry("Good Paper", Captures.Abstract("good"))));

        var result = await Run("import", "--data-dir", temp.File("data"), missing, good);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error: {missing}: no such file or folder", result.Error);
        Assert.Contains("1 file(s): 1 entries read, 1 new", result.Out);
    }

    [Fact]
    public async Task Read_only_database_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");
        await Run("import", "--data-dir", data, Samples.File("000"));
        SqliteConnection.ClearAllPools();
        await using (var file = new FileStream(Path.Combine(data, "papers.db"), FileMode.Open, FileAccess.ReadWrite))
        {
            // A write version above 2 in the header makes SQLite treat the file as read-only (see BadInputTests).
            file.Position = 18;
            file.WriteByte(3);
        }

        var result = await Run("import", "--data-dir", data, Samples.File("002"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {Path.Combine(data, "papers.db")}: cannot write to the database, nothing was imported: the database is read-only", result.Error);
    }

    [Fact]
    public async Task File_that_fails_midway_is_one_clear_error_line_and_the_others_import()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");
        await Run("import", "--data-dir", data, Samples.File("000"));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "papers.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER poison BEFORE INSERT ON PaperSources WHEN NEW.Title = 'Poison Pill' BEGIN SELECT RAISE(ABORT, 'poisoned entry refused'); END;";
            await command.ExecuteNonQueryAsync();
        }
        var bad = temp.Write("in/a_bad.txt", Captures.Page("Mar 12",
            Captures.Entry("Fine Paper", Captures.Abstract("fine")), Captures.Entry("Poison Pill", Captures.Abstract("poison"))));
        temp.Write("in/b_good.txt", Captures.Page("Mar 12", Captures.Entry("Good Paper", Captures.Abstract("good"))));

        var result = await Run("import", "--data-dir", data, temp.File("in"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {bad}: not imported, nothing of it was saved: SQLite Error 19: 'poisoned entry refused'.", result.Error.Trim());
        Assert.Contains("2 file(s): 1 entries read, 1 new", result.Out);
        Assert.Contains("1 file(s) failed", result.Out);
    }

    [Theory]
    [InlineData(new string[0], "name a command")]
    [InlineData(new[] { "frobnicate" }, "unknown command frobnicate")]
    [InlineData(new[] { "import" }, "name at least one file or folder")]
    [InlineData(new[] { "import", "--data-dir" }, "--data-dir needs a folder")]
    [InlineData(new[] { "import", "--verbose", "x.txt" }, "unknown option --verbose")]
    [InlineData(new[] { "reindex", "some-file.txt" }, "reindex takes no files or folders")]
    public async Task Usage_errors_exit_2_with_the_reason_and_the_usage(string[] args, string reason)
    {
        var result = await Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {reason}", result.Error);
        Assert.Contains("Usage:", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Usage_error_does_not_create_the_data_folder()
    {
        using var temp = new TempDirectory();
        var data = temp.File("data");

        var result = await Run("import", "--data-dir", data);

        Assert.Equal(2, result.ExitCode);
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_0(string verb)
    {
        var result = await Run(verb);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PaperBrowser import [--data-dir DIR] PATH...", result.Out);
    }

    [Fact]
    public async Task Data_dir_that_is_a_file_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var notAFolder = temp.Write("occupied", "a file where the data folder should be");

        var result = await Run("import", "--data-dir", notAFolder, Samples.File("000"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: cannot use the data folder", result.Error);
    }
}
