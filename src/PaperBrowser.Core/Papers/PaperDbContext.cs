using Microsoft.EntityFrameworkCore;

namespace PaperBrowser.Papers;

public sealed class PaperDbContext(DbContextOptions<PaperDbContext> options) : DbContext(options)
{
    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<PaperSource> PaperSources => Set<PaperSource>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<ImportProblem> ImportProblems => Set<ImportProblem>();

    /// <summary>One paper with its sources, unchanged by the context (the paper page and the API show it).</summary>
    public Task<Paper?> FindPaperWithSourcesAsync(int id, CancellationToken ct = default) =>
        Papers.AsNoTracking().Include(p => p.Sources).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, ct);

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Paper>(paper =>
        {
            paper.HasIndex(p => p.NormalizedTitle).IsUnique();
            paper.HasIndex(p => p.ArxivId).IsUnique().HasFilter("ArxivId IS NOT NULL");
            // Incremental indexing asks "what changed since the index was last committed".
            paper.HasIndex(p => p.UpdatedUtc);
            paper.ComplexProperty(p => p.Published);
            paper.HasMany(p => p.Sources).WithOne(s => s.Paper).HasForeignKey(s => s.PaperId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<PaperSource>(source =>
        {
            source.ComplexProperty(s => s.Published);
            // Re-importing a file loads its sources by file name.
            source.HasIndex(s => new { s.FileName, s.Position });
            source.HasIndex(s => s.PaperId);
        });

        model.Entity<ImportRun>(run =>
        {
            run.HasMany(r => r.Problems).WithOne().HasForeignKey(p => p.ImportRunId).OnDelete(DeleteBehavior.Cascade);
            run.HasIndex(r => r.StartedUtc);
        });

        model.Entity<ImportProblem>().Property(p => p.Severity).HasConversion<string>();
    }
}
