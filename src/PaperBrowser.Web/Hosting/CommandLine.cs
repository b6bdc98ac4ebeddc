using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using PaperBrowser.Import;
using PaperBrowser.Papers;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// The command-line verbs of the PaperBrowser executable. They share the web app's configuration
/// (appsettings, PaperBrowser__* environment variables) so both always see the same data folder.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["import", "reindex", "generate", "healthcheck", "help", "--help", "-h"];

    public const string Usage = """
        Usage:
          PaperBrowser                                   serve the site (default http://localhost:5000)
          PaperBrowser import [--data-dir DIR] PATH...   import files or folders of paper listings
          PaperBrowser reindex [--data-dir DIR]          rebuild the search index from the database
          PaperBrowser generate --count N --seed S --out FILE
                                                         write a synthetic arXiv-style JSON Lines corpus
          PaperBrowser healthcheck [URL]                 exit 0 when the running site answers /healthz

        The data folder defaults to ./.data and can also be set with PaperBrowser__DataDirectory.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        if (args.Length == 0 || !IsCommand(args))
        {
            await stderr.WriteLineAsync($"error: {(args.Length == 0 ? "name a command" : $"unknown command {args[0]}")}\n\n{Usage}");
            return 2;
        }
        var verb = args[0].ToLowerInvariant();
        if (verb is "help" or "--help" or "-h")
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        if (verb == "generate")
            return await GenerateCommand.RunAsync(args[1..], stdout, stderr);
        if (verb == "healthcheck")
            return await HealthCheckCommand.RunAsync(args[1..], stdout, stderr);

        if (!TryParseOptions(args.Skip(1).ToList(), out var dataDir, out var paths, out var error))
        {
            await stderr.WriteLineAsync($"error: {error}\n\n{Usage}");
            return 2;
        }
        // Usage errors are reported before the data folder is touched.
        if (verb == "import" && paths.Count == 0)
        {
            await stderr.WriteLineAsync($"error: name at least one file or folder to import\n\n{Usage}");
            return 2;
        }
        if (verb == "reindex" && paths.Count > 0)
        {
            await stderr.WriteLineAsync($"error: reindex takes no files or folders\n\n{Usage}");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder([]);
        // The commands report problems themselves; the log adds warnings only, as one line each, never a
        // stack trace. EF's errors come back as exceptions and the importer's as problems, both printed below.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new WriterLoggerProvider(stderr));
        builder.Logging.AddFilter<WriterLoggerProvider>("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.Logging.AddFilter<WriterLoggerProvider>(typeof(PaperImporter).FullName, LogLevel.None);
        if (dataDir is not null)
            builder.Configuration[$"{PaperBrowserOptions.SectionName}:{nameof(PaperBrowserOptions.DataDirectory)}"] = dataDir;
        builder.Services.AddPaperBrowserCore(builder.Configuration);
        using var host = builder.Build();

        try
        {
            var options = host.Services.GetRequiredService<IOptions<PaperBrowserOptions>>().Value;
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            var library = host.Services.GetRequiredService<LibraryUpdater>();
            switch (verb)
            {
                case "import":
                    await stdout.WriteLineAsync($"Importing into {options.DataDirectory}");
                    var progress = ConsoleProgress.Create(stderr);
                    // The whole command's time: the import and then finishing the search index (the summary's own
                    // time ends with the import, before the index's last flush and commit).
                    var started = Stopwatch.GetTimestamp();
                    var summary = await library.ImportAsync(paths, progress);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (progress is not null) await stderr.WriteLineAsync();
                    foreach (var problem in summary.Problems)
                        await stderr.WriteLineAsync($"{(problem.Severity == ImportProblemSeverity.Error ? "error" : "warning")}: {problem}");
                    await stdout.WriteLineAsync(summary.Describe());
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Done in {elapsed.TotalSeconds:0.00} s (import {summary.Elapsed.TotalSeconds:0.00} s, then the search index)."));
                    return summary.HasErrors ? 1 : 0;
                case "reindex":
                    var count = await library.ReindexAsync();
                    await stdout.WriteLineAsync($"Rebuilt the search index: {count} papers.");
                    return 0;
            }
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException
                                       or Microsoft.EntityFrameworkCore.DbUpdateException or OptionsValidationException)
        {
            // A locked or read-only database, or a data folder we cannot write: say so plainly.
            var message = (ex as Microsoft.EntityFrameworkCore.DbUpdateException)?.InnerException?.Message ?? ex.Message;
            await stderr.WriteLineAsync($"error: cannot use the data folder: {message}");
            return 1;
        }
        return 2;
    }

    /// <summary>Writes warnings and errors as single lines, without exception details, to the command's error output.</summary>
    private sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new WriterLogger(writer);

        public void Dispose() { }

        private sealed class WriterLogger(TextWriter writer) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                lock (writer) writer.WriteLine($"{(logLevel == LogLevel.Warning ? "warning" : "error")}: {formatter(state, exception)}");
            }
        }
    }

    private static bool TryParseOptions(List<string> args, out string? dataDir, out List<string> paths, out string? error)
    {
        dataDir = null;
        paths = [];
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--data-dir" or "--data")
            {
                if (i + 1 >= args.Count) { error = $"{args[i]} needs a folder"; return false; }
                dataDir = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unknown option {args[i]}";
                return false;
            }
            else
            {
                paths.Add(args[i]);
            }
        }
        return true;
    }
}

/// <summary>
/// A progress line for long imports (entries read, the rate, how much of the files is read, the time so far and about
/// how long the rest takes), rewritten in place on a terminal; nothing when output goes to a file or a pipe, so logs
/// and CI output stay clean.
/// </summary>
internal sealed class ConsoleProgress(TextWriter writer, Func<TimeSpan> elapsed) : IProgress<ImportProgress>
{
    private TimeSpan? _lastPrint;

    public static IProgress<ImportProgress>? Create(TextWriter writer)
    {
        if (writer != Console.Error || Console.IsErrorRedirected) return null;
        var clock = Stopwatch.StartNew();
        return new ConsoleProgress(writer, () => clock.Elapsed);
    }

    public void Report(ImportProgress value)
    {
        var now = elapsed();
        // At most twice a second (null, nothing printed yet, compares false), but always the end: the last file's
        // entries often come within half a second of the one before.
        if (now - _lastPrint < TimeSpan.FromSeconds(0.5) && value.Fraction is not 1d) return;
        _lastPrint = now;
        writer.Write("\r  " + Describe(value, now) + "   ");
    }

    /// <summary>The line's text, kept under 80 columns: "120,000 entries, 4,100/s, 12% of 2.0 GiB, 0:29 elapsed, 3:35 left".</summary>
    internal static string Describe(ImportProgress value, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var text = string.Create(CultureInfo.InvariantCulture, $"{value.EntriesRead:N0} entries, {value.EntriesRead / seconds:N0}/s");
        if (value.Fraction is not { } done) return text + $", {Clock(elapsed)} elapsed";
        text += string.Create(CultureInfo.InvariantCulture, $", {Math.Floor(done * 100):0}% of {Size(value.TotalBytes)}, {Clock(elapsed)} elapsed");
        // Reading sets the pace (the database and the index keep up behind it); the index's last flush comes after.
        if (done >= 1) return text + ", finishing";
        // The first moments (start-up, a cold cache) say little about the rate.
        if (done < 0.01 || elapsed < TimeSpan.FromSeconds(2)) return text + ", estimating";
        return text + $", {Clock(TimeSpan.FromSeconds(Math.Round(seconds * (1 - done) / done)))} left";
    }

    /// <summary>"4:05", or "26:04:05" past an hour (whole hours, so a day and more still reads right).</summary>
    private static string Clock(TimeSpan time) => time < TimeSpan.FromHours(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{time.Minutes}:{time.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{(long)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}");

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024d:0.0} KiB"),
    };
}
