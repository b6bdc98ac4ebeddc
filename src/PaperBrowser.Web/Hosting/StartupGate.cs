using System.Net;

namespace PaperBrowser.Web.Hosting;

/// <summary>
/// Until the library is ready, pages answer 503 with a short page that says what is happening and
/// reloads itself (no script needed), the API answers 503 problem details, and /healthz, /readyz and
/// static files are served as usual. A person opening the site during a long first import sees why
/// it is not there yet instead of a refused connection.
/// </summary>
public static class StartupGate
{
    private const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var state = http.RequestServices.GetRequiredService<StartupState>();
        if (state.IsReady || IsAlwaysServed(http.Request.Path))
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The library is getting ready",
                detail: $"PaperBrowser is starting: {state.Status}. Try again in a few seconds.").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Page(state));
    });

    private static bool IsAlwaysServed(PathString path) =>
        path == "/healthz" || path == "/readyz" || path.StartsWithSegments("/css") || path.StartsWithSegments("/js")
        || path.StartsWithSegments("/favicon.svg") || path.StartsWithSegments("/favicon.ico");

    private static string Page(StartupState state)
    {
        var status = WebUtility.HtmlEncode(state.Status);
        var refresh = state.HasFailed ? "" : $"<meta http-equiv=\"refresh\" content=\"{RetryAfterSeconds}\">";
        var message = state.HasFailed
            ? "PaperBrowser could not start. The server log says more."
            : "PaperBrowser is getting the library ready. This page reloads itself every few seconds.";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            {refresh}
            <title>Starting · PaperBrowser</title>
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <main id="main" class="starting">
            <h1>PaperBrowser</h1>
            <p>{message}</p>
            <p role="status">Now: {status}.</p>
            </main>
            </body>
            </html>
            """;
    }
}
