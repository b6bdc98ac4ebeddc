using Lucene.Net.Analysis.TokenAttributes;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;

namespace PaperBrowser.Tests.Search;

/// <summary>The vocabulary fields index each word of a paper once; queries are analysed as typed.</summary>
public sealed class UniqueWordsFilterTests
{
    private static List<string> Words(PaperAnalyzer analyzer, string field, string text)
    {
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var words = new List<string>();
        stream.Reset();
        while (stream.IncrementToken()) words.Add(term.ToString());
        stream.End();
        return words;
    }

    [Theory]
    [InlineData(PaperFields.Spell)]
    [InlineData(PaperFields.TitleWords)]
    public void Index_analysis_of_a_vocabulary_field_passes_each_word_once_per_value(string field)
    {
        using var analyzer = new PaperAnalyzer(indexMode: true);
        Assert.Equal(["the", "model", "and", "of", "models", "u-net"],
            Words(analyzer, field, "The model and the Model of models, U-Net and u-net"));
        // The analyzer reuses its stream: a second value starts with nothing seen.
        Assert.Equal(["model", "the"], Words(analyzer, field, "model the model"));
    }

    [Fact]
    public void A_long_value_with_thousands_of_words_keeps_each_first_occurrence_in_order()
    {
        // Past the filter's first table and pool sizes, so growing them is exercised; long and short words mix.
        var distinct = Enumerable.Range(0, 3000).Select(i => (i % 7 == 0 ? new string('x', 40) : "w") + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var text = string.Join(' ', distinct.Concat(distinct.AsEnumerable().Reverse()).Concat(distinct.Where((_, i) => i % 3 == 0)));
        using var analyzer = new PaperAnalyzer(indexMode: true);

        Assert.Equal(distinct, Words(analyzer, PaperFields.Spell, text));
        Assert.Equal(["w1", "w2"], Words(analyzer, PaperFields.Spell, "w1 w2 w1"));
    }

    [Fact]
    public void Query_analysis_and_the_ranked_fields_keep_repeats()
    {
        using var query = new PaperAnalyzer(indexMode: false);
        Assert.Equal(["model", "model"], Words(query, PaperFields.Spell, "model model"));
        using var index = new PaperAnalyzer(indexMode: true);
        // Frequencies matter for ranking on the abstract.
        Assert.Equal(2, Words(index, PaperFields.Abstract, "model model").Count(w => w == "model"));
    }
}
