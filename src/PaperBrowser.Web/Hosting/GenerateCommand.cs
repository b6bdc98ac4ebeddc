namespace PaperBrowser.Web.Hosting;

/// <summary>`generate`: writes a deterministic synthetic corpus for benchmarks. (Being built.)</summary>
public static class GenerateCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        await stderr.WriteLineAsync("error: generate is not available yet");
        return 2;
    }
}
