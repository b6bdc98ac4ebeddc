using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBrowser.Web.Hosting;
using Microsoft.Extensions.Logging;

namespace PaperBrowser.Tests.TestSupport;

/// <summary>
/// The whole site in memory over a data folder of its own: on first start it migrates, imports the
/// bundled samples (the test output's copy) and builds the index, as a fresh install does.
/// The folder is deleted when the factory is disposed.
/// </summary>
public class PaperBrowserFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _temp = new();

    public string DataDirectory => Path.Combine(_temp.Path, "data");

    /// <summary>Extra settings (PaperBrowser:* and others) for a derived factory or a test.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PaperBrowser:DataDirectory"] = DataDirectory,
            ["PaperBrowser:ImportSamplesWhenEmpty"] = "true",
            ["PaperBrowser:SamplesDirectory"] = Samples.Directory,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in Settings) settings[key] = value;

        // As settings (seen by everything that reads configuration while the app is built) and as app configuration.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>
    /// The site prepares its library in the background after it starts listening. Tests ask for pages
    /// of a ready site, so the host is handed out once start-up is done (or has failed).
    /// </summary>
    protected virtual bool WaitUntilReady => true;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (!WaitUntilReady) return host;
        var state = host.Services.GetRequiredService<StartupState>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!state.IsReady && !state.HasFailed && DateTime.UtcNow < deadline) Thread.Sleep(10);
        if (!state.IsReady) throw new InvalidOperationException($"The site did not get ready: {state.Status}");
        return host;
    }

    /// <summary>WebApplicationFactory funnels both Dispose and DisposeAsync into this, after the host has stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
