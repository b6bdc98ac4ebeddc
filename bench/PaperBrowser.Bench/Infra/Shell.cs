using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperBrowser.Bench.Infra;

/// <summary>Runs child processes (the published app's verbs, wrk, /usr/bin/time).</summary>
public static partial class Shell
{
    /// <summary>Stdout of a short command, or "" when it cannot run.</summary>
    public static string Output(string file, string args = "")
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception) { return ""; }
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Wall);

    /// <summary>Runs a command to its end, echoing nothing; throws when it fails.</summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null,
        bool check = true, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromHours(6));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} did not finish in {timeout}");
        }
        var result = new Result(p.ExitCode, await stdout, await stderr, clock.Elapsed);
        if (check && result.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    public sealed record TimedResult(Result Result, TimeSpan Wall, long PeakRssBytes, double UserSeconds, double SystemSeconds);

    /// <summary>Runs a command under /usr/bin/time -v for its wall time and peak RSS.</summary>
    public static async Task<TimedResult> RunTimedAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var result = await RunAsync("/usr/bin/time", ["-v", file, .. args], env);
        var err = result.Stderr;
        long rssKb = Match(err, @"Maximum resident set size \(kbytes\): (\d+)") is { } rss ? long.Parse(rss, CultureInfo.InvariantCulture) : -1;
        var user = Match(err, @"User time \(seconds\): ([\d.]+)") is { } u ? double.Parse(u, CultureInfo.InvariantCulture) : double.NaN;
        var sys = Match(err, @"System time \(seconds\): ([\d.]+)") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : double.NaN;
        return new TimedResult(result, result.Wall, rssKb * 1024, user, sys);
    }

    private static string? Match(string text, string pattern)
    {
        var m = Regex.Match(text, pattern);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The published app's executable: the apphost when there is one, else `dotnet PaperBrowser.dll`.</summary>
    public static (string File, string[] Prefix) App(string appDir)
    {
        var host = Path.Combine(appDir, "PaperBrowser");
        if (File.Exists(host)) return (host, []);
        return ("dotnet", [Path.Combine(appDir, "PaperBrowser.dll")]);
    }

    public static long DirectorySize(string path)
    {
        if (File.Exists(path)) return new FileInfo(path).Length;
        if (!Directory.Exists(path)) return 0;
        return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
    }

    /// <summary>The data files of a library: the SQLite file with its WAL and the index folder.</summary>
    public static long FilesSize(params string[] paths) => paths.Sum(DirectorySize);

    public static string Tail(string text, int lines = 20)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public static string Quote(IEnumerable<string> args)
    {
        var sb = new StringBuilder();
        foreach (var a in args)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(a.Any(c => char.IsWhiteSpace(c) || c is '&' or '?' or '"' or '\'') ? "'" + a.Replace("'", "'\\''") + "'" : a);
        }
        return sb.ToString();
    }
}
