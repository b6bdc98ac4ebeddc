namespace PaperBrowser.Search.Vocabulary;

/// <summary>
/// Assigns topics to a paper from its title and abstract, using the editable taxonomy in
/// topics.txt. A title match counts 3 and an abstract match 1; a topic needs 2.
/// Matching works on words, not regular expressions: the text is split into words once and each
/// word is looked up among the patterns that start with it, so classifying stays cheap enough to
/// run for every document of a million-paper index.
/// </summary>
public sealed class TopicTaxonomy
{
    private const int TitleWeight = 3;
    private const int Threshold = 2;

    private readonly List<string> _names = [];
    // Patterns by their first word (exact words), and those whose first word is a prefix ("spik*").
    private readonly Dictionary<string, List<Pattern>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly List<Pattern> _prefixFirst = [];

    private sealed record Pattern(int Topic, string[] Words, bool LastIsPrefix);

    private TopicTaxonomy() { }

    public IReadOnlyList<string> Names => _names;

    private Dictionary<string, int>? _order;

    /// <summary>A topic's place in the taxonomy file (the order Classify returns), for listing a paper's topics.</summary>
    public int OrderOf(string name) =>
        (_order ??= _names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal)).GetValueOrDefault(name, int.MaxValue);

    public static TopicTaxonomy Load(string? path = null)
    {
        var taxonomy = new TopicTaxonomy();
        foreach (var (line, text) in DataFiles.ReadLines(path, "topics.txt"))
        {
            var eq = text.IndexOf('=');
            if (eq <= 0) throw new FormatException($"topics.txt line {line}: expected 'Topic = pattern; pattern'");
            var topic = taxonomy._names.Count;
            taxonomy._names.Add(text[..eq].Trim());
            foreach (var raw in text[(eq + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var prefix = raw.EndsWith('*');
                var words = Words(prefix ? raw[..^1] : raw).ToArray();
                if (words.Length == 0) continue;
                var pattern = new Pattern(topic, words, prefix);
                if (prefix && words.Length == 1)
                    taxonomy._prefixFirst.Add(pattern);
                else if (taxonomy._byFirstWord.TryGetValue(words[0], out var list))
                    list.Add(pattern);
                else
                    taxonomy._byFirstWord[words[0]] = [pattern];
            }
        }
        return taxonomy;
    }

    public IReadOnlyList<string> Classify(string title, string @abstract)
    {
        var scores = new int[_names.Count];
        Score(Words(title).ToArray(), TitleWeight, scores);
        Score(Words(@abstract).ToArray(), 1, scores);
        var topics = new List<string>();
        for (var i = 0; i < scores.Length; i++)
            if (scores[i] >= Threshold) topics.Add(_names[i]);
        return topics;
    }

    private void Score(string[] words, int weight, int[] scores)
    {
        // Like one regex per topic: matches of a topic do not overlap, so "vision transformers" counts
        // once even though both "vision transformer*" and "transformer*" would match it.
        var taken = new int[_names.Count];
        for (var i = 0; i < words.Length; i++)
        {
            if (_byFirstWord.TryGetValue(words[i], out var patterns) || _byFirstWord.TryGetValue(Singular(words[i]), out patterns))
            {
                foreach (var pattern in patterns)
                    if (taken[pattern.Topic] <= i && Matches(pattern, words, i)) Count(pattern, i + pattern.Words.Length);
            }
            foreach (var pattern in _prefixFirst)
                if (taken[pattern.Topic] <= i && words[i].StartsWith(pattern.Words[0], StringComparison.Ordinal)) Count(pattern, i + 1);
        }

        void Count(Pattern pattern, int end)
        {
            scores[pattern.Topic] += weight;
            taken[pattern.Topic] = end;
        }
    }

    private static bool Matches(Pattern pattern, string[] words, int start)
    {
        if (start + pattern.Words.Length > words.Length) return false;
        for (var j = 0; j < pattern.Words.Length; j++)
        {
            var word = words[start + j];
            var expected = pattern.Words[j];
            var last = j == pattern.Words.Length - 1;
            var ok = last && pattern.LastIsPrefix
                ? word.StartsWith(expected, StringComparison.Ordinal)
                : word == expected || (last && word.Length == expected.Length + 1 && word[^1] == 's' && word.StartsWith(expected, StringComparison.Ordinal));
            if (!ok) return false;
        }
        return true;
    }

    private static string Singular(string word) => word.Length > 3 && word[^1] == 's' ? word[..^1] : word;

    /// <summary>Lowercase words of letters and digits, keeping inner hyphens ("x-ray", "self-attention").</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i])
                || (text[i] == '-' && start >= 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])));
            if (inWord)
            {
                if (start < 0) start = i;
            }
            else if (start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }
}
