using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>Type-ahead suggestions over the bundled samples: completions of the last word, and matching titles.</summary>
public sealed class SuggestionTests(SampleLibraryFixture samples) : IClassFixture<SampleLibraryFixture>
{
    [Fact]
    public void A_prefix_suggests_words_and_titles_that_continue_it()
    {
        var suggestions = samples.Library.Search.Suggest("diff");
        Assert.NotEmpty(suggestions);

        var words = suggestions.Where(s => s.Kind == "query").Select(s => s.Text).ToList();
        Assert.Contains("diffusion", words);
        Assert.All(words, w => Assert.StartsWith("diff", w, StringComparison.Ordinal));

        var titles = suggestions.Where(s => s.Kind == "paper").ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, t =>
        {
            Assert.NotNull(t.PaperId);
            var titleWords = System.Text.RegularExpressions.Regex.Split(t.Text.ToLowerInvariant(), @"[^\p{L}\p{N}]+");
            Assert.Contains(titleWords, w => w.StartsWith("diff", StringComparison.Ordinal));
        });
        Assert.True(suggestions.Count <= 8);
    }

    [Fact]
    public async Task Suggested_titles_are_real_papers_with_those_ids()
    {
        var suggestions = samples.Library.Search.Suggest("spiking");
        var papers = (await samples.Library.AllPapersAsync()).ToDictionary(p => p.Id);
        var titles = suggestions.Where(s => s.Kind == "paper").ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, t => Assert.Equal(papers[t.PaperId!.Value].Title, t.Text));
    }

    [Fact]
    public void Earlier_words_are_kept_and_must_be_in_suggested_titles()
    {
        var suggestions = samples.Library.Search.Suggest("graph neu");
        var words = suggestions.Where(s => s.Kind == "query").Select(s => s.Text).ToList();
        Assert.Contains("graph neural", words);
        Assert.All(words, w => Assert.StartsWith("graph neu", w, StringComparison.Ordinal));
        var titles = suggestions.Where(s => s.Kind == "paper").Select(s => s.Text).ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, t => Assert.Contains("graph", t, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Most_common_completions_come_first()
    {
        var words = samples.Library.Search.Suggest("ne").Where(s => s.Kind == "query").Select(s => s.Text).ToList();
        Assert.NotEmpty(words);
        Assert.Contains(words[0], new[] { "neural", "network", "networks" });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_typed_suggests_nothing(string? prefix) => Assert.Empty(samples.Library.Search.Suggest(prefix));

    [Theory]
    [InlineData("*")]
    [InlineData("\"")]
    [InlineData("((((")]
    [InlineData("title:")]
    [InlineData("<script>")]
    [InlineData("\u0000")]
    [InlineData("a")]
    [InlineData("zzzzzz")]
    [InlineData("diff* OR")]
    public void Odd_prefixes_never_throw(string prefix)
    {
        var suggestions = samples.Library.Search.Suggest(prefix);
        Assert.True(suggestions.Count <= 8);
    }

    [Fact]
    public void Very_long_prefixes_never_throw()
    {
        Assert.True(samples.Library.Search.Suggest(new string('x', 100_000)).Count <= 8);
        Assert.True(samples.Library.Search.Suggest(string.Join(' ', Enumerable.Repeat("neural", 10_000))).Count <= 8);
    }
}
