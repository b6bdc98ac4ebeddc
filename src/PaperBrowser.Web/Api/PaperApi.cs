using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Search.Vocabulary;
using PaperBrowser.Web.Papers;
using PaperBrowser.Web.Search;

namespace PaperBrowser.Web.Api;

/// <summary>The JSON API. It takes the same parameters as the pages' URLs and calls the same services.</summary>
public static class PaperApi
{
    public static IEndpointRouteBuilder MapPaperApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Papers");
        api.MapGet("/search", SearchAsync).WithSummary("Full-text search with facets, highlights and spelling help.");
        api.MapGet("/papers/{id:int}", GetPaperAsync).WithSummary("One paper.");
        api.MapGet("/papers/{id:int}/related", RelatedAsync).WithSummary("The papers most related to one paper.");
        api.MapGet("/suggest", Suggest).WithSummary("Type-ahead suggestions: words and paper titles.");
        return app;
    }

    public sealed record HitDto(int Id, string Title, string TitleHtml, IReadOnlyList<string> Fragments, IReadOnlyList<string> Topics,
        int? Year, string? Published, IReadOnlyList<string> CodeUrls, IReadOnlyList<string> Categories, int? Upvotes, string Url);

    public sealed record FacetValueDto(string Value, int Count, bool Selected);
    public sealed record FacetDto(string Name, string Label, IReadOnlyList<FacetValueDto> Values);

    public sealed record SearchResultDto(
        string? Query, int Total, int Page, int Size, string Sort, IReadOnlyList<HitDto> Hits, IReadOnlyList<FacetDto> Facets,
        string? DidYouMean, IReadOnlyList<string> Messages, double ElapsedMs, string Canonical);

    public sealed record PaperDto(int Id, string Title, string Abstract, int? AuthorCount, IReadOnlyList<string> Authors, string? Published,
        int? Year, int? Upvotes, IReadOnlyList<string> Urls, IReadOnlyList<string> Topics, IReadOnlyList<string> Categories,
        string? ArxivId, string? Doi, string? JournalRef, string? Comments, IReadOnlyList<SourceDto> Sources, string Url);

    public sealed record SourceDto(string File, string? ListingDate, int Position, int Line);
    public sealed record SuggestionDto(string Text, int? PaperId, string Kind, string Url);

    private static async Task<Results<Ok<SearchResultDto>, ValidationProblem>> SearchAsync(HttpContext http, PaperSearchService search, CancellationToken ct)
    {
        var (request, problems) = SearchUrl.Parse(http.Request.Query);
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems.GroupBy(p => p.Parameter)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray()));

        var result = await search.SearchAsync(request, ct);
        return TypedResults.Ok(new SearchResultDto(
            request.Query, result.Total, result.Page, result.Size, SearchUrl.SortName(result.Sort),
            [.. result.Hits.Select(ToDto)],
            [.. result.Facets.Select(f => new FacetDto(f.Name, f.Label, [.. f.Values.Select(v => new FacetValueDto(v.Value, v.Count, v.Selected))]))],
            result.DidYouMean, result.Messages, result.Elapsed.TotalMilliseconds, SearchUrl.Build("/api/search", request)));
    }

    private static HitDto ToDto(SearchHit hit) => new(hit.Id, hit.Title, hit.TitleHtml, hit.Fragments, hit.Topics, hit.Year,
        hit.Published.IsEmpty ? null : hit.Published.ToString(), hit.CodeUrls, hit.Categories, hit.Upvotes, PaperUrl.For(hit.Id, hit.Title));

    private static async Task<Results<Ok<PaperDto>, NotFound<ProblemDetailsLite>>> GetPaperAsync(int id, IDbContextFactory<PaperDbContext> dbFactory,
        TopicTaxonomy topics, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paper = await db.FindPaperWithSourcesAsync(id, ct);
        if (paper is null) return TypedResults.NotFound(ProblemDetailsLite.NotFound(id));
        return TypedResults.Ok(new PaperDto(paper.Id, paper.Title, paper.Abstract, paper.AuthorCount, paper.Authors,
            paper.Published.IsEmpty ? null : paper.Published.ToString(), paper.Published.Year, paper.Upvotes, paper.Urls,
            topics.Classify(paper.Title, paper.Abstract), paper.Categories, paper.ArxivId, paper.Doi, paper.JournalRef, paper.Comments,
            [.. paper.Sources.OrderBy(s => s.FileName, StringComparer.Ordinal).ThenBy(s => s.Position).Select(s => new SourceDto(s.FileName, s.ListingDate, s.Position, s.Line))],
            PaperUrl.For(paper.Id, paper.Title)));
    }

    private static async Task<Results<Ok<IReadOnlyList<HitDto>>, NotFound<ProblemDetailsLite>>> RelatedAsync(int id, PaperSearchService search, CancellationToken ct)
    {
        var related = await search.RelatedAsync(id, ct: ct);
        if (related is null) return TypedResults.NotFound(ProblemDetailsLite.NotFound(id));
        return TypedResults.Ok<IReadOnlyList<HitDto>>([.. related.Select(ToDto)]);
    }

    private static Ok<IReadOnlyList<SuggestionDto>> Suggest(string? q, PaperSearchService search) =>
        TypedResults.Ok<IReadOnlyList<SuggestionDto>>([.. search.Suggest(q).Select(s => new SuggestionDto(s.Text, s.PaperId, s.Kind,
            s.PaperId is { } id ? PaperUrl.For(id, s.Text) : SearchUrl.Build("/", new SearchRequest { Query = s.Text })))]);

    /// <summary>RFC 7807 problem details for an unknown id.</summary>
    public sealed record ProblemDetailsLite(string Type, string Title, int Status, string Detail)
    {
        public static ProblemDetailsLite NotFound(int id) =>
            new("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found", StatusCodes.Status404NotFound, $"There is no paper with id {id}.");
    }
}
