using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search;

namespace PaperBrowser.Web.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the site and the command-line verbs share: options, storage, import, search.</summary>
    public static IServiceCollection AddPaperBrowserCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaperBrowserOptions>()
            .Bind(configuration.GetSection(PaperBrowserOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddPaperStorage();
        services.AddPaperImport();
        services.AddPaperSearch();
        services.AddSingleton<LibraryUpdater>();
        return services;
    }
}
