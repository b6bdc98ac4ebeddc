using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>Misspelled words over the bundled samples: the intended papers are found and "did you mean" is offered.</summary>
public sealed class SpellingTests(SampleLibraryFixture samples) : IClassFixture<SampleLibraryFixture>
{
    [Theory]
    [InlineData("difusion", "diffusion")]
    [InlineData("backpropogation", "backpropagation")]
    [InlineData("reccomendation", "recommendation")]
    [InlineData("segmantation", "segmentation")]
    [InlineData("transfromer", "transformer")]
    public async Task Typos_find_the_intended_papers_and_suggest_the_spelling(string typo, string intended)
    {
        var library = samples.Library;
        var r = await library.SearchAsync(typo);

        Assert.Equal(intended, r.DidYouMean);
        Assert.Contains(r.Corrections, c => c.From == typo && c.To == intended);
        Assert.Contains(r.Messages, m => m.Contains($"\"{typo}\" → \"{intended}\"", StringComparison.Ordinal));

        // The papers found are the ones the correctly spelled word finds, best first.
        var correct = await library.SearchAsync(intended);
        Assert.True(correct.Total > 0);
        Assert.Equal(correct.Total, r.Total);
        Assert.Equal(correct.Hits.Take(5).Select(h => h.Id).Order(), r.Hits.Take(5).Select(h => h.Id).Order());
        // Each shows the word (perhaps hyphenated: "Back-propagation").
        Assert.All(r.Hits.Take(5), h => Assert.Contains(intended[..6], (h.Title + " " + string.Concat(h.Fragments)).Replace("-", ""), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_typo_among_correct_words_is_corrected_in_place()
    {
        var r = await samples.Library.SearchAsync("latent difusion video");
        Assert.Equal("latent diffusion video", r.DidYouMean);
        Assert.Contains("Latent-Shift", r.Hits[0].Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("diffusion")]
    [InlineData("graph neural networks")]
    [InlineData("U-Net")]
    [InlineData("S2FT")]
    public async Task Correctly_spelled_words_get_no_suggestion(string query)
    {
        var r = await samples.Library.SearchAsync(query);
        Assert.Null(r.DidYouMean);
        Assert.Empty(r.Corrections);
        Assert.True(r.Total > 0);
    }

    [Fact]
    public async Task A_word_in_no_paper_and_near_no_word_gets_no_suggestion()
    {
        var r = await samples.Library.SearchAsync("xqzvbk");
        Assert.Null(r.DidYouMean);
        Assert.Equal(0, r.Total);
    }
}
