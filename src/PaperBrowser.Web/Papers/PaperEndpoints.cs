using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Papers;

namespace PaperBrowser.Web.Papers;

/// <summary>Non-HTML views of a paper (citation downloads) and the canonical-slug redirect.</summary>
public static class PaperEndpoints
{
    public static IEndpointRouteBuilder MapPaperDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/papers/{id:int}/cite.bib", async Task<Results<FileContentHttpResult, NotFound>> (int id, HttpContext http, IDbContextFactory<PaperDbContext> dbFactory) =>
        {
            var paper = await FindAsync(dbFactory, id, http.RequestAborted);
            if (paper is null) return TypedResults.NotFound();
            var bytes = System.Text.Encoding.UTF8.GetBytes(Citation.BibTex(paper, AbsoluteUrl(http, paper)));
            return TypedResults.File(bytes, "application/x-bibtex; charset=utf-8", Citation.Key(paper) + ".bib");
        });
        app.MapGet("/papers/{id:int}/cite.ris", async Task<Results<FileContentHttpResult, NotFound>> (int id, HttpContext http, IDbContextFactory<PaperDbContext> dbFactory) =>
        {
            var paper = await FindAsync(dbFactory, id, http.RequestAborted);
            if (paper is null) return TypedResults.NotFound();
            var bytes = System.Text.Encoding.UTF8.GetBytes(Citation.Ris(paper, AbsoluteUrl(http, paper)));
            return TypedResults.File(bytes, "application/x-research-info-systems; charset=utf-8", Citation.Key(paper) + ".ris");
        });
        return app;
    }

    /// <summary>
    /// /papers/{id} and /papers/{id}/{wrong-slug} answer 301 with the canonical address, before
    /// the page renders (a component cannot choose its own status code for a redirect).
    /// </summary>
    public static IApplicationBuilder UseCanonicalPaperUrls(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var segments = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (HttpMethods.IsGet(http.Request.Method) && segments is ["papers", var idText, ..] && segments.Length <= 3
            && int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && !(segments.Length == 3 && segments[2].StartsWith("cite.", StringComparison.Ordinal)))
        {
            var dbFactory = http.RequestServices.GetRequiredService<IDbContextFactory<PaperDbContext>>();
            await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
            var title = await db.Papers.Where(p => p.Id == id).Select(p => p.Title).FirstOrDefaultAsync(http.RequestAborted);
            if (title is not null)
            {
                var slug = PaperUrl.Slug(title);
                if (segments.Length < 3 || segments[2] != slug)
                {
                    http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                    http.Response.Headers.Location = PaperUrl.For(id, title) + http.Request.QueryString;
                    return;
                }
            }
        }
        await next(http);
    });

    public static string AbsoluteUrl(HttpContext http, Paper paper) =>
        $"{http.Request.Scheme}://{http.Request.Host}{PaperUrl.For(paper.Id, paper.Title)}";

    private static async Task<Paper?> FindAsync(IDbContextFactory<PaperDbContext> dbFactory, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Papers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }
}
