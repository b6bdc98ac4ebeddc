using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// Keeps rendered search pages, paper pages, feeds and API answers per URL in memory. Every view
/// is a GET URL and only changes when the index does, so a popular view is rendered once per
/// index state: the key carries the index generation, and a newer state drops the older entries.
/// </summary>
public static class PageCache
{
    public const string Tag = "library";

    // Views whose content comes from the library; /about (last import, index state) and static files are not cached here.
    private static readonly string[] CachedPrefixes = ["/papers", "/browse", "/feed", "/api/search", "/api/papers", "/api/suggest"];

    public static IServiceCollection AddPageCache(this IServiceCollection services)
    {
        services.AddSingleton<IndexGeneration>();
        services.AddOutputCache(options =>
        {
            options.SizeLimit = 64L * 1024 * 1024;
            options.MaximumBodySize = 1024 * 1024;
        });
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<PaperBrowserOptions>, IndexGeneration>((options, settings, generation) =>
        {
            if (settings.Value.PageCacheSeconds > 0)
                options.AddBasePolicy(new LibraryViewPolicy(TimeSpan.FromSeconds(settings.Value.PageCacheSeconds), generation));
        });
        services.AddHostedService<PageCacheInvalidator>();
        return services;
    }

    public static bool IsCachedPath(PathString path) =>
        path == "/" || CachedPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Counts index states; a cache key made under one state is never looked up under another.</summary>
    public sealed class IndexGeneration
    {
        private long _value;
        public long Value => Interlocked.Read(ref _value);
        public void Advance() => Interlocked.Increment(ref _value);
    }

    private sealed class LibraryViewPolicy(TimeSpan lifetime, IndexGeneration generation) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = HttpMethods.IsGet(request.Method) && IsCachedPath(request.Path);
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            // Concurrent requests for the same uncached URL wait for one rendering instead of each doing it.
            context.AllowLocking = true;
            if (!cacheable) return ValueTask.CompletedTask;

            context.ResponseExpirationTimeSpan = lifetime;
            context.Tags.Add(Tag);
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["index"] = generation.Value.ToString(CultureInfo.InvariantCulture);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            // Only whole, public successes: not a 404 page, a redirect, a 400 or anything that sets a cookie.
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
                context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Moves the generation on and frees the older entries when searchers switch to a new index state.</summary>
    private sealed class PageCacheInvalidator(PaperIndex index, IndexGeneration generation, IOutputCacheStore store,
        ILogger<PageCacheInvalidator> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            index.Changed += OnChanged;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            index.Changed -= OnChanged;
            return Task.CompletedTask;
        }

        private void OnChanged()
        {
            generation.Advance();
            _ = EvictAsync();
        }

        private async Task EvictAsync()
        {
            try
            {
                await store.EvictByTagAsync(Tag, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The generation already keeps old entries from being served; they will expire.
                logger.LogWarning(ex, "Could not drop cached pages after an index change");
            }
        }
    }
}
