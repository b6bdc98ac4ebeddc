using System.Text.RegularExpressions;

namespace PaperBrowser.Search.Vocabulary;

/// <summary>
/// Assigns topics to a paper from its title and abstract, using the editable taxonomy in
/// topics.txt. A title match counts 3 and an abstract match 1; a topic needs 2.
/// </summary>
public sealed class TopicTaxonomy
{
    private const int TitleWeight = 3;
    private const int Threshold = 2;
    private readonly List<(string Name, Regex Pattern)> _topics = [];

    private TopicTaxonomy() { }

    public IReadOnlyList<string> Names => [.. _topics.Select(t => t.Name)];

    public static TopicTaxonomy Load(string? path = null)
    {
        var taxonomy = new TopicTaxonomy();
        foreach (var (line, text) in DataFiles.ReadLines(path, "topics.txt"))
        {
            var eq = text.IndexOf('=');
            if (eq <= 0) throw new FormatException($"topics.txt line {line}: expected 'Topic = pattern; pattern'");
            var name = text[..eq].Trim();
            var alternatives = text[(eq + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.EndsWith('*') ? Regex.Escape(p[..^1]) + @"[\w-]*" : Regex.Escape(p) + "s?");
            var regex = new Regex(@"(?<![\w-])(?:" + string.Join('|', alternatives) + @")(?![\w-])",
                RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
            taxonomy._topics.Add((name, regex));
        }
        return taxonomy;
    }

    public IReadOnlyList<string> Classify(string title, string @abstract)
    {
        var topics = new List<string>();
        foreach (var (name, pattern) in _topics)
        {
            var score = pattern.Count(title) * TitleWeight;
            if (score < Threshold)
            {
                foreach (var _ in pattern.EnumerateMatches(@abstract))
                {
                    if (++score >= Threshold) break;
                }
            }
            if (score >= Threshold) topics.Add(name);
        }
        return topics;
    }
}
