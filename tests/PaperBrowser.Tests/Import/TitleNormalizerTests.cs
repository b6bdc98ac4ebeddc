using PaperBrowser.Import;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Import;

public class TitleNormalizerTests
{
    [Theory]
    [InlineData("Attention Is All You Need", "attention is all you need")]
    [InlineData("Attention Is All You Need", "ATTENTION IS ALL YOU NEED")]
    [InlineData("Attention Is All You Need", "Attention  is all\tyou need ")]
    [InlineData("Attention Is All You Need", "Attention is all you need.")]
    [InlineData("SAM-UNet: Enhancing Zero-Shot Segmentation", "SAM UNet - Enhancing Zero Shot Segmentation")]
    [InlineData("SAM-UNet:Enhancing Zero-Shot Segmentation", "SAM-UNet: Enhancing Zero-Shot Segmentation")]
    [InlineData("S$^{2}$FT: Efficient, Scalable LLM Fine-tuning", "S2FT - efficient scalable LLM fine tuning")]
    [InlineData("S$^{2}$FT: Efficient, Scalable LLM Fine-tuning", "S²FT: Efficient, Scalable LLM Fine-tuning")]
    [InlineData(@"\textbf{Deep} Residual Learning", "Deep Residual Learning")]
    [InlineData(@"Poincar\'e Embeddings", "Poincaré Embeddings")]
    [InlineData(@"Poincar\'{e} Embeddings", "Poincare Embeddings")]
    [InlineData(@"2D \& 3D Segmentation", "2D & 3D Segmentation")]
    [InlineData("Eﬃcient Transformers", "Efficient Transformers")]
    [InlineData("Ｆｕｌｌｗｉｄｔｈ Title", "Fullwidth Title")]
    public void Same_title_written_differently_has_the_same_key(string a, string b)
    {
        Assert.Equal(TitleNormalizer.Normalize(a), TitleNormalizer.Normalize(b));
    }

    [Theory]
    [InlineData("Attention Is All You Need", "Attention Is Not All You Need")]
    [InlineData("GPT-3 Scaling Laws", "GPT-4 Scaling Laws")]
    [InlineData("BT^2: Backward-compatible Training", "BT^3: Backward-compatible Training")]
    public void Different_titles_have_different_keys(string a, string b)
    {
        Assert.NotEqual(TitleNormalizer.Normalize(a), TitleNormalizer.Normalize(b));
    }

    [Fact]
    public void Key_is_lower_case_letters_and_digits_only()
    {
        var key = TitleNormalizer.Normalize(@"S$^{2}$FT: \textit{Efficient}, Scalable (and) Généralisable!");

        Assert.Equal("s2ftefficientscalableandgeneralisable", key);
    }

    [Fact]
    public void Non_latin_letters_are_kept()
    {
        Assert.Equal("αβγ学习", TitleNormalizer.Normalize("ΑΒΓ: 学习"));
    }

    [Fact]
    public void Punctuation_only_title_has_an_empty_key()
    {
        Assert.Equal("", TitleNormalizer.Normalize(@"— $\cdot$ —"));
    }

    [Fact]
    public void Sample_titles_are_never_empty_and_their_keys_count_the_unique_papers()
    {
        var titles = Directory.GetFiles(Samples.Directory, "*.txt")
            .SelectMany(f => PaperBrowser.Import.PageCaptureParser.Parse(TextDecoder.Decode(File.ReadAllBytes(f)).Text!).Entries)
            .Select(e => e.Title)
            .ToList();

        Assert.Equal(Samples.Entries, titles.Count);
        Assert.All(titles, t => Assert.NotEmpty(TitleNormalizer.Normalize(t)));
        Assert.Equal(Samples.UniquePapers, titles.Select(TitleNormalizer.Normalize).Distinct().Count());
    }

    [Theory]
    [InlineData("Graph\udc00 Networks", "graphnetworks")] // half a pair, as a URL can carry
    [InlineData("Graph \ud800Networks", "graphnetworks")]
    [InlineData("Emoji \ud83d\ude00 Networks", "emojinetworks")] // a whole pair is kept (and is no letter)
    public void Half_a_surrogate_pair_is_dropped_instead_of_throwing(string title, string key) =>
        Assert.Equal(key, TitleNormalizer.Normalize(title));
}
