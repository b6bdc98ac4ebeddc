using System.Diagnostics;
using System.Globalization;

namespace PaperBrowser.Bench.Infra;

/// <summary>Latency samples of one scenario, in milliseconds.</summary>
public sealed class Samples(string name)
{
    private readonly List<double> _ms = [];
    private double[]? _sorted;

    public string Name { get; } = name;
    public int Count => _ms.Count;

    public void Add(double ms)
    {
        _ms.Add(ms);
        _sorted = null;
    }

    public void Add(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    private double[] Sorted => _sorted ??= [.. _ms.Order()];

    /// <summary>Nearest-rank percentile (p in 0..100).</summary>
    public double Percentile(double p)
    {
        var s = Sorted;
        if (s.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * s.Length);
        return s[Math.Clamp(rank - 1, 0, s.Length - 1)];
    }

    public double P50 => Percentile(50);
    public double P95 => Percentile(95);
    public double P99 => Percentile(99);
    public double Mean => _ms.Count == 0 ? double.NaN : _ms.Average();
    public double Max => _ms.Count == 0 ? double.NaN : Sorted[^1];
}

public static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms switch
    {
        < 0.1 => ms.ToString("0.000", Inv),
        < 10 => ms.ToString("0.00", Inv),
        < 100 => ms.ToString("0.0", Inv),
        _ => ms.ToString("0", Inv),
    };

    public static string Ratio(double a, double b)
    {
        if (b <= 0 || double.IsNaN(a) || double.IsNaN(b)) return "–";
        var r = a / b;
        return r.ToString(r < 0.1 ? "0.0###" : r < 10 ? "0.00" : "0.0", Inv) + "×";
    }

    public static string N(double v, string format = "N0") => v.ToString(format, Inv);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", Inv) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", Inv) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", Inv) + " KiB",
        _ => bytes.ToString(Inv) + " B",
    };

    public static string Pass(bool pass) => pass ? "**pass**" : "**MISS**";
}
