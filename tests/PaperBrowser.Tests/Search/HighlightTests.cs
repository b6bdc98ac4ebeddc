using System.Net;
using PaperBrowser.Search;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>Matched words come back wrapped in &lt;mark&gt;; everything else of the paper's text is HTML-encoded data.</summary>
public sealed class HighlightTests(HighlightTests.Corpus corpus) : IClassFixture<HighlightTests.Corpus>
{
    private const string HostileTitle = "Zeolite <b>catalysts</b> & \"pores\" <script>alert('t')</script>";
    private const string HostileAbstract =
        "Zeolite catalysts crack hydrocarbons inside their pores. <script>alert(1)</script> We show that the pore size " +
        "of each zeolite controls selectivity, and that <img src=x onerror=alert(2)> dealumination & steaming change it. " +
        "Long abstracts are cut into fragments around the matches, so this sentence pads the text well past one fragment of " +
        "text in length; near the end, catalysts are mentioned again together with the word zeolite.";

    public static readonly CraftedPaper[] Papers =
    [
        new(HostileTitle, HostileAbstract),
        new("Metal-organic frameworks for gas storage", "Metal-organic frameworks store methane at moderate pressure; zeolite sorbents are compared as a baseline in several experiments."),
        new("Graph neural networks for crystal properties", "A GNN predicts formation energies of crystals from their structure graphs with message passing over bonds and atoms."),
    ];

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;
        public async Task InitializeAsync() => Library = await SearchLibrary.WithPapersAsync(Papers);
        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    private async Task<SearchHit> Hit(string? query, string title)
    {
        var r = await corpus.Library.SearchAsync(new SearchRequest { Query = query, Size = 10 });
        return Assert.Single(r.Hits, h => h.Title == title);
    }

    /// <summary>Markup allowed in highlighted text: only &lt;mark&gt; and &lt;/mark&gt;.</summary>
    private static void OnlyMarkTags(string html)
    {
        var stripped = html.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
        Assert.DoesNotContain('<', stripped);
        Assert.DoesNotContain('>', stripped);
    }

    [Fact]
    public async Task Matched_words_are_marked_in_title_and_abstract()
    {
        var hit = await Hit("zeolite", HostileTitle);
        Assert.Contains("<mark>Zeolite</mark>", hit.TitleHtml, StringComparison.Ordinal);
        var fragments = string.Join(" ", hit.Fragments);
        Assert.Contains("<mark>Zeolite</mark>", fragments, StringComparison.Ordinal);
        Assert.Contains("<mark>zeolite</mark>", fragments, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>catalysts</mark>", fragments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stemmed_matches_are_marked_as_written()
    {
        // "catalyst" finds and marks "catalysts".
        var hit = await Hit("catalyst", HostileTitle);
        Assert.Contains("<mark>catalysts</mark>", string.Join(" ", hit.Fragments), StringComparison.Ordinal);
        Assert.Contains("<mark>catalysts</mark>", hit.TitleHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acronym_matches_through_the_long_form_are_marked()
    {
        var hit = await Hit("graph neural networks", "Graph neural networks for crystal properties");
        Assert.Contains("<mark>Graph</mark>", hit.TitleHtml, StringComparison.Ordinal);
        Assert.Contains("<mark>GNN</mark>", string.Join(" ", hit.Fragments), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zeolite")]
    [InlineData("script alert")]
    [InlineData("pores")]
    [InlineData(null)]
    public async Task Markup_in_paper_text_comes_back_encoded(string? query)
    {
        var hit = await Hit(query, HostileTitle);
        OnlyMarkTags(hit.TitleHtml);
        foreach (var fragment in hit.Fragments) OnlyMarkTags(fragment);

        Assert.DoesNotContain("<script>", hit.TitleHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", hit.TitleHtml, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.TitleHtml, StringComparison.Ordinal);
        // Decoding the marked-up title (marks removed) gives the title back exactly.
        var title = WebUtility.HtmlDecode(hit.TitleHtml.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));
        Assert.Equal(HostileTitle, title);

        var fragments = string.Join(" ", hit.Fragments);
        Assert.DoesNotContain("<script>", fragments, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", fragments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_script_in_the_abstract_is_encoded_where_it_is_shown()
    {
        // The first fragment holds the sentence with the script tag.
        var hit = await Hit("hydrocarbons", HostileTitle);
        var fragments = string.Join(" ", hit.Fragments);
        Assert.Contains("<mark>hydrocarbons</mark>", fragments, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;", fragments, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", WebUtility.HtmlDecode(fragments), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_query_the_abstract_is_a_plain_encoded_snippet()
    {
        var hit = await Hit(null, HostileTitle);
        var snippet = Assert.Single(hit.Fragments);
        Assert.DoesNotContain("<mark>", snippet, StringComparison.Ordinal);
        Assert.StartsWith("Zeolite catalysts crack", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.Equal(WebUtility.HtmlEncode(HostileTitle), hit.TitleHtml);
    }

    [Fact]
    public async Task Every_alternative_of_an_or_is_marked()
    {
        var hit = await Hit("methane OR sorbents", "Metal-organic frameworks for gas storage");
        var fragments = string.Join(" ", hit.Fragments);
        Assert.Contains("<mark>methane</mark>", fragments, StringComparison.Ordinal);
        Assert.Contains("<mark>sorbents</mark>", fragments, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>zeolite</mark>", fragments, StringComparison.Ordinal);
    }
}
