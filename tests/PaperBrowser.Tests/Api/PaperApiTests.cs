using System.Net;
using System.Text.Json;
using PaperBrowser.Tests.Search;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Api;

/// <summary>
/// The JSON API through the real site: a fresh data folder, the samples imported at first start,
/// the index built, then HTTP requests. Requests here only read, so one site serves the class.
/// </summary>
public sealed class PaperApiTests(PaperApiTests.Site site) : IClassFixture<PaperApiTests.Site>
{
    public sealed class Site : IDisposable
    {
        public PaperBrowserFactory Factory { get; } = new();
        public HttpClient Client { get; }

        public Site() => Client = Factory.CreateClient(new() { AllowAutoRedirect = false });

        public void Dispose()
        {
            Client.Dispose();
            Factory.Dispose();
        }
    }

    private HttpClient Client => site.Client;

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Q(string text) => Uri.EscapeDataString(text);

    [Fact]
    public async Task Search_returns_hits_total_and_facets()
    {
        var json = await GetJsonAsync("/api/search?q=" + Q("graph neural networks"));
        var total = json.GetProperty("total").GetInt32();
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.True(total > 5);
        Assert.Equal(Math.Min(total, 20), hits.Count);
        Assert.Contains("Graph Neural Networks", hits[0].GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<mark>", hits[0].GetProperty("titleHtml").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("/papers/", hits[0].GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("relevance", json.GetProperty("sort").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("didYouMean").ValueKind);

        var facets = json.GetProperty("facets").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(new[] { "category", "code", "source", "topic", "year" }, facets.Keys.Order(StringComparer.Ordinal));
        var topics = facets["topic"].GetProperty("values").EnumerateArray().ToList();
        Assert.Contains(topics, t => t.GetProperty("value").GetString() == "Graph Neural Networks" && t.GetProperty("count").GetInt32() > 5);
        Assert.All(topics, t => Assert.True(t.GetProperty("count").GetInt32() <= total));
        // Every paper has exactly one code value, so the code facet adds up to the total.
        Assert.Equal(total, facets["code"].GetProperty("values").EnumerateArray().Sum(v => v.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Search_offers_did_you_mean_for_typos()
    {
        var json = await GetJsonAsync("/api/search?q=difusion");
        Assert.Equal("diffusion", json.GetProperty("didYouMean").GetString());
        Assert.True(json.GetProperty("total").GetInt32() > 0);
        Assert.Contains(json.GetProperty("messages").EnumerateArray(), m => m.GetString()!.Contains("diffusion", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_filters_sorts_and_pages_with_the_page_parameters()
    {
        var all = await GetJsonAsync("/api/search?size=100");
        var library = all.GetProperty("total").GetInt32();
        Assert.Equal(Samples.UniquePapers, library);

        var filtered = await GetJsonAsync("/api/search?topic=" + Q("Graph Neural Networks") + "&topic=" + Q("Spiking Neural Networks") + "&sort=title&size=5&page=2");
        Assert.Equal(2, filtered.GetProperty("page").GetInt32());
        Assert.Equal(5, filtered.GetProperty("size").GetInt32());
        Assert.Equal("title", filtered.GetProperty("sort").GetString());
        var titles = filtered.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!).ToList();
        Assert.Equal(titles.OrderBy(t => t.ToLowerInvariant(), StringComparer.Ordinal), titles);
        Assert.All(filtered.GetProperty("hits").EnumerateArray(), h =>
            Assert.Contains(h.GetProperty("topics").EnumerateArray().Select(t => t.GetString()), t => t is "Graph Neural Networks" or "Spiking Neural Networks"));
        var selected = filtered.GetProperty("facets").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "topic")
            .GetProperty("values").EnumerateArray().Where(v => v.GetProperty("selected").GetBoolean()).Select(v => v.GetProperty("value").GetString());
        Assert.Equal(new[] { "Graph Neural Networks", "Spiking Neural Networks" }, selected.Order(StringComparer.Ordinal));
        // The canonical URL names the view in a fixed order.
        Assert.Equal("/api/search?topic=Graph+Neural+Networks&topic=Spiking+Neural+Networks&sort=title&page=2&size=5", filtered.GetProperty("canonical").GetString());
    }

    [Theory]
    [InlineData("page=-3")]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("page=99999999999999999999")]
    [InlineData("size=10000")]
    [InlineData("size=0")]
    [InlineData("size=-1")]
    [InlineData("year=abc")]
    [InlineData("year=1700")]
    [InlineData("year=2020-abc")]
    [InlineData("sort=bogus")]
    [InlineData("q=x&sort=" + "%3Cscript%3E")]
    public async Task Bad_parameters_are_a_400_problem(string query)
    {
        using var response = await Client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.True(json.GetProperty("errors").EnumerateObject().Any());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_400_names_each_bad_parameter_and_does_not_claim_a_fallback_was_used()
    {
        using var response = await Client.GetAsync("/api/search?q=x&size=500&page=zero&year=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(["page", "size", "year"], errors.EnumerateObject().Select(e => e.Name).Order());
        var size = Assert.Single(errors.GetProperty("size").EnumerateArray()).GetString()!;
        Assert.Contains("between 1 and 100", size);
        // The page searches with the fallback; the API answers nothing, so it must not say "so 20 is used".
        Assert.DoesNotContain(" so ", size);
    }

    [Fact]
    public async Task A_paper_by_id_and_an_unknown_id()
    {
        var hit = (await GetJsonAsync("/api/search?q=" + Q("Forward Learning of Graph Neural Networks"))).GetProperty("hits")[0];
        var id = hit.GetProperty("id").GetInt32();

        var paper = await GetJsonAsync($"/api/papers/{id}");
        Assert.Equal(id, paper.GetProperty("id").GetInt32());
        Assert.Equal("Forward Learning of Graph Neural Networks", paper.GetProperty("title").GetString());
        Assert.Contains("forward", paper.GetProperty("abstract").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Graph Neural Networks", paper.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.NotEmpty(paper.GetProperty("sources").EnumerateArray());

        var missing = await GetJsonAsync("/api/papers/999999", HttpStatusCode.NotFound);
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        Assert.Contains("999999", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/papers/abc")]
    [InlineData("/api/papers/-1")]
    [InlineData("/api/papers/99999999999")]
    [InlineData("/api/papers/1.5")]
    [InlineData("/api/papers/0/related")]
    public async Task Odd_paper_ids_are_not_found(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Related_papers_of_a_paper()
    {
        var id = (await GetJsonAsync("/api/search?q=" + Q("Forward Learning of Graph Neural Networks"))).GetProperty("hits")[0].GetProperty("id").GetInt32();
        var related = (await GetJsonAsync($"/api/papers/{id}/related")).EnumerateArray().ToList();
        Assert.Equal(8, related.Count);
        var ids = related.Select(r => r.GetProperty("id").GetInt32()).ToList();
        Assert.DoesNotContain(id, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        await GetJsonAsync("/api/papers/999999/related", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suggest_completes_words_and_titles()
    {
        var suggestions = (await GetJsonAsync("/api/suggest?q=diff")).EnumerateArray().ToList();
        Assert.Contains(suggestions, s => s.GetProperty("text").GetString() == "diffusion" && s.GetProperty("kind").GetString() == "query");
        Assert.Contains(suggestions, s => s.GetProperty("kind").GetString() == "paper" && s.GetProperty("paperId").GetInt32() > 0);
        Assert.All(suggestions, s => Assert.StartsWith("/", s.GetProperty("url").GetString(), StringComparison.Ordinal));

        Assert.Empty((await GetJsonAsync("/api/suggest")).EnumerateArray());
        Assert.Empty((await GetJsonAsync("/api/suggest?q=")).EnumerateArray());
    }

    [Fact]
    public async Task Health_and_readiness()
    {
        using var health = await Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());

        // Hosted services have finished by the time the first request is served: samples imported, index built.
        using var ready = await Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await GetJsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/search", paths);
        Assert.Contains("/api/papers/{id}", paths);
        Assert.Contains("/api/papers/{id}/related", paths);
        Assert.Contains("/api/suggest", paths);
    }

    public static readonly string[] NastyParameters =
    [
        "q=%00", "q=%FF%FE", "q=%ED%A0%80", "q=%C0%AF", "q=%E2%80%AE", "q=" + new string('a', 5000), "q=%22%22%22", "q=((((", "q=*:*",
        "q=title:&topic=", "topic=%00", "topic=" + new string('x', 300), "year=-", "year=2020-", "year=-2020", "year=2024-2020", "year=%00",
        "code=maybe", "code=yes&code=no&code=yes", "category=%3Cscript%3E", "source=../../etc/passwd", "size=100&page=100", "size=100&page=101",
        "size=1&page=10000", "size=1&page=10001", "q=a&q=b&q=", "Q=diffusion", "sort=RELEVANCE", "sort=", "page=", "size=",
        "q=%F0%9F%98%80", "q=%EF%BF%BF", "q=\\", "q=%5C%22", "q=author:%22", "q=" + Uri.EscapeDataString(string.Concat(Enumerable.Range(1, 300).Select(i => (char)i))),
        string.Join('&', Enumerable.Range(0, 50).Select(i => $"topic=t{i}")), string.Join('&', Enumerable.Range(0, 200).Select(i => $"x{i}=1")),
    ];

    [Fact]
    public async Task No_input_gives_a_server_error()
    {
        var urls = QuerySyntaxTests.HostileQueries.Select(q => "/api/search?q=" + Uri.EscapeDataString(q))
            .Concat(NastyParameters.Select(p => "/api/search?" + p))
            .Concat(QuerySyntaxTests.HostileQueries.Take(40).Select(q => "/api/suggest?q=" + Uri.EscapeDataString(q)))
            .Concat(["/api/papers/%2e%2e", "/api/papers/1/related?x=%00", "/api/search/../papers/1", "/api//search", "/api/search?%00=1"]);
        // (A NUL in the path is refused by the test client itself; Kestrel answers it with 400.)
        var failures = new List<string>();
        foreach (var url in urls)
        {
            using var response = await Client.GetAsync(url);
            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} for {(url.Length > 120 ? url[..120] + "..." : url)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
