using System.Runtime.InteropServices;

namespace PaperBrowser.Bench.Infra;

/// <summary>What machine and build a result came from.</summary>
public static class Machine
{
    public static IEnumerable<(string, string)> Facts()
    {
        yield return ("machine", $"{Environment.ProcessorCount} cores (nproc {Shell.Output("nproc").Trim()}), {CpuModel()}, {MemoryLine()}");
        yield return ("runtime", $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        yield return ("load average at start", File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?");
        var commit = Shell.Output("git", "rev-parse --short HEAD").Trim();
        var dirty = Shell.Output("git", "status --porcelain --untracked-files=no -- src").Trim().Length > 0 ? " (src/ has uncommitted changes)" : "";
        yield return ("commit", commit.Length > 0 ? commit + dirty : "?");
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException) { return "unknown CPU"; }
    }

    private static string MemoryLine()
    {
        // `free -m`: the Mem: line (total, used, free, shared, buff/cache, available).
        var mem = Shell.Output("free", "-m").Split('\n').FirstOrDefault(l => l.StartsWith("Mem:", StringComparison.Ordinal));
        if (mem is null) return "memory unknown";
        var parts = mem.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 7 ? $"free -m: {parts[1]} MiB total, {parts[6]} MiB available" : mem;
    }
}
