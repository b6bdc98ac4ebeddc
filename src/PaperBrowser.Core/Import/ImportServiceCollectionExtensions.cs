using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaperBrowser.Import;

public static class ImportServiceCollectionExtensions
{
    /// <summary>Registers the import job and the file formats it reads (most specific first; page capture is the fallback).</summary>
    public static IServiceCollection AddPaperImport(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IImportFormat, ArxivJsonLinesFormat>();
        services.AddSingleton<IImportFormat, PageCaptureFormat>();
        services.AddSingleton<PaperImporter>();
        return services;
    }
}
