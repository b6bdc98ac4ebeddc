using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;
using PaperBrowser.Search.Querying;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// Words the Porter stemmer merges but that mean different things in papers stay apart ("transformer" and
/// "transformation"), while each keeps finding its own inflections ("transformers").
/// </summary>
public sealed class DomainStemTests(DomainStemTests.Corpus corpus) : IClassFixture<DomainStemTests.Corpus>
{
    private const string Filler = " The method is evaluated on several benchmarks and compared against strong baselines in detail.";

    public static readonly CraftedPaper[] Papers =
    [
        new("Sparse attention for long documents", "Our transformers attend to a few tokens per layer." + Filler),
        new("Rigid alignment of point clouds", "We estimate the transformation between two scans." + Filler),
        new("Priors for image synthesis", "A generative model draws images from learned noise." + Filler),
        new("Why overparameterised networks fit test data", "We bound the generalization gap of wide layers." + Filler),
        new("A framework for ranking with side information", "The general setting covers pairwise and listwise losses." + Filler),
        new("Ablations on retrieval augmented readers", "Our experiments vary the number of retrieved passages." + Filler),
        new("Agents that reuse past trajectories", "The agent replays experience from a buffer of episodes." + Filler),
    ];

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;
        public async Task InitializeAsync() => Library = await SearchLibrary.WithPapersAsync(Papers);
        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    [Theory]
    [InlineData("transformer", "Sparse attention", "Rigid alignment")]
    [InlineData("transformers", "Sparse attention", "Rigid alignment")]
    [InlineData("transformations", "Rigid alignment", "Sparse attention")]
    [InlineData("generative", "Priors for image", "Why overparameterised")]
    [InlineData("generation", "Priors for image", "A framework for ranking")]
    [InlineData("generalize", "Why overparameterised", "Priors for image")]
    [InlineData("generalization", "Why overparameterised", "A framework for ranking")]
    [InlineData("general", "A framework for ranking", "Why overparameterised")]
    [InlineData("experiment", "Ablations on retrieval", "Agents that reuse")]
    [InlineData("experiences", "Agents that reuse", "Ablations on retrieval")]
    public async Task A_word_finds_its_own_family_and_not_the_one_the_stemmer_would_merge_it_with(string query, string finds, string doesNotFind)
    {
        var titles = (await corpus.Library.SearchAsync(query)).Hits.Select(h => h.Title).ToList();
        Assert.Contains(titles, t => t.StartsWith(finds, StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.StartsWith(doesNotFind, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_listed_word_is_indexed_as_its_family_stem_and_no_family_shares_a_term_with_another()
    {
        var analyzer = new PaperAnalyzer(indexMode: true);
        var byTerm = new Dictionary<string, string>();
        foreach (var (stem, words) in DomainStemFilter.All)
            foreach (var word in words)
            {
                Assert.Equal([stem], AnalyzedText.Positions(analyzer, PaperFields.Abstract, word).Single());
                // Capitalised, as at the start of a title, it is the same term.
                var capitalised = char.ToUpperInvariant(word[0]) + word[1..];
                Assert.Equal([stem], AnalyzedText.Positions(analyzer, PaperFields.Abstract, capitalised).Single());
                Assert.True(byTerm.TryAdd(word, stem) || byTerm[word] == stem, $"{word} is listed in two families");
            }

        // A stem chosen for a family must not be what Porter makes of some other word, or that word would join it.
        var porter = new PorterStemmerTerms();
        foreach (var (stem, _) in DomainStemFilter.All)
            foreach (var (otherStem, otherWords) in DomainStemFilter.All.Where(f => f.Stem != stem))
                Assert.DoesNotContain(otherWords, w => porter.Stem(w) == stem);
    }

    /// <summary>Plain Porter stemming, as the analyser did before the families: what they must differ from.</summary>
    private sealed class PorterStemmerTerms
    {
        public string Stem(string word)
        {
            using var tokenizer = new KeywordTokenizer(new StringReader(word));
            using var stream = new PorterStemFilter(tokenizer);
            var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
            stream.Reset();
            var result = stream.IncrementToken() ? term.ToString() : "";
            stream.End();
            return result;
        }
    }

    [Fact]
    public void Without_the_families_porter_would_merge_them()
    {
        // The reason the filter exists: if Porter ever kept these apart by itself, the families would be dead weight.
        var porter = new PorterStemmerTerms();
        Assert.Equal(porter.Stem("transformer"), porter.Stem("transformation"));
        Assert.Equal(porter.Stem("generative"), porter.Stem("generalization"));
        Assert.Equal(porter.Stem("experiment"), porter.Stem("experience"));
    }
}
