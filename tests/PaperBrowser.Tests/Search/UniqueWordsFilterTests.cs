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
    public void Query_analysis_and_the_ranked_fields_keep_repeats()
    {
        using var query = new PaperAnalyzer(indexMode: false);
        Assert.Equal(["model", "model"], Words(query, PaperFields.Spell, "model model"));
        using var index = new PaperAnalyzer(indexMode: true);
        // Frequencies matter for ranking on the abstract.
        Assert.Equal(2, Words(index, PaperFields.Abstract, "model model").Count(w => w == "model"));
    }
}
