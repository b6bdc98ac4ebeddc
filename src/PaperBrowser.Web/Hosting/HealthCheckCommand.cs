using System.Diagnostics;
using System.Globalization;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// `healthcheck [--timeout SECONDS] [URL]`: asks the running site whether it is alive, so a container image
/// needs no curl for its HEALTHCHECK. Exit 0 when the URL answers 200, 1 when it does not (or not in time),
/// 2 for bad arguments. Prints one line saying why.
/// </summary>
/// <remarks>
/// Without a URL it asks http://127.0.0.1:PORT/healthz, with PORT taken from ASPNETCORE_URLS (which wins
/// over the ports setting in ASP.NET Core, as here), else ASPNETCORE_HTTP_PORTS, else 8080 (the port of the
/// container images). A URL naming no path gets /healthz.
/// </remarks>
public static class HealthCheckCommand
{
    public const string DefaultPath = "/healthz";
    public const int DefaultPort = 8080;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private const string Usage = "usage: PaperBrowser healthcheck [--timeout SECONDS] [URL]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var timeout = DefaultTimeout;
        string? urlArg = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--timeout")
            {
                if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    || seconds <= 0 || seconds > 600)
                {
                    await stderr.WriteLineAsync($"error: --timeout needs a number of seconds between 0 and 600\n{Usage}");
                    return 2;
                }
                timeout = TimeSpan.FromSeconds(seconds);
                i++;
            }
            else if (args[i].StartsWith('-') || urlArg is not null)
            {
                await stderr.WriteLineAsync($"error: unexpected argument {args[i]}\n{Usage}");
                return 2;
            }
            else
            {
                urlArg = args[i];
            }
        }

        Uri url;
        if (urlArg is null)
        {
            url = DefaultUrl(Environment.GetEnvironmentVariable);
        }
        else if (!TryParseUrl(urlArg, out url))
        {
            await stderr.WriteLineAsync($"error: {urlArg} is not an http:// or https:// URL\n{Usage}");
            return 2;
        }

        return await CheckAsync(url, timeout, stdout, stderr);
    }

    /// <summary>GETs the URL once; 0 on 200, otherwise 1. Never follows redirects, never uses a proxy.</summary>
    public static async Task<int> CheckAsync(Uri url, TimeSpan timeout, TextWriter stdout, TextWriter stderr)
    {
        // A proxy from HTTP_PROXY would be asked about our own loopback address: never wanted here.
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = timeout };
        using var client = new HttpClient(handler) { Timeout = timeout };
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            var ms = clock.ElapsedMilliseconds;
            var code = (int)response.StatusCode;
            if (code == 200)
            {
                await stdout.WriteLineAsync($"healthy: {url} answered 200 in {ms} ms");
                return 0;
            }
            await stderr.WriteLineAsync($"unhealthy: {url} answered {code} {response.ReasonPhrase} in {ms} ms");
            return 1;
        }
        catch (TaskCanceledException)
        {
            await stderr.WriteLineAsync($"unhealthy: {url} did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await stderr.WriteLineAsync($"unhealthy: {url} could not be reached: {Describe(ex)}");
            return 1;
        }
    }

    /// <summary>The URL checked when none is given, from the same settings the site listens by.</summary>
    internal static Uri DefaultUrl(Func<string, string?> env)
    {
        var port = PortFromUrls(env("ASPNETCORE_URLS")) ?? FirstPort(env("ASPNETCORE_HTTP_PORTS")) ?? DefaultPort;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{DefaultPath}"));
    }

    internal static bool TryParseUrl(string text, out Uri url)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            url = null!;
            return false;
        }
        url = parsed.AbsolutePath == "/" && parsed.Query.Length == 0 && !text.EndsWith('/')
            ? new UriBuilder(parsed) { Path = DefaultPath }.Uri
            : parsed;
        return true;
    }

    /// <summary>The port of the first plain-http address in an ASPNETCORE_URLS list ("http://+:8080;https://...").</summary>
    private static int? PortFromUrls(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls)) return null;
        foreach (var entry in urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!entry.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            // Wildcard hosts ("+", "*") are not valid URI hosts: the port is what follows the last colon.
            var rest = entry["http://".Length..];
            var slash = rest.IndexOf('/');
            if (slash >= 0) rest = rest[..slash];
            var colon = rest.LastIndexOf(':');
            if (colon < 0 || rest.EndsWith(']')) return 80;
            if (int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
                return port;
        }
        return null;
    }

    private static int? FirstPort(string? ports)
    {
        if (string.IsNullOrWhiteSpace(ports)) return null;
        foreach (var entry in ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
                return port;
        return null;
    }

    private static string Describe(HttpRequestException ex)
    {
        var inner = ex.InnerException?.Message;
        return string.IsNullOrEmpty(inner) || ex.Message.Contains(inner, StringComparison.Ordinal) ? ex.Message : $"{ex.Message} ({inner})";
    }
}
