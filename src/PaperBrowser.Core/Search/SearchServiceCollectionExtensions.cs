using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Registers the index, its writer and the search service.</summary>
    public static IServiceCollection AddPaperSearch(this IServiceCollection services)
    {
        services.AddSingleton(sp => TopicTaxonomy.Load(sp.GetRequiredService<IOptions<PaperBrowserOptions>>().Value.TopicsFile));
        services.AddSingleton(sp => AcronymList.Load(sp.GetRequiredService<IOptions<PaperBrowserOptions>>().Value.AcronymsFile));
        services.AddSingleton<PaperIndex>();
        services.AddSingleton<PaperDocumentBuilder>();
        services.AddSingleton<PaperIndexWriter>();
        services.AddSingleton(sp => new SynonymExpander(sp.GetRequiredService<AcronymList>(), sp.GetRequiredService<PaperIndex>().QueryAnalyzer));
        services.AddSingleton(sp => new PaperQueryBuilder(sp.GetRequiredService<PaperIndex>().QueryAnalyzer, sp.GetRequiredService<SynonymExpander>(),
            sp.GetRequiredService<PaperIndex>().IndexAnalyzer));
        services.AddSingleton<PaperSearchService>();
        return services;
    }
}
