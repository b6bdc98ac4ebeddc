using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Search.Querying;

/// <summary>
/// "Did you mean": finds the index's own words within two edits of a query word, preferring the
/// closest and then the most common one. Works on the word list of unstemmed words, so what it
/// suggests is a real word people can read.
/// </summary>
public static class SpellingCorrector
{
    private const int MinWordLength = 4;
    /// <summary>
    /// No real word is longer; the cost of matching within two edits grows with the word's length
    /// (a 300-letter "word" took seconds), so longer ones are not looked up at all.
    /// </summary>
    public const int MaxWordLength = 32;

    public sealed record Correction(string Word, int DocFreq);

    /// <summary>The best replacement for <paramref name="word"/>, or null when there is none better.</summary>
    public static Correction? Suggest(WordList words, string word, int minDocFreq = 1)
    {
        word = word.ToLowerInvariant();
        if (word.Length < MinWordLength || word.Length > MaxWordLength || !word.All(char.IsLetter)) return null;

        var maxEdits = word.Length >= 7 ? 2 : 1;
        Correction? best = null;
        var bestDistance = int.MaxValue;
        foreach (var (candidate, docFreq) in words.Near(word, maxEdits, limit: 500))
        {
            if (candidate == word) continue;
            if (docFreq < minDocFreq) continue;
            var distance = EditDistance(word, candidate);
            if (distance < bestDistance || (distance == bestDistance && docFreq > best!.DocFreq))
            {
                best = new Correction(candidate, docFreq);
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
