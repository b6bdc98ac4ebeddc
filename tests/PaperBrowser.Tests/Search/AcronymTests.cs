using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// An acronym finds papers that only spell out its long form, and the long form finds papers
/// that only use the acronym; plurals work both ways. Each pair has a paper that uses the long
/// form's words apart, which must not be found by either.
/// </summary>
public sealed class AcronymTests(AcronymTests.Corpus corpus) : IClassFixture<AcronymTests.Corpus>
{
    private const string Filler = " Experiments on standard benchmarks confirm the analysis and the code is released.";

    // Key: a short name for the pair; each has the acronym-only paper, the long-form-only paper, and the scattered-words paper.
    public static readonly Dictionary<string, (CraftedPaper Acronym, CraftedPaper LongForm, CraftedPaper Scattered)> Pairs = new()
    {
        ["gnn"] = (
            new("Oversquashing in deep message models", "We show that a GNN with many layers loses long-range signal on molecules." + Filler),
            new("Rewiring molecules for long-range signal", "We show that graph neural networks lose long-range signal on molecules." + Filler),
            new("Colouring a graph with a neural heuristic", "A neural heuristic colours each graph of the road network quickly." + Filler)),
        ["llm"] = (
            new("Calibrating confidence of chat assistants", "An LLM states its confidence poorly; we recalibrate it with temperature." + Filler),
            new("Verbalized confidence under temperature", "Large language models state their confidence poorly; we recalibrate them." + Filler),
            new("A large survey of language in the model zoo", "A large survey of the language used to describe each model in the zoo." + Filler)),
        ["moe"] = (
            new("Routing tokens with learned gates", "A sparse MoE layer routes each token to two of its feed-forward blocks." + Filler),
            new("Load balancing for sparse routing", "A sparse mixture of experts layer routes each token to two feed-forward blocks." + Filler),
            new("Polymer mixture properties from experts", "We ask experts to rate the mixture properties of each polymer sample." + Filler)),
        ["snn"] = (
            new("Surrogate gradients for event cameras", "An SNN trained with surrogate gradients classifies event-camera gestures." + Filler),
            new("Event-camera gesture recognition with spikes", "Spiking neural networks trained with surrogate gradients classify gestures." + Filler),
            new("Spiking prices in a neural forecasting network", "Prices keep spiking, so a neural forecaster for the energy network is proposed." + Filler)),
        ["nas"] = (
            new("Cheap proxies for architecture ranking", "NAS with zero-cost proxies ranks candidate cells without training them." + Filler),
            new("Zero-cost proxies revisited", "Neural architecture search with zero-cost proxies ranks candidate cells cheaply." + Filler),
            new("The architecture of a neural search engine", "The search engine's neural ranking architecture is described end to end." + Filler)),
        ["pinn"] = (
            new("Causal training for fluid solvers", "PINNs fail on convection problems unless trained causally in time." + Filler),
            new("Convection problems need causal training", "Physics-informed neural networks fail on convection unless trained causally." + Filler),
            new("Physics of informed neural decisions", "How informed are neural decisions? A physics analogy for the network is drawn." + Filler)),
        ["ntk"] = (
            new("Lazy training in wide models", "In the NTK regime, wide models train lazily and barely move their weights." + Filler),
            new("Wide models barely move", "Under the neural tangent kernel, wide models train lazily and barely move." + Filler),
            new("A kernel for neural spike trains", "A tangent estimate of each neural spike train feeds a smoothing kernel." + Filler)),
    };

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Library = await SearchLibrary.WithPapersAsync([.. Pairs.Values.SelectMany(p => new[] { p.Acronym, p.LongForm, p.Scattered })]);

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    [Theory]
    [InlineData("gnn", "GNN")]
    [InlineData("gnn", "GNNs")]
    [InlineData("gnn", "graph neural network")]
    [InlineData("gnn", "graph neural networks")]
    [InlineData("llm", "LLM")]
    [InlineData("llm", "LLMs")]
    [InlineData("llm", "large language model")]
    [InlineData("llm", "large language models")]
    [InlineData("moe", "MoE")]
    [InlineData("moe", "mixture of experts")]
    [InlineData("moe", "mixture-of-experts")]
    [InlineData("snn", "SNN")]
    [InlineData("snn", "SNNs")]
    [InlineData("snn", "spiking neural networks")]
    [InlineData("nas", "NAS")]
    [InlineData("nas", "neural architecture search")]
    [InlineData("pinn", "PINN")]
    [InlineData("pinn", "PINNs")]
    [InlineData("pinn", "physics-informed neural networks")]
    [InlineData("pinn", "physics informed neural network")]
    [InlineData("ntk", "NTK")]
    [InlineData("ntk", "neural tangent kernel")]
    public async Task Acronym_and_long_form_find_each_other(string pair, string query)
    {
        var (acronym, longForm, scattered) = Pairs[pair];
        var result = await corpus.Library.SearchAsync(query);
        var titles = result.Hits.Select(h => h.Title).ToList();

        Assert.Contains(acronym.Title, titles);
        Assert.Contains(longForm.Title, titles);
        Assert.DoesNotContain(scattered.Title, titles);
        // Nothing of the other pairs: expansion stays on topic.
        var others = Pairs.Where(p => p.Key != pair).SelectMany(p => new[] { p.Value.Acronym.Title, p.Value.LongForm.Title });
        Assert.Empty(titles.Intersect(others));
    }

    [Fact]
    public async Task The_form_written_ranks_at_least_as_high_as_its_synonym()
    {
        // Synonyms are weighted below the words typed: "GNN" puts the paper saying "GNN" first.
        var byAcronym = await corpus.Library.SearchAsync("GNN");
        Assert.Equal(Pairs["gnn"].Acronym.Title, byAcronym.Hits[0].Title);
        var byLongForm = await corpus.Library.SearchAsync("graph neural networks");
        Assert.Equal(Pairs["gnn"].LongForm.Title, byLongForm.Hits[0].Title);
    }
}
