using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Bench;

/// <summary>The app's services over one data folder, wired as the app wires them (storage, import, search).</summary>
public sealed class Library : IDisposable
{
    public Library(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddOptions<PaperBrowserOptions>().Configure(o =>
        {
            o.DataDirectory = dataDirectory;
            o.ImportSamplesWhenEmpty = false;
        });
        services.AddPaperStorage();
        services.AddPaperImport();
        services.AddPaperSearch();
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }
    public PaperBrowserOptions Options => Services.GetRequiredService<IOptions<PaperBrowserOptions>>().Value;
    public PaperSearchService Search => Services.GetRequiredService<PaperSearchService>();
    public PaperIndex Index => Services.GetRequiredService<PaperIndex>();
    public PaperQueryBuilder QueryBuilder => Services.GetRequiredService<PaperQueryBuilder>();
    public TopicTaxonomy Topics => Services.GetRequiredService<TopicTaxonomy>();
    public IDbContextFactory<PaperDbContext> Db => Services.GetRequiredService<IDbContextFactory<PaperDbContext>>();

    public Task MigrateAsync() => Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

    public Task<ImportSummary> ImportAsync(params string[] paths) => Services.GetRequiredService<PaperImporter>().ImportAsync(paths);

    public async Task<int> RebuildIndexAsync()
    {
        var count = await Services.GetRequiredService<PaperIndexWriter>().RebuildAsync();
        Index.RefreshNow();
        return count;
    }

    public async Task<List<int>> PaperIdsAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Papers.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
    }

    public void Dispose()
    {
        Services.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
