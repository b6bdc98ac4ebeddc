namespace PaperBrowser.Web.Hosting;

/// <summary>`healthcheck`: lets a container check the site without curl. (Being built.)</summary>
public static class HealthCheckCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        await stderr.WriteLineAsync("error: healthcheck is not available yet");
        return 2;
    }
}
