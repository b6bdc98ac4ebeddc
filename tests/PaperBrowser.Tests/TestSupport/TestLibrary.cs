using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBrowser.Import;
using PaperBrowser.Papers;

namespace PaperBrowser.Tests.TestSupport;

/// <summary>
/// A world of its own for one test: a temp data folder with a real SQLite file, migrated with
/// the checked-in migrations, and the services wired as the app wires them.
/// </summary>
public sealed class TestLibrary : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TestLibrary(Action<PaperBrowserOptions>? configure = null)
    {
        Services = TestServices.Create(_temp, configure, withSearch: false);
    }

    public ServiceProvider Services { get; }
    public TempDirectory Temp => _temp;
    public PaperBrowserOptions Options => Services.GetRequiredService<IOptions<PaperBrowserOptions>>().Value;
    public PaperImporter Importer => Services.GetRequiredService<PaperImporter>();

    public PaperDbContext CreateDb() =>
        Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PaperDbContext>>().CreateDbContext();

    public Task<ImportSummary> ImportAsync(params string[] paths) => Importer.ImportAsync(paths);

    public void Dispose()
    {
        Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
