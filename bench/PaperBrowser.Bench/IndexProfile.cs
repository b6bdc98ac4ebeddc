using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Bench;

/// <summary>
/// `index-profile --jsonl FILE [--records N]`: what each part of a paper's Lucene document costs to index, by
/// indexing the same papers (one thread, RAMDirectory, then commit) with the real document and with one part
/// left out at a time. The difference to the full document is that part's cost.
/// </summary>
public static class IndexProfile
{
    public static Task<int> RunAsync(Args args)
    {
        var records = args.Int("records", 5000);
        var papers = new ArxivJsonLinesFormat().Read(args.Required("jsonl")).Select(i => i.Entry).OfType<ParsedEntry>().Take(records)
            .Select((e, i) => new Paper
            {
                Id = i + 1, NormalizedTitle = TitleNormalizer.Normalize(e.Title), Title = e.Title, Abstract = e.Abstract,
                Authors = [.. e.Authors], Categories = [.. e.Categories], Published = e.Published, Urls = [.. UrlExtractor.Extract(e.Abstract)],
            }).ToList();
        var builder = new PaperDocumentBuilder(TopicTaxonomy.Load());
        var plainText = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS };
        var withVectors = new FieldType(TextField.TYPE_NOT_STORED)
        {
            IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS, StoreTermVectors = true, StoreTermVectorPositions = true, StoreTermVectorOffsets = true,
        };

        Document Without(Document doc, params string[] fields)
        {
            foreach (var f in fields) doc.RemoveFields(f);
            return doc;
        }
        var wordsOnly = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true };
        Document WithSpellField(Document doc, Paper p)
        {
            doc.Add(new Field(PaperFields.Spell, p.Title + "\n" + p.Abstract, wordsOnly));
            return doc;
        }
        Document WithVectors(Document doc, Paper p)
        {
            doc.RemoveFields(PaperFields.Title);
            doc.RemoveFields(PaperFields.Abstract);
            doc.Add(new Field(PaperFields.Title, p.Title, withVectors));
            doc.Add(new Field(PaperFields.Abstract, p.Abstract, withVectors));
            return doc;
        }

        var variants = new List<(string Name, Func<Paper, Document> Make)>
        {
            ("the app's document (all fields)", p => builder.Build(p, ["corpus.jsonl"])),
            ("the same document again (shows the run-to-run noise)", p => builder.Build(p, ["corpus.jsonl"])),
            ("with term vectors (positions + offsets) on title and abstract, as before schema 8", p => WithVectors(builder.Build(p, ["corpus.jsonl"]), p)),
            ("with the spell field indexed (unstemmed words, documents only), as until schema 10", p => WithSpellField(builder.Build(p, ["corpus.jsonl"]), p)),
            ("without the author fields", p => Without(builder.Build(p, ["corpus.jsonl"]), PaperFields.Author)),
            ("without the facet fields (topic, year, code, source, category)", p => Without(builder.Build(p, ["corpus.jsonl"]),
                PaperFields.Topic, PaperFields.Year, PaperFields.HasCode, PaperFields.Source, PaperFields.Category)),
            ("only id + abstract (positions, no vectors)", p => new Document
            {
                new StringField(PaperFields.Id, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                new Field(PaperFields.Abstract, p.Abstract, plainText),
            }),
        };

        var rows = new List<(string Name, double Us)>();
        // One untimed round first, so the first variant does not pay for JIT and first allocations.
        using (var warmDir = new RAMDirectory())
        using (var warmAnalyzer = new PaperAnalyzer(indexMode: true))
        using (var warm = new IndexWriter(warmDir, new IndexWriterConfig(PaperAnalyzer.Version, warmAnalyzer)))
            foreach (var p in papers.Take(500)) warm.AddDocument(builder.Build(p, ["corpus.jsonl"]));

        // Rounds over all variants rather than all passes of one variant then the next: the JIT keeps optimising
        // for a while (tiered compilation), and a variant measured early paid for that (its rows were 20-40 % off).
        var rounds = args.Int("rounds", 3);
        var best = variants.Select(_ => double.MaxValue).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                using var dir = new RAMDirectory();
                using var analyzer = new PaperAnalyzer(indexMode: true);
                var clock = Stopwatch.StartNew();
                using (var writer = new IndexWriter(dir, new IndexWriterConfig(PaperAnalyzer.Version, analyzer) { RAMBufferSizeMB = 128 }))
                {
                    foreach (var p in papers) writer.AddDocument(variants[v].Make(p));
                    writer.Commit();
                }
                best[v] = Math.Min(best[v], clock.Elapsed.TotalMicroseconds / papers.Count);
            }
            Console.WriteLine($"  round {round + 1} of {rounds} done");
        }
        for (var v = 0; v < variants.Count; v++)
        {
            rows.Add((variants[v].Name, best[v]));
            Console.WriteLine($"  {variants[v].Name}: {best[v]:0} µs per paper");
        }

        var full = rows[0].Us;
        var report = new Report("Profile: indexing cost per part of a paper's document",
            $"dotnet PaperBrowser.Bench.dll index-profile --jsonl corpus.jsonl --records {records} --rounds {rounds}");
        report.Line($"{papers.Count:N0} papers indexed on one thread into a RAMDirectory and committed, in {rounds} rounds over all variants (best round per variant). " +
                    "Includes building the document (topic classification) and all analysis.").Line();
        report.Table(["document", "µs per paper", "vs the app's document"],
            rows.Select(r => (IReadOnlyList<string>)[r.Name, Fmt.N(r.Us), Fmt.Ratio(r.Us, full)]));
        if (args.Get("out") is { } output) report.Save(output);
        Console.WriteLine(report.ToString());
        return Task.FromResult(0);
    }
}
