using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PaperBrowser.Bench.Infra;

/// <summary>
/// The published web app, run as its own process on 127.0.0.1 with its own data folder.
/// Only ever stopped by its own process id.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly long _started;

    public int Port { get; }
    public Uri BaseUrl { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public string LogPath { get; }
    public TimeSpan? HealthyAfter { get; private set; }
    public TimeSpan? ReadyAfter { get; private set; }

    private AppProcess(Process process, int port, string logPath, StreamWriter log, long started)
    {
        _process = process;
        _log = log;
        _started = started;
        Port = port;
        LogPath = logPath;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        // Never a proxy: every request goes to our own loopback address.
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static AppProcess Start(string appDir, string dataDir, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var (file, prefix) = Shell.App(appDir);
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = appDir,
        };
        foreach (var a in prefix) psi.ArgumentList.Add(a);
        psi.Environment["PaperBrowser__DataDirectory"] = dataDir;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, port, logPath, log, started);
    }

    /// <summary>Polls /healthz and /readyz until /readyz answers 200; records when each first did.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        using var quick = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the app exited with {_process.ExitCode} before it was ready; see {LogPath}");
            try
            {
                if (HealthyAfter is null && (await quick.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                    HealthyAfter = Stopwatch.GetElapsedTime(_started);
                if ((await quick.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    ReadyAfter = Stopwatch.GetElapsedTime(_started);
                    HealthyAfter ??= ReadyAfter;
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
        throw new TimeoutException($"the app was not ready within {timeout}; see {LogPath}");
    }

    /// <summary>Resident set size now and at its peak (VmRSS, VmHWM), from /proc.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = -1, peak = -1;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line);
        }
        return (rss, peak);

        static long Kb(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM to our own child by id, so it shuts down as it would in a container; SIGKILL if it hangs.
            Kill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
