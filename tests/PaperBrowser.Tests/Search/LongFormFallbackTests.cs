using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// A long form written out ("reinforcement learning from human feedback") is searched as a phrase or its acronym. When
/// no paper has it that way, the search falls back to its words rather than showing nothing, and says so.
/// </summary>
public sealed class LongFormFallbackTests(LongFormFallbackTests.Corpus corpus) : IClassFixture<LongFormFallbackTests.Corpus>
{
    private const string Filler = " Experiments on standard benchmarks confirm the analysis and the code is released.";

    // The words of "reinforcement learning from human feedback", never as that phrase nor as "RLHF".
    private static readonly CraftedPaper Reordered = new("Aligning chat models with preference data",
        "Human feedback, collected as pairwise preferences, steers the reinforcement learning of chat models." + Filler);
    private static readonly CraftedPaper Scattered = new("Reward models for dialogue",
        "Human raters give feedback on each reply; a reinforcement signal is learned from it, and learning is stable." + Filler);
    private static readonly CraftedPaper OneWord = new("Self-supervised learning of image features",
        "Contrastive learning of image features needs large batches and strong augmentation." + Filler);

    // "mixture of experts" as a phrase, but never with "vision"; and its words apart with "vision".
    private static readonly CraftedPaper ExpertsPhrase = new("Sparse mixture of experts for translation",
        "A sparse mixture of experts layer routes each token of the translation model to two experts." + Filler);
    private static readonly CraftedPaper ExpertsApart = new("Vision experts in a mixture",
        "For vision, a mixture of convolutional and attention experts is weighted per image region." + Filler);
    private static readonly CraftedPaper Unrelated = new("Protein folding with diffusion",
        "A diffusion model generates protein backbones that fold as designed." + Filler);
    private static readonly CraftedPaper KernelOnly = new("A two-sample test with a learned kernel",
        "The kernel of the test statistic is fitted on half of the samples." + Filler);

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Library = await SearchLibrary.WithPapersAsync(Reordered, Scattered, OneWord, ExpertsPhrase, ExpertsApart, Unrelated, KernelOnly);

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    [Fact]
    public async Task A_long_form_no_paper_has_as_a_phrase_finds_its_words_apart()
    {
        var result = await corpus.Library.SearchAsync("reinforcement learning from human feedback");
        var titles = result.Hits.Select(h => h.Title).ToList();

        // Every content word of the long form, anywhere ("from" need not be there); the paper with one of them is left out.
        Assert.Contains(Reordered.Title, titles);
        Assert.Contains(Scattered.Title, titles);
        Assert.DoesNotContain(OneWord.Title, titles);
        Assert.Contains(result.Messages, m => m.Contains("No paper has \"reinforcement learning from human feedback\" as a phrase or by its acronym", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_acronym_no_paper_has_finds_the_words_of_its_long_form()
    {
        // No paper says "RLHF" or "reinforcement learning from human feedback"; two have all its content words apart.
        var result = await corpus.Library.SearchAsync("RLHF");
        var titles = result.Hits.Select(h => h.Title).ToList();

        Assert.Equal(2, titles.Count);
        Assert.Contains(Reordered.Title, titles);
        Assert.Contains(Scattered.Title, titles);
        Assert.Contains(result.Messages, m => m.Contains("No paper has \"RLHF\" or its long form written out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_form_with_other_words_falls_back_to_its_words_only_when_nothing_has_them_together()
    {
        // "mixture of experts" is in a paper, but not together with "vision": the paper with all three words apart is
        // found, not the one with the phrase alone.
        var result = await corpus.Library.SearchAsync("mixture of experts for vision");
        Assert.Equal([ExpertsApart.Title], result.Hits.Select(h => h.Title));
        Assert.Contains(result.Messages, m => m.Contains("No paper has \"mixture of experts\" as written together with your other words", StringComparison.Ordinal));

        // With a match for the phrase, nothing falls back and nothing is said.
        var phrase = await corpus.Library.SearchAsync("mixture of experts for translation");
        Assert.Equal([ExpertsPhrase.Title], phrase.Hits.Select(h => h.Title));
        Assert.DoesNotContain(phrase.Messages, m => m.Contains("as a phrase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_form_alone_is_relaxed_into_its_words_when_not_even_most_of_them_match()
    {
        // Of "neural tangent kernel" only "kernel" is in a paper: that paper is shown, and the person is told why.
        var result = await corpus.Library.SearchAsync("neural tangent kernel");
        Assert.Equal([KernelOnly.Title], result.Hits.Select(h => h.Title));
        Assert.Contains(result.Messages, m => m.Contains("No paper has all the words of \"neural tangent kernel\"", StringComparison.Ordinal));

        // None of the words anywhere: nothing, and no fallback message.
        var nothing = await corpus.Library.SearchAsync("spiking neural networks");
        Assert.Empty(nothing.Hits);
        Assert.Empty(nothing.Messages);
    }

    [Fact]
    public async Task A_linking_word_of_a_long_form_alone_does_not_bring_a_paper_into_the_relaxed_results()
    {
        // Of "reinforcement learning from human feedback", one paper has "reinforcement" and another only "from".
        var reinforcement = new CraftedPaper("Reward shaping for agents", "A reinforcement signal is learned from each step." + Filler);
        var from = new CraftedPaper("Protein design", "Backbones are sampled from a diffusion prior." + Filler);
        using var library = await SearchLibrary.WithPapersAsync(reinforcement, from);

        var result = await library.SearchAsync("reinforcement learning from human feedback");
        Assert.Equal([reinforcement.Title], result.Hits.Select(h => h.Title));
        Assert.Contains(result.Messages, m => m.Contains("No paper has all the words of", StringComparison.Ordinal));

        // The acronym the same way; and "from", which found nothing, is not marked in the paper shown.
        var acronym = await library.SearchAsync("RLHF");
        Assert.Equal([reinforcement.Title], acronym.Hits.Select(h => h.Title));
        var fragments = string.Join(" ", acronym.Hits[0].Fragments);
        Assert.Contains("<mark>reinforcement</mark>", fragments, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>from</mark>", fragments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acronym_alone_is_relaxed_into_the_words_of_its_long_form_when_not_all_of_them_match()
    {
        // No paper says "NTK", and none has all of "neural tangent kernel": the paper with "kernel" is shown, and why.
        var result = await corpus.Library.SearchAsync("NTK");
        Assert.Equal([KernelOnly.Title], result.Hits.Select(h => h.Title));
        Assert.Contains(result.Messages, m => m.Contains("No paper has \"NTK\" or all the words of its long form", StringComparison.Ordinal));

        // "SNN" (spiking neural network): none of the words in any paper, so nothing and no message.
        var nothing = await corpus.Library.SearchAsync("SNN");
        Assert.Empty(nothing.Hits);
        Assert.Empty(nothing.Messages);
    }
}
