using Microsoft.Extensions.Options;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>Looks for a newer index commit on a timer, so imports run elsewhere show up without a restart.</summary>
public sealed class IndexRefresher(PaperIndex index, IOptions<PaperBrowserOptions> options, StartupState state) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IndexRefreshSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (state.IsReady) index.Refresh();
        }
    }
}
