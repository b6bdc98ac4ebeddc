using System.Diagnostics;
using System.Globalization;

namespace PaperBrowser.Bench.Infra;

/// <summary>Warm-up then timed iterations, each subject call interleaved with a baseline call so both see the same noise.</summary>
public static class Harness
{
    /// <summary>True while warm-up calls run, so a scenario can keep its own per-input samples of timed calls only.</summary>
    public static bool Warming { get; private set; }

    public static async Task<(Samples Subject, Samples Baseline)> InterleavedAsync(string name, int warmup, int iterations,
        Func<int, Task> subject, Func<int, Task> baseline)
    {
        var s = new Samples(name);
        var b = new Samples(name + " (baseline)");
        Warming = true;
        for (var i = 0; i < warmup; i++)
        {
            await subject(i);
            await baseline(i);
        }
        Warming = false;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        for (var i = 0; i < iterations; i++)
        {
            // Alternate which goes first, so neither always runs with the other's data in cache.
            if ((i & 1) == 0)
            {
                var t = Stopwatch.GetTimestamp(); await subject(i); s.Add(t);
                t = Stopwatch.GetTimestamp(); await baseline(i); b.Add(t);
            }
            else
            {
                var t = Stopwatch.GetTimestamp(); await baseline(i); b.Add(t);
                t = Stopwatch.GetTimestamp(); await subject(i); s.Add(t);
            }
        }
        Console.WriteLine($"  {name}: p50 {Fmt.Ms(s.P50)} ms, p99 {Fmt.Ms(s.P99)} ms; baseline p50 {Fmt.Ms(b.P50)} ms");
        return (s, b);
    }

    public static async Task<Samples> TimeAsync(string name, int warmup, int iterations, Func<int, Task> op)
    {
        var s = new Samples(name);
        for (var i = 0; i < warmup; i++) await op(i);
        GC.Collect();
        for (var i = 0; i < iterations; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await op(i);
            s.Add(t);
        }
        return s;
    }
}

/// <summary>--name value options.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {list[i]}");
            var name = list[i][2..];
            _values[name] = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) ? list[++i] : "true";
        }
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);
    public string Get(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;
    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public bool Flag(string name) => _values.ContainsKey(name);
    public string Required(string name) => _values.GetValueOrDefault(name) ?? throw new ArgumentException($"--{name} is required");
}
