using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.TokenAttributes;
using PaperBrowser.Import;
using PaperBrowser.Search.Analysis;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// The hand-written tokenizer replaced a MappingCharFilter (TeX removal) + PatternTokenizer chain
/// for speed. It must split text exactly as that chain did, which these tests check on every
/// sample title and abstract and on crafted edge cases.
/// </summary>
public sealed class PaperTokenizerTests
{
    private sealed record Token(string Text, int Start, int End, int Increment);

    private static List<Token> Tokens(Tokenizer tokenizer)
    {
        var term = tokenizer.AddAttribute<ICharTermAttribute>();
        var offset = tokenizer.AddAttribute<IOffsetAttribute>();
        var increment = tokenizer.AddAttribute<IPositionIncrementAttribute>();
        var tokens = new List<Token>();
        tokenizer.Reset();
        while (tokenizer.IncrementToken())
            tokens.Add(new Token(term.ToString(), offset.StartOffset, offset.EndOffset, increment.PositionIncrement));
        tokenizer.End();
        tokenizer.Dispose();
        return tokens;
    }

    private static List<Token> Ours(string text) => Tokens(new PaperTokenizer(new StringReader(text)));

    /// <summary>The chain the analyzer used before, kept here as the reference.</summary>
    private static List<Token> Reference(string text)
    {
        var map = new NormalizeCharMap.Builder();
        foreach (var s in new[] { "$", "^", "{", "}", "\\textbf", "\\textit", "\\emph", "\\mathbf", "\\mathrm", "\\mathcal", "\\text", "\\'", "\\\"", "\\`", "\\~", "\\^" })
            map.Add(s, "");
        var reader = new MappingCharFilter(map.Build(), new StringReader(text));
        return Tokens(new PatternTokenizer(reader, new Regex(@"[\p{L}\p{N}]+(?:[-./][\p{L}\p{N}]+)*"), 0));
    }

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Samples.Directory, "*.txt").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Splits_every_sample_title_and_abstract_into_the_same_words_as_the_old_chain(string file)
    {
        var entries = PageCaptureParser.Parse(File.ReadAllText(Path.Combine(Samples.Directory, file))).Entries;
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            foreach (var text in new[] { entry.Title, entry.Abstract })
            {
                var ours = Ours(text);
                Assert.Equal(Reference(text).Select(t => t.Text), ours.Select(t => t.Text));
                AssertOffsetsCoverTheWord(text, ours);
            }
        }
    }

    [Theory]
    [InlineData("S$^{2}$FT beats LoRA", new[] { "S2FT", "beats", "LoRA" })]
    [InlineData("U-Net, nnU-Net and x-LoRA.", new[] { "U-Net", "nnU-Net", "and", "x-LoRA" })]
    [InlineData("a 1.5B model at 3.5 GHz (TCP/IP)", new[] { "a", "1.5B", "model", "at", "3.5", "GHz", "TCP/IP" })]
    [InlineData("\\textbf{bold} \\textsc{x} \\emph{it}", new[] { "bold", "scx", "it" })]
    [InlineData("Schr\\\"odinger and Erd\\H{o}s", new[] { "Schrodinger", "and", "Erd", "Hos" })]
    [InlineData("$O(n^2)$ time, \\alpha-stable", new[] { "O", "n2", "time", "alpha-stable" })]
    [InlineData("end-. a--b ./x trailing-", new[] { "end", "a", "b", "x", "trailing" })]
    [InlineData("Ünïcödé naïve 東京 ٣٤ Ⅻ", new[] { "Ünïcödé", "naïve", "東京", "٣٤", "Ⅻ" })]
    [InlineData("", new string[0])]
    [InlineData("$$ {} ^^ \\", new string[0])]
    public void Splits_crafted_text_like_the_old_chain(string text, string[] expected)
    {
        var ours = Ours(text);
        Assert.Equal(expected, ours.Select(t => t.Text));
        Assert.Equal(Reference(text).Select(t => t.Text), ours.Select(t => t.Text));
        AssertOffsetsCoverTheWord(text, ours);
    }

    [Fact]
    public void Cuts_words_longer_than_the_limit_but_keeps_their_whole_span()
    {
        var text = "before " + new string('x', PaperTokenizer.MaxWordLength + 100) + " after";
        var tokens = Ours(text);
        Assert.Equal(["before", new string('x', PaperTokenizer.MaxWordLength), "after"], tokens.Select(t => t.Text));
        Assert.Equal((7, 7 + PaperTokenizer.MaxWordLength + 100), (tokens[1].Start, tokens[1].End));
    }

    [Fact]
    public void Reads_a_text_longer_than_its_buffers_and_is_reusable()
    {
        var text = string.Join(' ', Enumerable.Range(0, 50_000).Select(i => "w" + i));
        var tokenizer = new PaperTokenizer(new StringReader(text));
        var term = tokenizer.AddAttribute<ICharTermAttribute>();
        tokenizer.Reset();
        var count = 0;
        string last = "";
        while (tokenizer.IncrementToken()) { count++; last = term.ToString(); }
        tokenizer.End();
        tokenizer.Dispose();
        Assert.Equal(50_000, count);
        Assert.Equal("w49999", last);

        // Reused for a second, short text: nothing of the first one leaks into it.
        tokenizer.SetReader(new StringReader("short text"));
        Assert.Equal(["short", "text"], Tokens(tokenizer).Select(t => t.Text));
    }

    private static readonly string[] TexMarkup =
        ["\\mathcal", "\\textbf", "\\textit", "\\mathbf", "\\mathrm", "\\emph", "\\text", "\\'", "\\\"", "\\`", "\\~", "\\^", "$", "^", "{", "}"];

    /// <summary>Highlighting marks text by offsets: each word's span, with TeX removed, must be the word.</summary>
    private static void AssertOffsetsCoverTheWord(string text, List<Token> tokens)
    {
        foreach (var token in tokens)
        {
            var span = text[token.Start..token.End];
            Assert.True(char.IsLetterOrDigit(span[0]) || char.IsNumber(span[0]), $"'{span}' starts on a non-word char");
            var stripped = TexMarkup.Aggregate(span, (s, tex) => s.Replace(tex, ""));
            Assert.Equal(token.Text, stripped);
        }
    }
}
