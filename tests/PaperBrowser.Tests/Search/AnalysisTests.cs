using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// Technical terms are found as written: hyphenated names, TeX-marked names, version numbers,
/// number formats and sizes. Each is checked against a near miss that must not match.
/// </summary>
public sealed class AnalysisTests(AnalysisTests.Corpus corpus) : IClassFixture<AnalysisTests.Corpus>
{
    private const string Filler = " The method is evaluated on several benchmarks and compared against strong baselines in detail.";

    public static readonly CraftedPaper[] Papers =
    [
        new("U-Net for retinal vessel delineation", "We adapt the U-Net encoder-decoder to thin retinal vessels." + Filler),
        new("A UNet variant with gated skips", "Our UNet adds gates to every skip connection of the decoder." + Filler),
        new("nnU-Net on abdominal organs", "The self-configuring nnU-Net pipeline is applied to organs at risk." + Filler),
        new("Low-rank adapters revisited", "LoRA inserts trainable low-rank matrices into frozen weights." + Filler),
        new("x-LoRA: gating a library of adapters", "x-LoRA mixes several adapters with a learned gate over layers." + Filler),
        new("S$^{2}$FT: structured sparse fine-tuning", "S^{2}FT selects heads and channels and updates them densely." + Filler),
        new("Judging answers with GPT-4", "GPT-4 grades open answers as well as crowd workers do." + Filler),
        new("Probing GPT-3 for arithmetic", "GPT-3 fails at multi-digit multiplication without scratchpads." + Filler),
        new("FP8 training at scale", "FP8 formats with per-tensor scaling match bf16 accuracy." + Filler),
        new("FP16 mixed precision pitfalls", "FP16 overflows in attention logits unless loss scaling is used." + Filler),
        new("Sizing a compact decoder", "A 7B decoder trained on curated tokens runs 3times faster than its teacher." + Filler),
        new("Sizing a large decoder", "A 70B decoder needs 13B tokens of warmup before it beats the baseline." + Filler),
        new("Neural nets for tabular data", "A small net with embeddings beats boosted trees on tabular data." + Filler),
    ];

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;
        public async Task InitializeAsync() => Library = await SearchLibrary.WithPapersAsync(Papers);
        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    private async Task<List<string>> TitlesFor(string query) =>
        [.. (await corpus.Library.SearchAsync(query)).Hits.Select(h => h.Title)];

    [Theory]
    [InlineData("U-Net", new[] { "U-Net for retinal", "A UNet variant" }, new[] { "nnU-Net on abdominal", "Neural nets for tabular" })]
    [InlineData("UNet", new[] { "U-Net for retinal", "A UNet variant" }, new[] { "nnU-Net on abdominal" })]
    [InlineData("u-net", new[] { "U-Net for retinal", "A UNet variant" }, new[] { "nnU-Net on abdominal" })]
    [InlineData("nnU-Net", new[] { "nnU-Net on abdominal" }, new[] { "U-Net for retinal", "A UNet variant" })]
    [InlineData("nnUNet", new[] { "nnU-Net on abdominal" }, new[] { "U-Net for retinal" })]
    [InlineData("LoRA", new[] { "Low-rank adapters revisited", "x-LoRA: gating" }, new[] { "S$^{2}$FT" })]
    [InlineData("x-LoRA", new[] { "x-LoRA: gating" }, new[] { "Low-rank adapters revisited" })]
    [InlineData("S$^{2}$FT", new[] { "S$^{2}$FT: structured" }, new string[0])]
    [InlineData("S2FT", new[] { "S$^{2}$FT: structured" }, new string[0])]
    [InlineData("s^{2}ft", new[] { "S$^{2}$FT: structured" }, new string[0])]
    [InlineData("GPT-4", new[] { "Judging answers with GPT-4" }, new[] { "Probing GPT-3" })]
    [InlineData("gpt4", new[] { "Judging answers with GPT-4" }, new[] { "Probing GPT-3" })]
    [InlineData("GPT-3", new[] { "Probing GPT-3" }, new[] { "Judging answers with GPT-4" })]
    [InlineData("FP8", new[] { "FP8 training at scale" }, new[] { "FP16 mixed precision" })]
    [InlineData("fp16", new[] { "FP16 mixed precision" }, new[] { "FP8 training at scale" })]
    [InlineData("7B", new[] { "Sizing a compact decoder" }, new[] { "Sizing a large decoder" })]
    [InlineData("70B", new[] { "Sizing a large decoder" }, new[] { "Sizing a compact decoder" })]
    [InlineData("13B", new[] { "Sizing a large decoder" }, new[] { "Sizing a compact decoder" })]
    [InlineData("3times", new[] { "Sizing a compact decoder" }, new[] { "Sizing a large decoder" })]
    public async Task Technical_terms_are_found_as_written(string query, string[] mustFind, string[] mustNotFind)
    {
        var titles = await TitlesFor(query);
        foreach (var expected in mustFind)
            Assert.Contains(titles, t => t.StartsWith(expected, StringComparison.Ordinal));
        foreach (var unexpected in mustNotFind)
            Assert.DoesNotContain(titles, t => t.StartsWith(unexpected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_term_written_in_the_title_ranks_its_paper_first()
    {
        // "GPT-4" is in one title; nothing else mentions it.
        var result = await corpus.Library.SearchAsync("GPT-4");
        Assert.Equal("Judging answers with GPT-4", result.Hits[0].Title);
        Assert.Equal(1, result.Total);
    }

    [Fact]
    public async Task English_words_are_stemmed_and_parts_of_technical_terms_are_searchable()
    {
        // "adapter" finds "adapters" (stemmed); "gpt" alone finds both "GPT-4" and "GPT-3" (their first part).
        Assert.Contains("x-LoRA: gating a library of adapters", await TitlesFor("adapter"));
        var gpt = await TitlesFor("gpt");
        Assert.Contains(gpt, t => t.Contains("GPT-4", StringComparison.Ordinal));
        Assert.Contains(gpt, t => t.Contains("GPT-3", StringComparison.Ordinal));
    }
}
