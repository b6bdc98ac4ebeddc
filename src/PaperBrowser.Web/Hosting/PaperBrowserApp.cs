using Microsoft.AspNetCore.DataProtection;
using PaperBrowser.Web.Api;
using PaperBrowser.Web.Components;
using PaperBrowser.Web.Papers;
using PaperBrowser.Web.Search;

namespace PaperBrowser.Web.Hosting;

public static class PaperBrowserApp
{
    /// <summary>
    /// The content root when the default (the working directory) would not find the styles and scripts: a published
    /// app started from elsewhere (<c>dotnet /opt/paperbrowser/PaperBrowser.dll</c>) would otherwise answer its
    /// stylesheet with an empty 200. Null keeps the default; so does a content root given on the command line or in
    /// ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT (the host reads all three).
    /// </summary>
    internal static string? ContentRootFor(string workingDirectory, string appDirectory, string[] args)
    {
        if (args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 })
            return null;
        static bool HasWebRoot(string directory) => Directory.Exists(Path.Combine(directory, "wwwroot"));
        return !HasWebRoot(workingDirectory) && HasWebRoot(appDirectory) ? appDirectory : null;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ContentRootFor(Directory.GetCurrentDirectory(), AppContext.BaseDirectory, args),
        });
        builder.Services.AddPaperBrowserCore(builder.Configuration);
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddHostedService<DataInitializer>();
        builder.Services.AddHostedService<IndexRefresher>();
        builder.Services.AddHostedService<SearchWarmer>();
        builder.Services.AddPageCache();
        builder.Services.AddRazorComponents();
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        // Keys live with the data, so a replaced container keeps them (and starts without a warning).
        var dataDirectory = builder.Configuration[$"{PaperBrowserOptions.SectionName}:{nameof(PaperBrowserOptions.DataDirectory)}"]
            ?? PaperBrowserOptions.DefaultDataDirectory;
        builder.Services.AddDataProtection()
            .SetApplicationName("PaperBrowser")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDirectory), "keys")));

        var app = builder.Build();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        // A scope of its own for the re-executed page: a page that already rendered in this request
        // (such as /not-found itself, answering 404) has used up the request's NavigationManager.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStartupGate();
        app.UseCanonicalPaperUrls();
        app.UseAntiforgery();
        app.UseOutputCache();
        app.MapStaticAssets();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", (StartupState state) => state.IsReady
            ? Results.Text("ready")
            : Results.Text(state.Status, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapPaperApi();
        app.MapSearchFeed();
        app.MapPaperDownloads();
        app.MapRazorComponents<App>();
        return app;
    }
}
