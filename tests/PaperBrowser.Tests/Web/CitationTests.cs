using PaperBrowser.Papers;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Web;

/// <summary>Citation export: BibTeX, RIS and COinS built from a paper.</summary>
public sealed class CitationTests
{
    private const string Url = "https://papers.example/papers/42/attention-is-all-you-need";

    private static Paper Arxiv() => new()
    {
        Id = 42,
        NormalizedTitle = "attentionisallyouneed",
        Title = "Attention Is All You Need",
        Abstract = "The dominant sequence transduction models are based on {complex} networks; 100% & #1.",
        Authors = ["Ashish Vaswani", "Noam Shazeer"],
        Published = new PartialDate { Year = 2017, Month = 6, Day = 12 },
        ArxivId = "1706.03762",
        Doi = "10.48550/arXiv.1706.03762",
        Urls = ["https://github.com/tensorflow/tensor2tensor"],
    };

    private static Paper Journal() => new()
    {
        Id = 7,
        NormalizedTitle = "x",
        Title = "  ",
        Abstract = "Line one.\nLine two.",
        Published = new PartialDate { Month = 3, Day = 11 },
        JournalRef = "Nature 521, 436–444",
    };

    [Fact]
    public void The_key_is_the_first_title_word_the_year_and_the_id()
    {
        Assert.Equal("attention2017_42", Citation.Key(Arxiv()));
        Assert.Equal("paper_7", Citation.Key(Journal()));
    }

    [Fact]
    public void The_key_has_only_ascii_letters_and_digits_whatever_the_title()
    {
        var paper = Arxiv();
        paper.Title = "Ünïcode-{Tricks}: a title";

        var key = Citation.Key(paper);

        Assert.Matches("^[a-z0-9]+_42$", key.Replace("2017", ""));
    }

    [Fact]
    public void BibTex_has_the_fields_of_an_arxiv_preprint()
    {
        var bib = Citation.BibTex(Arxiv(), Url);

        Assert.StartsWith("@misc{attention2017_42,\n", bib);
        Assert.Contains("  title = {{Attention Is All You Need}},\n", bib);
        Assert.Contains("  author = {Ashish Vaswani and Noam Shazeer},\n", bib);
        Assert.Contains("  year = {2017},\n", bib);
        Assert.Contains("  month = {jun},\n", bib);
        Assert.Contains("  eprint = {1706.03762},\n", bib);
        Assert.Contains("  archivePrefix = {arXiv},\n", bib);
        Assert.Contains("  doi = {10.48550/arXiv.1706.03762},\n", bib);
        Assert.Contains($"  url = {{{Url}}},\n", bib);
        Assert.EndsWith("}\n", bib);
    }

    [Fact]
    public void BibTex_escapes_the_characters_that_are_special_to_it()
    {
        var bib = Citation.BibTex(Arxiv(), Url);

        Assert.Contains(@"\{complex\} networks; 100\% \& \#1.", bib);
        Assert.Equal(Count(bib, '{') - Count(bib, "\\{"), Count(bib, '}') - Count(bib, "\\}"));
    }

    [Fact]
    public void BibTex_of_a_journal_paper_is_an_article_without_arxiv_fields()
    {
        var bib = Citation.BibTex(Journal(), Url);

        Assert.StartsWith("@article{", bib);
        Assert.Contains("  journal = {Nature 521, 436–444},\n", bib);
        Assert.DoesNotContain("eprint", bib);
        Assert.DoesNotContain("year =", bib);
        Assert.DoesNotContain("author =", bib);
    }

    [Fact]
    public void Ris_has_one_tagged_line_per_field_and_ends_the_record()
    {
        var ris = Citation.Ris(Arxiv(), Url);
        var lines = ris.Split("\r\n");

        Assert.Equal("TY  - PREP", lines[0]);
        Assert.Contains("TI  - Attention Is All You Need", lines);
        Assert.Contains("AU  - Ashish Vaswani", lines);
        Assert.Contains("AU  - Noam Shazeer", lines);
        Assert.Contains("PY  - 2017", lines);
        Assert.Contains("DA  - 2017/06/12", lines);
        Assert.Contains("DO  - 10.48550/arXiv.1706.03762", lines);
        Assert.Contains($"UR  - {Url}", lines);
        Assert.Contains("UR  - https://github.com/tensorflow/tensor2tensor", lines);
        Assert.Equal("ER  - ", lines[^2]);
        Assert.Equal("", lines[^1]);
        Assert.All(lines[..^1], line => Assert.Matches("^[A-Z][A-Z0-9]  - ", line));
    }

    [Fact]
    public void Ris_keeps_each_field_on_one_line()
    {
        var ris = Citation.Ris(Journal(), Url);
        var lines = ris.Split("\r\n");

        Assert.Equal("TY  - JOUR", lines[0]);
        Assert.Contains("AB  - Line one. Line two.", lines);
        Assert.Contains("JO  - Nature 521, 436–444", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("PY", StringComparison.Ordinal) || l.StartsWith("DA", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', ris.Replace("\r\n", ""));
    }

    [Fact]
    public void Coins_is_an_openurl_context_object_with_every_value_escaped()
    {
        var paper = Arxiv();
        paper.Title = "A & B = C?";

        var coins = Citation.Coins(paper, Url);
        var pairs = coins.Split('&').Select(p => p.Split('=')).ToList();

        Assert.All(pairs, p => Assert.Equal(2, p.Length));
        var values = pairs.Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToList();
        Assert.Contains(("ctx_ver", "Z39.88-2004"), values);
        Assert.Contains(("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), values);
        Assert.Contains(("rft.genre", "preprint"), values);
        Assert.Contains(("rft.atitle", "A & B = C?"), values);
        Assert.Contains(("rft_id", Url), values);
        Assert.Contains(("rft.date", "2017"), values);
        Assert.Contains(("rft.au", "Ashish Vaswani"), values);
        Assert.Contains(("rft.au", "Noam Shazeer"), values);
        Assert.Contains(("rft_id", "info:doi/10.48550/arXiv.1706.03762"), values);
    }

    private static int Count(string text, char c) => text.Count(x => x == c);

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
