using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using PaperBrowser.Import;
using PaperBrowser.Search.Analysis;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>The cached splitter must give exactly what Lucene's WordDelimiterFilter gives, token for token.</summary>
public sealed class CachedWordDelimiterFilterTests
{
    private const WordDelimiterFlags IndexFlags = WordDelimiterFlags.PRESERVE_ORIGINAL | WordDelimiterFlags.CATENATE_ALL
        | WordDelimiterFlags.GENERATE_WORD_PARTS | WordDelimiterFlags.GENERATE_NUMBER_PARTS | WordDelimiterFlags.SPLIT_ON_NUMERICS;
    private const WordDelimiterFlags QueryFlags = WordDelimiterFlags.PRESERVE_ORIGINAL | WordDelimiterFlags.CATENATE_ALL;
    private const WordDelimiterFlags AuthorFlags = WordDelimiterFlags.GENERATE_WORD_PARTS | WordDelimiterFlags.PRESERVE_ORIGINAL;

    private const string EdgeCases =
        "state-of-the-art e.g. i.e., -leading trailing- -- - ' x1y2 gpt-4o GPT4-V fp8 l2-norm 10-20 3.14 1e-5 model's " +
        "networks' über-cool α-helix naïve-bayes a_b a__b S$^{2}$FT Poincar\\'e $O(n^2)$ x-LoRA U-Net u-net " +
        "github.com/org/repo https://example.org/a-b?c=d 2024 0 a z9 9z ＡＢＣ-1 ﬁne-tuning self-supervised-learning";

    public static TheoryData<string> FlagSets => ["index", "query", "author"];

    private static WordDelimiterFlags Flags(string name) => name switch
    {
        "index" => IndexFlags,
        "query" => QueryFlags,
        _ => AuthorFlags,
    };

    /// <summary>The same chain ending in the stock filter and in the cached one.</summary>
    private static (Analyzer Stock, Analyzer Cached) Pair(string flagSet)
    {
        var flags = Flags(flagSet);
        return (new SplitAnalyzer(s => new WordDelimiterFilter(PaperAnalyzer.Version, s, flags, null)),
            new SplitAnalyzer(s => new CachedWordDelimiterFilter(s, flags)));
    }

    /// <summary>The app's tokenizer chain up to the splitter, then the splitter under test.</summary>
    private sealed class SplitAnalyzer(Func<TokenStream, TokenStream> splitter) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new PaperTokenizer(reader);
            TokenStream stream = new LowerCaseFilter(PaperAnalyzer.Version, source);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(source, splitter(stream));
        }
    }

    private static List<string> Tokens(Analyzer analyzer, string text)
    {
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var length = stream.AddAttribute<IPositionLengthAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        var tokens = new List<string>();
        stream.Reset();
        while (stream.IncrementToken())
            tokens.Add($"{term}|+{increment.PositionIncrement}|{offset.StartOffset}-{offset.EndOffset}|{length.PositionLength}|{type.Type}");
        stream.End();
        tokens.Add($"end {offset.EndOffset} +{increment.PositionIncrement}");
        return tokens;
    }

    private static IEnumerable<string> Texts()
    {
        yield return EdgeCases;
        var samples = SyntheticCorpusGenerator.ReadSamples(Samples.Directory);
        foreach (var sample in samples) yield return sample;
        // Generated abstracts mix the samples' compound words in new combinations.
        using var corpus = new MemoryStream();
        SyntheticCorpusGenerator.Generate(corpus, 300, 7, samples);
        foreach (var line in Encoding.UTF8.GetString(corpus.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            yield return line;
    }

    [Theory]
    [MemberData(nameof(FlagSets))]
    public void Gives_what_the_stock_filter_gives_for_every_token_of_the_samples_and_a_generated_corpus(string flagSet)
    {
        var pair = Pair(flagSet);
        using var stock = pair.Stock;
        using var cached = pair.Cached;
        var compared = 0;
        var split = 0;
        // Twice over: the second pass is served from the cache the first pass filled.
        foreach (var pass in new[] { 1, 2 })
        {
            foreach (var text in Texts())
            {
                var expected = Tokens(stock, text);
                Assert.Equal(expected, Tokens(cached, text));
                compared += expected.Count;
                split += expected.Count(t => t.Contains("|+0|", StringComparison.Ordinal));
            }
        }
        // The comparison covered real splitting, not only plain words.
        Assert.True(compared > 100_000, $"only {compared} tokens compared");
        Assert.True(split > 1_000, $"only {split} split tokens");
    }

    [Theory]
    [MemberData(nameof(FlagSets))]
    public void Gives_what_the_stock_filter_gives_for_edge_cases_one_word_at_a_time(string flagSet)
    {
        var pair = Pair(flagSet);
        using var stock = pair.Stock;
        using var cached = pair.Cached;
        foreach (var word in EdgeCases.Split(' '))
        {
            // Each word alone, then after a cached occurrence of itself at another offset.
            Assert.Equal(Tokens(stock, word), Tokens(cached, word));
            Assert.Equal(Tokens(stock, $"{word} x {word}"), Tokens(cached, $"{word} x {word}"));
        }
    }

    [Fact]
    public void A_hyphenated_word_keeps_its_parts_and_catenation_in_the_index_layout()
    {
        using var cached = new SplitAnalyzer(s => new CachedWordDelimiterFilter(s, IndexFlags));
        Assert.Equal(
            ["fine-tuning|+1|0-11|1|word", "fine|+0|0-4|1|word", "finetuning|+0|0-11|1|word", "tuning|+1|5-11|1|word", "end 11 +0"],
            Tokens(cached, "Fine-tuning"));
    }

    [Fact]
    public void Flags_without_the_original_are_refused()
    {
        using var reader = new StringReader("x");
        using var source = new PaperTokenizer(reader);
        Assert.Throws<ArgumentException>(() => new CachedWordDelimiterFilter(source, WordDelimiterFlags.GENERATE_WORD_PARTS));
    }
}
