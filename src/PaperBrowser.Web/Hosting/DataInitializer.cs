using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaperBrowser.Papers;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// First-start work before the site is ready: migrate the database, import the bundled samples
/// into an empty library, and make sure the search index matches the database.
/// </summary>
public sealed class DataInitializer(
    DatabaseMigrator migrator,
    IDbContextFactory<PaperDbContext> dbFactory,
    LibraryUpdater library,
    PaperIndexWriter indexWriter,
    PaperIndex index,
    StartupState state,
    IOptions<PaperBrowserOptions> options,
    ILogger<DataInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        state.Report("migrating database");
        await migrator.MigrateAsync(ct);

        var opts = options.Value;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (opts.ImportSamplesWhenEmpty && !await db.Papers.AnyAsync(ct))
            {
                if (Directory.Exists(opts.SamplesDirectory))
                {
                    state.Report("importing sample papers");
                    logger.LogInformation("The library is empty: importing the bundled samples from {Folder}", opts.SamplesDirectory);
                    var summary = await library.ImportAsync([opts.SamplesDirectory], null, ct);
                    logger.LogInformation("Samples imported: {Summary}", summary.Describe());
                }
                else
                {
                    logger.LogWarning("The library is empty and the samples folder {Folder} does not exist", opts.SamplesDirectory);
                }
            }
        }
        state.Report("checking the search index");
        var indexState = await indexWriter.EnsureCurrentAsync(ct);
        logger.LogInformation("Search index {State} at {Path}", indexState, index.Path);
        index.RefreshNow();
        state.MarkReady();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
