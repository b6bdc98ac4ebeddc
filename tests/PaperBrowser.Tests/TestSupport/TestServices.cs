using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search;

namespace PaperBrowser.Tests.TestSupport;

/// <summary>The services of one test world, wired as the app wires them, over a database in its temp folder, migrated.</summary>
public static class TestServices
{
    public static ServiceProvider Create(TempDirectory temp, Action<PaperBrowserOptions>? configure, bool withSearch)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<PaperBrowserOptions>().Configure(o =>
        {
            o.DataDirectory = Path.Combine(temp.Path, "data");
            configure?.Invoke(o);
        });
        services.AddPaperStorage();
        services.AddPaperImport();
        if (withSearch) services.AddPaperSearch();
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<DatabaseMigrator>().MigrateAsync().GetAwaiter().GetResult();
        return provider;
    }
}
