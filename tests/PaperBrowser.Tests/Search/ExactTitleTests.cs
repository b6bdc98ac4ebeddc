using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>A title pasted into the search box finds that paper first, even where its words alone rank another above it.</summary>
public sealed class ExactTitleTests
{
    private const string Filler = " Experiments on standard benchmarks confirm the analysis and the code is released.";

    // The longer title holds every word of the shorter one, and its abstract repeats them: by the words alone it wins.
    private static readonly CraftedPaper Exact = new("Sparse Training of Vision Models",
        "We prune weights during training and keep accuracy on image classification." + Filler);
    private static readonly CraftedPaper Longer = new("Sparse Training of Vision Models at Scale with Sparse Vision Kernels",
        "Sparse training of vision models: sparse vision models trained sparse, with training of models for vision." + Filler);
    private static readonly CraftedPaper Other = new("Dense Training of Language Models",
        "Language models trained dense, with every weight kept through training." + Filler);

    [Theory]
    [InlineData("Sparse Training of Vision Models")]
    [InlineData("sparse training of vision-models")] // case, hyphens and punctuation aside
    [InlineData("  Sparse training of: Vision Models. ")]
    public async Task A_title_typed_whole_puts_that_paper_first(string query)
    {
        using var library = await SearchLibrary.WithPapersAsync(Exact, Longer, Other);

        var result = await library.SearchAsync(query);

        Assert.Equal([Exact.Title, Longer.Title], result.Hits.Select(h => h.Title));
    }

    [Fact]
    public async Task Words_that_are_no_title_rank_as_before()
    {
        using var library = await SearchLibrary.WithPapersAsync(Exact, Longer, Other);

        // Not a title: the paper that says the words most comes first, as it did without the title query.
        var result = await library.SearchAsync("sparse vision models training");

        Assert.Equal([Longer.Title, Exact.Title], result.Hits.Select(h => h.Title));
    }
}
