using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBrowser.Papers;

public static class PaperStorage
{
    /// <summary>Registers the SQLite paper database in the data directory.</summary>
    public static IServiceCollection AddPaperStorage(this IServiceCollection services)
    {
        services.AddDbContextFactory<PaperDbContext>((sp, db) =>
        {
            var options = sp.GetRequiredService<IOptions<PaperBrowserOptions>>().Value;
            db.UseSqlite(options.ConnectionString);
        });
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }
}

/// <summary>Creates the data folder and brings the database schema up to date with the checked-in migrations.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<PaperDbContext> dbFactory, IOptions<PaperBrowserOptions> options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.Value.DatabasePath)!);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s) to {Path}", pending.Count, options.Value.DatabasePath);
            await db.Database.MigrateAsync(ct);
        }
        // WAL lets the site keep reading while an import writes; the setting is stored in the file.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteScalarAsync(ct);
    }
}
