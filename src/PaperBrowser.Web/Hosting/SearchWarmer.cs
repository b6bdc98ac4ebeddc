using PaperBrowser.Search;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// Runs the landing page's search (browse newest, with facet counts) on each new index state in the
/// background, so its per-reader caches (date order, facet counts) are built before a person asks:
/// at a million papers that first build takes about a second.
/// </summary>
public sealed class SearchWarmer(PaperIndex index, PaperSearchService search, StartupState state, ILogger<SearchWarmer> logger) : BackgroundService
{
    private int _running;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!state.IsReady && !state.HasFailed)
            await Task.Delay(100, stoppingToken);
        if (state.HasFailed) return;
        index.Changed += OnChanged;
        stoppingToken.Register(() => index.Changed -= OnChanged);
        await WarmAsync();
    }

    private void OnChanged() => _ = Task.Run(WarmAsync);

    private async Task WarmAsync()
    {
        // One warm-up at a time; a refresh during one is picked up by the next request or refresh.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            await search.SearchAsync(new SearchRequest());
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Warming the landing page's search failed");
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
