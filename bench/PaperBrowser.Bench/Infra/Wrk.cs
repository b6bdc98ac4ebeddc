using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperBrowser.Bench.Infra;

/// <summary>One wrk run against the local app, and what its --latency report says.</summary>
public sealed record WrkResult(string Url, double RequestsPerSecond, double P50Ms, double P75Ms, double P90Ms, double P99Ms,
    long Requests, long Non2xx, string SocketErrors, string Raw)
{
    public bool Clean => Non2xx == 0 && SocketErrors.Length == 0;
}

public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, int threads, int connections, int seconds)
    {
        if (!url.IsLoopback) throw new InvalidOperationException($"wrk is only ever pointed at this machine, not {url}");
        var result = await Shell.RunAsync("wrk",
            [$"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "10s", url.AbsoluteUri],
            timeout: TimeSpan.FromSeconds(seconds + 60));
        return Parse(url.AbsoluteUri, result.Stdout);
    }

    public static WrkResult Parse(string url, string text)
    {
        double Pct(string p)
        {
            var m = Regex.Match(text, $@"^\s*{p}%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
            return m.Success ? ToMs(m.Groups[1].Value, m.Groups[2].Value) : double.NaN;
        }
        var rps = Regex.Match(text, @"Requests/sec:\s+([\d.]+)");
        var requests = Regex.Match(text, @"(\d+) requests in");
        var non2xx = Regex.Match(text, @"Non-2xx or 3xx responses: (\d+)");
        var socket = Regex.Match(text, @"Socket errors: (.*)");
        var none = !requests.Success || requests.Groups[1].Value == "0";
        return new WrkResult(url,
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            none ? double.NaN : Pct("50"), none ? double.NaN : Pct("75"), none ? double.NaN : Pct("90"), none ? double.NaN : Pct("99"),
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socket.Success ? socket.Groups[1].Value.Trim() : "",
            text);
    }

    private static double ToMs(string value, string unit)
    {
        var v = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch { "us" => v / 1000, "ms" => v, "s" => v * 1000, _ => v * 60_000 };
    }
}
