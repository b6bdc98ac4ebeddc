using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;

namespace PaperBrowser.Bench;

/// <summary>One benchmark query: the text a person types, and the same query in FTS5's syntax.</summary>
public sealed record BenchQuery(string Kind, string Rarity, string Text, string Fts);

/// <summary>
/// A fixed, seeded set of queries drawn from the corpus vocabulary: single words from four document-frequency bands
/// (rare to very common), two and three words taken from one real paper, and quoted two/three-word phrases cut from a
/// real abstract. The FTS5 form keeps the app's matching rule: two words must both match; of three, any two.
/// </summary>
public static partial class QuerySet
{
    public static readonly string[] Bands = ["rare", "medium", "common", "very common"];

    [GeneratedRegex(@"[a-z]+")]
    private static partial Regex WordPattern();

    /// <summary>Lowercase all-letter words of 3+ characters that are not stop words.</summary>
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match m in WordPattern().Matches(text.ToLowerInvariant()))
            if (m.Length >= 3 && !PaperAnalyzer.StopWords.Contains(m.Value)) yield return m.Value;
    }

    public static string Band(int docFreq, int docs) =>
        docFreq > docs / 10 ? "very common" : docFreq > docs / 100 ? "common" : docFreq > docs / 10_000 ? "medium" : "rare";

    public static async Task<List<BenchQuery>> BuildAsync(Library library, int count, int seed)
    {
        var random = new Random(seed);
        using var lease = library.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        var docs = reader.NumDocs;

        // The vocabulary by band (sorted, so the seed alone decides the picks).
        var bands = Bands.ToDictionary(b => b, _ => new List<string>());
        foreach (var (term, df) in lease.Words.StartingWith("", int.MaxValue))
        {
            if (df < 2 || term.Length < 3 || !term.All(c => c is >= 'a' and <= 'z') || PaperAnalyzer.StopWords.Contains(term)) continue;
            // "medium" starts above 1 in 10,000 documents, and stays apart from the rare band by a factor of 10.
            var band = Band(df, docs);
            if (band == "medium" && df <= Math.Max(2, docs / 10_000) * 10) continue;
            bands[band].Add(term);
        }
        int DocFreq(string w) => lease.Words.Papers(w);

        var ids = await library.PaperIdsAsync();
        async Task<(string Title, string Abstract)> RandomPaper()
        {
            var id = ids[random.Next(ids.Count)];
            await using var db = await library.Db.CreateDbContextAsync();
            var p = await db.Papers.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Title, p.Abstract }).FirstAsync();
            return (p.Title, p.Abstract);
        }

        var queries = new List<BenchQuery>(count);
        var perKind = count / 4;
        for (var i = 0; i < perKind; i++)
        {
            var band = Bands[i % Bands.Length];
            var list = bands[band].Count > 0 ? bands[band] : bands.Values.First(l => l.Count > 0);
            var word = list[random.Next(list.Count)];
            queries.Add(new BenchQuery("1 word", band, word, Fts5Index.Quote(word)));
        }
        foreach (var k in new[] { 2, 3 })
        {
            for (var i = 0; i < perKind; i++)
            {
                var (title, @abstract) = await RandomPaper();
                var words = Words(title + " " + @abstract).Distinct().Where(w => DocFreq(w) > 0).OrderBy(w => w, StringComparer.Ordinal).ToList();
                if (words.Count < k) { i--; continue; }
                var picked = words.OrderBy(_ => random.Next()).Take(k).ToList();
                var rarest = picked.Min(DocFreq);
                var fts = k == 2
                    ? $"{Fts5Index.Quote(picked[0])} {Fts5Index.Quote(picked[1])}"
                    : $"({Fts5Index.Quote(picked[0])} {Fts5Index.Quote(picked[1])}) OR ({Fts5Index.Quote(picked[0])} {Fts5Index.Quote(picked[2])}) OR ({Fts5Index.Quote(picked[1])} {Fts5Index.Quote(picked[2])})";
                queries.Add(new BenchQuery($"{k} words", Band(rarest, docs), string.Join(' ', picked), fts));
            }
        }
        while (queries.Count < count)
        {
            var (_, @abstract) = await RandomPaper();
            // Consecutive words of the abstract, none a stop word: a phrase someone could quote.
            var tokens = WordPattern().Matches(@abstract.ToLowerInvariant()).Select(m => m.Value).ToList();
            var length = 2 + random.Next(2);
            var starts = Enumerable.Range(0, Math.Max(0, tokens.Count - length + 1))
                .Where(s => tokens.Skip(s).Take(length).All(t => t.Length >= 3 && !PaperAnalyzer.StopWords.Contains(t))).ToList();
            if (starts.Count == 0) continue;
            var phrase = string.Join(' ', tokens.Skip(starts[random.Next(starts.Count)]).Take(length));
            var rarest = phrase.Split(' ').Min(DocFreq);
            queries.Add(new BenchQuery("phrase", Band(rarest, docs), $"\"{phrase}\"", $"\"{phrase}\""));
        }
        return queries;
    }
}
