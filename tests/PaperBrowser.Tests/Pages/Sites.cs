using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperBrowser.Papers;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Pages;

/// <summary>One response: status, headers, body, and the body parsed as HTML when asked.</summary>
public sealed class PageResponse(HttpResponseMessage response, string body)
{
    private IHtmlDocument? _document;

    public HttpStatusCode Status { get; } = response.StatusCode;
    public string Body { get; } = body;
    public string? ContentType { get; } = response.Content.Headers.ContentType?.ToString();
    public long Bytes { get; } = System.Text.Encoding.UTF8.GetByteCount(body);
    public Uri? Location { get; } = response.Headers.Location;
    public HttpResponseMessage Response { get; } = response;

    public IHtmlDocument Document => _document ??= new HtmlParser().ParseDocument(Body);

    /// <summary>A response header, from the response or its content.</summary>
    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    public string? Canonical => Document.QuerySelector("link[rel=canonical]")?.GetAttribute("href");

    public IReadOnlyList<string> Notices => [.. Document.QuerySelectorAll("p.notice").Select(n => n.TextContent.Trim())];

    public IElement? H1 => Document.QuerySelector("h1");
}

/// <summary>
/// A running site for tests that only read: one <see cref="PaperBrowserFactory"/> and a client
/// that does not follow redirects, so 301s can be seen.
/// </summary>
public abstract class Site : IDisposable
{
    protected Site(PaperBrowserFactory factory)
    {
        Factory = factory;
        Client = factory.CreateClient(new() { AllowAutoRedirect = false });
    }

    public PaperBrowserFactory Factory { get; }
    public HttpClient Client { get; }

    public async Task<PageResponse> GetAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return new PageResponse(response, body);
    }

    /// <summary>Gets a page and fails, showing the body, unless the status is the expected one.</summary>
    public async Task<PageResponse> GetAsync(string url, HttpStatusCode expected)
    {
        var page = await GetAsync(url);
        Assert.True(page.Status == expected,
            $"GET {url}: expected {(int)expected}, got {(int)page.Status}\n{page.Body[..Math.Min(page.Body.Length, 3000)]}");
        return page;
    }

    public async Task<List<Paper>> PapersAsync()
    {
        var dbFactory = Factory.Services.GetRequiredService<IDbContextFactory<PaperDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Papers.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
    }

    /// <summary>The one paper whose title contains the text.</summary>
    public async Task<Paper> PaperAsync(string titlePart)
    {
        var matches = (await PapersAsync()).Where(p => p.Title.Contains(titlePart, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one paper titled like \"{titlePart}\", found {matches.Count}");
        return matches[0];
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The site over the bundled samples, as a fresh install shows them.</summary>
public sealed class SampleSite() : Site(new PaperBrowserFactory())
{
    public const string Collection = "Sample site";
}

[CollectionDefinition(SampleSite.Collection)]
public sealed class SampleSiteCollection : ICollectionFixture<SampleSite>;
