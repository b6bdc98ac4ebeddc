using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace PaperBrowser.Search.Querying;

/// <summary>Runs text through an analyzer and returns its terms grouped by position.</summary>
public static class AnalyzedText
{
    /// <summary>Terms grouped by position, without the gaps stop words leave.</summary>
    public static List<List<string>> Positions(Analyzer analyzer, string field, string text) =>
        [.. WithGaps(analyzer, field, text).Select(p => p.Terms)];

    /// <summary>Terms grouped by position, with their positions: a removed stop word leaves a gap that phrases must keep.</summary>
    public static List<(int Position, List<string> Terms)> WithGaps(Analyzer analyzer, string field, string text)
    {
        var positions = new List<(int Position, List<string> Terms)>();
        var position = -1;
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (increment.PositionIncrement > 0 || positions.Count == 0)
            {
                position += Math.Max(1, increment.PositionIncrement);
                positions.Add((position, [value]));
            }
            else if (!positions[^1].Terms.Contains(value))
            {
                positions[^1].Terms.Add(value);
            }
        }
        stream.End();
        return positions;
    }
}
