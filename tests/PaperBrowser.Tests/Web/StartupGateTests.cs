using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBrowser.Tests.TestSupport;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.Tests.Web;

/// <summary>While the library is being prepared the server already answers: health yes, pages with a "getting ready" page.</summary>
public sealed class StartupGateTests
{
    /// <summary>A site whose start-up work never runs, so it stays "starting" for as long as the test looks.</summary>
    private sealed class StartingSite : PaperBrowserFactory
    {
        protected override bool WaitUntilReady => false;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var initializer = services.Single(d => d.ImplementationType == typeof(DataInitializer));
                services.Remove(initializer);
            });
        }
    }

    [Fact]
    public async Task Pages_explain_that_the_library_is_getting_ready_while_health_answers()
    {
        using var site = new StartingSite();
        using var client = site.CreateClient();
        site.Services.GetRequiredService<StartupState>().Report("importing sample papers");

        using (var health = await client.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("importing sample papers", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/", "/?q=diffusion", "/papers/1/x", "/browse", "/feed" })
        {
            using var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("5", page.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("getting the library ready", html, StringComparison.Ordinal);
            Assert.Contains("Now: importing sample papers.", html, StringComparison.Ordinal);
            Assert.Contains("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        }

        using var api = await client.GetAsync("/api/search?q=x");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using var css = await client.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Fact]
    public async Task A_failed_start_says_so_and_stops_reloading()
    {
        using var site = new StartingSite();
        using var client = site.CreateClient();
        site.Services.GetRequiredService<StartupState>().Fail("start-up failed while migrating database: disk full");
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("could not start", html, StringComparison.Ordinal);
        Assert.Contains("disk full", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
    }
}
