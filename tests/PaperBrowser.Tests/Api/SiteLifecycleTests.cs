using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PaperBrowser.Tests.TestSupport;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.Tests.Api;

/// <summary>A fresh site over an empty data folder: first start imports the samples and builds the index there, and nowhere else.</summary>
public sealed class SiteLifecycleTests
{
    [Fact]
    public async Task First_start_fills_its_own_data_folder_which_is_removed_afterwards()
    {
        string dataDirectory;
        using (var factory = new PaperBrowserFactory())
        {
            dataDirectory = factory.DataDirectory;
            using var client = factory.CreateClient();
            using var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            Assert.True(File.Exists(Path.Combine(dataDirectory, "papers.db")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataDirectory, "index"), "segments_*"));
            using var search = await client.GetAsync("/api/search?size=1");
            Assert.Contains($"\"total\":{Samples.UniquePapers}", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(dataDirectory), "the factory's data folder outlived it");
    }

    [Fact]
    public async Task Two_sites_at_once_do_not_share_data()
    {
        using var first = new PaperBrowserFactory();
        using var second = new PaperBrowserFactory();
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        using var a = first.CreateClient();
        using var b = second.CreateClient();
        var ready = await Task.WhenAll(a.GetAsync("/readyz"), b.GetAsync("/readyz"));
        Assert.All(ready, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in ready) r.Dispose();
        Assert.True(File.Exists(Path.Combine(first.DataDirectory, "papers.db")));
        Assert.True(File.Exists(Path.Combine(second.DataDirectory, "papers.db")));
    }

    [Theory]
    [InlineData("SearchThreads", "-1")]
    [InlineData("SearchThreads", "65")]
    [InlineData("ParallelSearchMinPapers", "-5")]
    [InlineData("PageCacheSeconds", "-1")]
    public async Task A_setting_out_of_range_stops_the_start_and_names_the_setting(string name, string value)
    {
        // The app's own registration, started as a host: start-time validation is what stops the site. (Through
        // WebApplicationFactory a failed start sometimes surfaces as its own ObjectDisposedException instead.)
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"PaperBrowser:{name}"] = value });
        builder.Services.AddPaperBrowserCore(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
