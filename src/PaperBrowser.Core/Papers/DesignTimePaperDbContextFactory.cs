using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PaperBrowser.Papers;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app.</summary>
internal sealed class DesignTimePaperDbContextFactory : IDesignTimeDbContextFactory<PaperDbContext>
{
    public PaperDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PaperDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
