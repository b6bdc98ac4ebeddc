using System.Diagnostics;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Import;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;

namespace PaperBrowser.Bench;

/// <summary>
/// `analysis-profile --jsonl FILE [--records N]`: how long the index's text analysis takes per paper, field by field
/// (each field's token stream consumed alone), next to Lucene's stock analyzers, to find the hot spot of indexing.
/// </summary>
public static class AnalysisProfile
{
    public static Task<int> RunAsync(Args args)
    {
        var records = args.Int("records", 5000);
        var entries = new ArxivJsonLinesFormat().Read(args.Required("jsonl")).Select(i => i.Entry).OfType<ParsedEntry>().Take(records).ToList();
        using var paper = new PaperAnalyzer(indexMode: true);
        using var standard = new StandardAnalyzer(PaperAnalyzer.Version);
        using var english = new EnglishAnalyzer(PaperAnalyzer.Version);
        var wordPattern = new Regex(@"[\p{L}\p{N}]+(?:[-./][\p{L}\p{N}]+)*", RegexOptions.Compiled);

        var rows = new List<(string Name, double Us, long Tokens)>();
        void Measure(string name, Analyzer analyzer, string field, Func<ParsedEntry, IEnumerable<string>> texts)
        {
            for (var warm = 0; warm < 2; warm++)
            {
                long tokens = 0;
                var clock = Stopwatch.StartNew();
                foreach (var e in entries)
                    foreach (var text in texts(e))
                    {
                        using var stream = analyzer.GetTokenStream(field, text);
                        stream.Reset();
                        while (stream.IncrementToken()) tokens++;
                        stream.End();
                    }
                if (warm == 1) rows.Add((name, clock.Elapsed.TotalMicroseconds / entries.Count, tokens));
            }
        }
        void MeasureRaw(string name, Func<ParsedEntry, long> work)
        {
            for (var warm = 0; warm < 2; warm++)
            {
                long n = 0;
                var clock = Stopwatch.StartNew();
                foreach (var e in entries) n += work(e);
                if (warm == 1) rows.Add((name, clock.Elapsed.TotalMicroseconds / entries.Count, n));
            }
        }

        Measure("PaperAnalyzer, title field (title)", paper, PaperFields.Title, e => [e.Title]);
        Measure("PaperAnalyzer, abstract field (abstract)", paper, PaperFields.Abstract, e => [e.Abstract]);
        Measure("PaperAnalyzer, spell field (title + abstract again)", paper, PaperFields.Spell, e => [e.Title + "\n" + e.Abstract]);
        Measure("PaperAnalyzer, title_words field (title again)", paper, PaperFields.TitleWords, e => [e.Title]);
        Measure("PaperAnalyzer, author field (each author)", paper, PaperFields.Author, e => e.Authors);
        MeasureRaw("(for comparison) the tokenizer's regex alone on the abstract (Regex.Matches)", e => wordPattern.Matches(e.Abstract).Count);
        var texMap = new NormalizeCharMap.Builder();
        foreach (var s in new[] { "$", "^", "{", "}", "\\textbf", "\\textit", "\\emph", "\\mathbf", "\\mathrm", "\\mathcal", "\\text", "\\'", "\\\"", "\\`", "\\~", "\\^" })
            texMap.Add(s, "");
        var map = texMap.Build();
        var buffer = new char[4096];
        MeasureRaw("(for comparison) the TeX MappingCharFilter alone on the abstract", e =>
        {
            using var filter = new MappingCharFilter(map, new StringReader(e.Abstract));
            long n = 0;
            int read;
            while ((read = filter.Read(buffer, 0, buffer.Length)) > 0) n += read;
            return n;
        });
        // The title chain split in two, to see which part costs what on a short text.
        const Lucene.Net.Analysis.Miscellaneous.WordDelimiterFlags IndexFlags =
            Lucene.Net.Analysis.Miscellaneous.WordDelimiterFlags.PRESERVE_ORIGINAL | Lucene.Net.Analysis.Miscellaneous.WordDelimiterFlags.CATENATE_ALL |
            Lucene.Net.Analysis.Miscellaneous.WordDelimiterFlags.GENERATE_WORD_PARTS | Lucene.Net.Analysis.Miscellaneous.WordDelimiterFlags.GENERATE_NUMBER_PARTS |
            Lucene.Net.Analysis.Miscellaneous.WordDelimiterFlags.SPLIT_ON_NUMERICS;
        using var withWdf = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new Lucene.Net.Analysis.Pattern.PatternTokenizer(reader, wordPattern, 0);
            TokenStream stream = new Lucene.Net.Analysis.Core.LowerCaseFilter(PaperAnalyzer.Version, source);
            stream = new Lucene.Net.Analysis.Miscellaneous.WordDelimiterFilter(PaperAnalyzer.Version, stream, IndexFlags, null);
            return new TokenStreamComponents(source, stream);
        });
        using var withStopStem = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new Lucene.Net.Analysis.Pattern.PatternTokenizer(reader, wordPattern, 0);
            TokenStream stream = new Lucene.Net.Analysis.Core.LowerCaseFilter(PaperAnalyzer.Version, source);
            stream = new Lucene.Net.Analysis.Core.StopFilter(PaperAnalyzer.Version, stream, PaperAnalyzer.StopWords);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        });
        using var withDomainStems = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new Lucene.Net.Analysis.Pattern.PatternTokenizer(reader, wordPattern, 0);
            TokenStream stream = new Lucene.Net.Analysis.Core.LowerCaseFilter(PaperAnalyzer.Version, source);
            stream = new Lucene.Net.Analysis.Core.StopFilter(PaperAnalyzer.Version, stream, PaperAnalyzer.StopWords);
            stream = new DomainStemFilter(stream);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        });
        Measure("(for comparison) title: PatternTokenizer + lowercase + WordDelimiterFilter (index flags), no char filter", withWdf, "f", e => [e.Title]);
        Measure("(for comparison) title: PatternTokenizer + lowercase + stop + Porter, no char filter", withStopStem, "f", e => [e.Title]);
        Measure("(for comparison) abstract: PatternTokenizer + lowercase + WordDelimiterFilter (index flags), no char filter", withWdf, "f", e => [e.Abstract]);
        Measure("(for comparison) abstract: PatternTokenizer + lowercase + stop + Porter, no char filter", withStopStem, "f", e => [e.Abstract]);
        Measure("(for comparison) the same with the domain stems before Porter (DomainStemFilter)", withDomainStems, "f", e => [e.Abstract]);
        Measure("(for comparison) StandardAnalyzer on the abstract", standard, "f", e => [e.Abstract]);
        Measure("(fixed cost) PaperAnalyzer, title field, on the one-word text \"x\"", paper, PaperFields.Title, _ => ["x"]);
        Measure("(fixed cost) PaperAnalyzer, title_words field, on the one-word text \"x\"", paper, PaperFields.TitleWords, _ => ["x"]);
        Measure("(for comparison) EnglishAnalyzer on the abstract", english, "f", e => [e.Abstract]);

        var total = rows.Take(5).Sum(r => r.Us);
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Text analysis per paper, {entries.Count:N0} papers, each token stream consumed alone (second of two passes):").AppendLine();
        text.AppendLine("| analysis | µs per paper | tokens |").AppendLine("| --- | ---: | ---: |");
        foreach (var (name, us, tokens) in rows) text.AppendLine($"| {name} | {Fmt.N(us)} | {Fmt.N(tokens)} |");
        text.AppendLine($"| **all fields of a paper (first five rows)** | **{Fmt.N(total)}** | |");
        Console.WriteLine(text.ToString());
        if (args.Get("out") is { } output)
        {
            var report = new Report("Profile: text analysis for indexing", $"dotnet PaperBrowser.Bench.dll analysis-profile --jsonl corpus.jsonl --records {records}");
            report.Line("Why the index update dominates `import` (see scale-100k.md): the index analyzer's cost per paper and field, " +
                        "measured in-process with a Stopwatch, beside Lucene's stock analyzers on the same abstracts. " +
                        "Absolute figures move with the machine's load; compare rows within the table.").Line();
            report.Line(text.ToString());
            report.Save(output);
        }
        return Task.FromResult(0);
    }
}
