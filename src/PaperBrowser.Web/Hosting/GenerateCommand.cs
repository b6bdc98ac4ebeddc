using System.Diagnostics;
using System.Globalization;
using PaperBrowser.Import;

namespace PaperBrowser.Web.Hosting;

/// <summary>`generate`: writes a deterministic synthetic arXiv-style corpus for benchmarks and load tests.</summary>
public static class GenerateCommand
{
    public const string Usage = """
        Usage: PaperBrowser generate --count N --out FILE [--seed S] [--samples DIR]

          --count N      number of records (JSON lines) to write; about 5% of them are duplicates
          --out FILE     where to write the JSON Lines file
          --seed S       random seed (default 1); the same seed and samples give the same file
          --samples DIR  page captures to learn the text from (default: the bundled samples)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!TryParse(args, out var options, out var error))
        {
            await stderr.WriteLineAsync($"error: {error}\n\n{Usage}");
            return 2;
        }

        var samplesDir = options.Samples ?? Path.Combine(AppContext.BaseDirectory, "samples");
        var stopwatch = Stopwatch.StartNew();
        SyntheticCorpusSummary summary;
        var temp = options.Out + ".partial";
        try
        {
            if (!Directory.Exists(samplesDir))
            {
                await stderr.WriteLineAsync($"error: samples folder {samplesDir} does not exist");
                return 1;
            }
            var generator = new SyntheticCorpusGenerator(SyntheticCorpusGenerator.ReadSamples(samplesDir));
            var folder = Path.GetDirectoryName(Path.GetFullPath(options.Out));
            if (folder is not null) Directory.CreateDirectory(folder);
            // Write beside the target and rename at the end, so an interrupted run never leaves a half file to import.
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                summary = generator.Write(stream, options.Count, options.Seed);
            }
            File.Move(temp, options.Out, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return 1;
        }
        stopwatch.Stop();

        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {summary.Records:N0} records to {options.Out}: {summary.Papers:N0} papers, " +
            $"{summary.ExactDuplicates:N0} exact duplicates, {summary.NearDuplicates:N0} near-duplicates; " +
            $"{summary.Bytes / (1024.0 * 1024.0):N1} MiB in {stopwatch.Elapsed.TotalSeconds:0.00} s (seed {options.Seed})."));
        return 0;
    }

    private sealed record Options(int Count, int Seed, string Out, string? Samples);

    private static bool TryParse(string[] args, out Options options, out string? error)
    {
        options = new Options(0, 1, "", null);
        error = null;
        int? count = null;
        var seed = 1;
        string? output = null, samples = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is not ("--count" or "--seed" or "--out" or "--samples"))
            {
                error = name.StartsWith("--", StringComparison.Ordinal) ? $"unknown option {name}" : $"unexpected argument {name}";
                return false;
            }
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
                    {
                        error = $"--count must be a positive whole number, not {value}";
                        return false;
                    }
                    count = n;
                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                    {
                        error = $"--seed must be a whole number, not {value}";
                        return false;
                    }
                    break;
                case "--out":
                    output = value;
                    break;
                default:
                    samples = value;
                    break;
            }
        }
        if (count is null) { error = "--count is required"; return false; }
        if (string.IsNullOrWhiteSpace(output)) { error = "--out is required"; return false; }
        options = new Options(count.Value, seed, output, samples);
        return true;
    }
}
