using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaperBrowser.Papers;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// First-start work before the site is ready: migrate the database, import the bundled samples
/// into an empty library, and make sure the search index matches the database. It runs in the
/// background so the server listens at once: /healthz answers and pages explain that the library
/// is getting ready (a rebuild of a large index takes minutes) until <see cref="StartupState"/> is ready.
/// </summary>
public sealed class DataInitializer(
    DatabaseMigrator migrator,
    IDbContextFactory<PaperDbContext> dbFactory,
    LibraryUpdater library,
    PaperIndexWriter indexWriter,
    PaperIndex index,
    StartupState state,
    IOptions<PaperBrowserOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DataInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        // Let the host go on starting (and the server listening) while this works.
        await Task.Yield();
        try
        {
            await PrepareAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Without its database or index the site cannot serve anything: say why and stop with a failure code.
            logger.LogCritical(ex, "Start-up failed while {Step}", state.Status);
            state.Fail($"start-up failed while {state.Status}: {ex.Message}");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task PrepareAsync(CancellationToken ct)
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
        state.Report("checking the search index (a missing or outdated index is rebuilt now)");
        var indexState = await indexWriter.EnsureCurrentAsync(ct);
        logger.LogInformation("Search index {State} at {Path}", indexState, index.Path);
        index.RefreshNow();
        state.MarkReady();
    }
}
