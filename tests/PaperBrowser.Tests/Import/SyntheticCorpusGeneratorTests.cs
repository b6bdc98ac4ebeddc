using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Import;
using PaperBrowser.Tests.TestSupport;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.Tests.Import;

/// <summary>Models are learned once: every test reuses the same generator over the bundled samples.</summary>
public sealed class SampleGeneratorFixture
{
    public SyntheticCorpusGenerator Generator { get; } = new(SyntheticCorpusGenerator.ReadSamples(Samples.Directory));

    private readonly Dictionary<(int, int), (byte[], SyntheticCorpusSummary)> _corpora = [];

    /// <summary>A generated corpus, kept for tests that look at the same one.</summary>
    public (byte[] Bytes, SyntheticCorpusSummary Summary) Corpus(int count, int seed)
    {
        lock (_corpora)
        {
            if (_corpora.TryGetValue((count, seed), out var cached)) return cached;
            using var stream = new MemoryStream();
            var summary = Generator.Write(stream, count, seed);
            return _corpora[(count, seed)] = (stream.ToArray(), summary);
        }
    }
}

public partial class SyntheticCorpusGeneratorTests(SampleGeneratorFixture fixture) : IClassFixture<SampleGeneratorFixture>
{
    private const int Count = 10_000;

    private static readonly HashSet<string> KnownCategories =
    [
        "cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO", "eess.IV", "cs.NE", "math.OC", "cs.IR",
        "eess.SP", "cs.CR", "cs.HC", "cs.SD", "eess.AS", "q-bio.NC", "cs.DC", "cs.SE", "physics.comp-ph", "quant-ph",
        "cs.MA", "cs.SI", "math.ST", "stat.ME", "cond-mat.dis-nn", "cs.GT", "cs.DS", "cs.CY", "q-bio.QM", "physics.data-an",
        "econ.EM", "astro-ph.IM", "cs.PL", "cs.LO", "math.NA", "eess.SY",
        "hep-th", "hep-ph", "astro-ph", "cond-mat", "quant-ph", "gr-qc", "math", "physics", "nucl-th", "cs", "hep-ex", "hep-lat",
    ];

    [Fact]
    public void The_same_seed_gives_the_same_bytes()
    {
        var first = Generate(fixture.Generator, 1500, seed: 7);
        // A generator built afresh from the same samples: nothing may depend on hash ordering or state.
        var second = Generate(new SyntheticCorpusGenerator(SyntheticCorpusGenerator.ReadSamples(Samples.Directory)), 1500, seed: 7);

        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
        Assert.True(first.Length > 1500 * 500, "each record should carry a full abstract");
    }

    [Fact]
    public void A_different_seed_gives_different_papers()
    {
        var a = Lines(Generate(fixture.Generator, 500, seed: 1));
        var b = Lines(Generate(fixture.Generator, 500, seed: 2));

        Assert.Equal(500, a.Count);
        Assert.Equal(500, b.Count);
        Assert.Empty(a.Intersect(b));
    }

    [Fact]
    public void Writes_the_snapshot_schema_with_every_field()
    {
        var first = Lines(fixture.Corpus(Count, 42).Bytes)[0];

        using var document = JsonDocument.Parse(first);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["id", "submitter", "authors", "title", "comments", "journal-ref", "doi", "report-no", "categories", "license",
             "abstract", "versions", "update_date", "authors_parsed"],
            names);
        var root = document.RootElement;
        Assert.StartsWith("  ", root.GetProperty("abstract").GetString());
        Assert.EndsWith("\n", root.GetProperty("abstract").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", root.GetProperty("update_date").GetString()!);
        var version = root.GetProperty("versions")[0];
        Assert.Equal("v1", version.GetProperty("version").GetString());
        Assert.Matches(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$", version.GetProperty("created").GetString()!);
        Assert.All(root.GetProperty("authors_parsed").EnumerateArray(), a => Assert.Equal(3, a.GetArrayLength()));
    }

    [Fact]
    public void Every_record_reads_back_as_a_plausible_paper()
    {
        var (bytes, _) = fixture.Corpus(Count, 42);
        using var temp = new TempDirectory();
        var path = temp.Write("corpus.jsonl", bytes);
        var lines = Lines(bytes);

        var items = new ArxivJsonLinesFormat().Read(path).ToList();

        Assert.All(items, i => Assert.Null(i.Problem));
        var entries = items.Select(i => i.Entry!).ToList();
        Assert.Equal(Count, entries.Count);
        var fresh = Classify(lines).Where(c => c.Kind == Kind.Fresh).Select(c => entries[c.Index]).ToList();
        Assert.All(entries, e =>
        {
            Assert.InRange(Words(e.Abstract), SyntheticCorpusGenerator.MinAbstractWords, SyntheticCorpusGenerator.MaxAbstractWords);
            Assert.Matches(SentenceEnd(), e.Abstract);
            Assert.InRange(e.Authors.Count, 1, 12);
            Assert.Equal(e.Authors.Count, e.AuthorCount);
            Assert.InRange(e.Categories.Count, 1, 3);
            Assert.All(e.Categories, c => Assert.Contains(c, KnownCategories));
            Assert.True(e.Published.IsComplete);
            Assert.InRange(e.Published.Year!.Value, 1992, 2026);
            Assert.Matches(IdPattern(), e.ArxivId!);
        });
        // Re-cased or re-punctuated copies may split hyphenated words; fresh titles keep to the range.
        Assert.All(fresh, e => Assert.InRange(Words(e.Title), SyntheticCorpusGenerator.MinTitleWords, SyntheticCorpusGenerator.MaxTitleWords));

        var oldStyle = entries.Count(e => e.ArxivId!.Contains('/'));
        Assert.InRange(oldStyle / (double)Count, 0.015, 0.045);
        Assert.All(entries.Where(e => e.ArxivId!.Contains('/')), e => Assert.True(e.Published.SortKey < 2007_04_00, $"{e.ArxivId} is dated {e.Published}"));
        var recent = entries.Count(e => e.Published.Year >= 2020);
        Assert.True(recent > Count / 3, $"recent years should dominate, got {recent} from 2020 on");
        var versions = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("versions").GetArrayLength()).ToList();
        Assert.Contains(1, versions);
        Assert.Contains(2, versions);
        Assert.Contains(3, versions);
    }

    [Fact]
    public void Authors_carry_tex_accents_that_decode_to_unicode()
    {
        var lines = Lines(fixture.Corpus(Count, 42).Bytes).Take(2000).ToList();
        using var temp = new TempDirectory();
        var path = temp.Write("authors.jsonl", string.Join("\n", lines));

        var entries = new ArxivJsonLinesFormat().Read(path).Select(i => i.Entry!).ToList();

        var texLines = lines.Count(l => l.Contains("{\\\\\\\"o}", StringComparison.Ordinal) || l.Contains("\\\\\\\"o", StringComparison.Ordinal));
        Assert.True(texLines > 20, $"expected some authors written with TeX accents, found {texLines}");
        var names = entries.SelectMany(e => e.Authors).ToList();
        Assert.Contains(names, n => n.Contains('ö'));
        Assert.Contains(names, n => n.Contains('ø') || n.Contains('ł') || n.Contains('ß'));
        Assert.DoesNotContain(names, n => n.Contains('\\') || n.Contains('{') || n.Contains('}'));
    }

    [Fact]
    public void Duplicate_rates_are_as_stated_and_the_summary_counts_them_right()
    {
        var (bytes, summary) = fixture.Corpus(Count, 42);
        var lines = Lines(bytes);

        var kinds = Classify(lines);

        var exact = kinds.Count(k => k.Kind == Kind.Exact);
        var newVersion = kinds.Count(k => k.Kind == Kind.NewVersion);
        var retitled = kinds.Count(k => k.Kind == Kind.Retitled);
        var fresh = kinds.Count(k => k.Kind == Kind.Fresh);
        Assert.InRange(exact / (double)Count, 0.025, 0.035);
        Assert.InRange((newVersion + retitled) / (double)Count, 0.015, 0.025);
        Assert.True(newVersion > Count / 200 && retitled > Count / 200, $"both kinds of near-duplicate: {newVersion} new versions, {retitled} retitled");
        Assert.Equal(summary.ExactDuplicates, exact);
        Assert.Equal(summary.NearDuplicates, newVersion + retitled);
        Assert.Equal(summary.Papers, fresh);
        Assert.Equal(Count, summary.Records);
        Assert.Equal(bytes.LongLength, summary.Bytes);
    }

    [Fact]
    public void Near_duplicates_differ_only_where_they_should()
    {
        var lines = Lines(fixture.Corpus(Count, 42).Bytes);
        var byId = new Dictionary<string, JsonElement>();
        var byKey = new Dictionary<string, JsonElement>();
        int revisions = 0, retitles = 0;

        foreach (var (kind, index) in Classify(lines))
        {
            var record = JsonDocument.Parse(lines[index]).RootElement;
            var id = record.GetProperty("id").GetString()!;
            var key = TitleNormalizer.Normalize(record.GetProperty("title").GetString()!);
            if (kind == Kind.NewVersion)
            {
                var earlier = byId[id];
                Assert.NotEqual(earlier.GetProperty("abstract").GetString(), record.GetProperty("abstract").GetString());
                Assert.Equal(earlier.GetProperty("title").GetString(), record.GetProperty("title").GetString());
                Assert.True(record.GetProperty("versions").GetArrayLength() > earlier.GetProperty("versions").GetArrayLength());
                revisions++;
            }
            else if (kind == Kind.Retitled)
            {
                var earlier = byKey[key];
                Assert.NotEqual(earlier.GetProperty("title").GetString(), record.GetProperty("title").GetString());
                Assert.NotEqual(earlier.GetProperty("id").GetString(), id);
                retitles++;
            }
            byId[id] = record;
            byKey.TryAdd(key, record);
        }
        Assert.True(revisions > 0 && retitles > 0);
    }

    [Fact]
    public void Word_frequencies_have_a_long_tail()
    {
        var lines = Lines(fixture.Corpus(Count, 42).Bytes);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var vocabularyAt = new List<int>();
        foreach (var line in lines)
        {
            var text = JsonDocument.Parse(line).RootElement.GetProperty("abstract").GetString()!.ToLowerInvariant();
            foreach (var word in text.Split(NonLetters(text), StringSplitOptions.RemoveEmptyEntries))
                counts[word] = counts.GetValueOrDefault(word) + 1;
            vocabularyAt.Add(counts.Count);
        }

        var ranked = counts.Values.OrderDescending().ToList();
        // Zipf-like: a few very common words, and a large share of words seen once or twice.
        Assert.True(ranked[0] > 50 * ranked[Math.Min(999, ranked.Count - 1)], $"top {ranked[0]}, 1000th {ranked[Math.Min(999, ranked.Count - 1)]}");
        Assert.True(ranked.Count(c => c <= 2) > ranked.Count / 2, "rare words should make up a good part of the vocabulary");
        // The vocabulary keeps growing with the corpus (Heaps' law) instead of stopping at the samples' words.
        Assert.True(vocabularyAt[^1] > 1.8 * vocabularyAt[Count / 4 - 1], $"vocabulary {vocabularyAt[Count / 4 - 1]} after a quarter, {vocabularyAt[^1]} at the end");
    }

    [Fact]
    public async Task A_generated_file_imports_cleanly_with_its_duplicates_merged()
    {
        using var library = new TestLibrary();
        using (var stream = File.Create(library.Temp.File("synthetic.jsonl")))
        {
            var summary = fixture.Generator.Write(stream, 3000, seed: 5);
            stream.Close();

            var import = await library.ImportAsync(library.Temp.File("synthetic.jsonl"));

            Assert.Empty(import.Problems);
            var file = Assert.Single(import.Files);
            Assert.Equal(new ArxivJsonLinesFormat().Name, file.Format);
            Assert.Equal(3000, import.EntriesRead);
            Assert.Equal(summary.Papers, import.NewPapers);
            Assert.Equal(summary.ExactDuplicates + summary.NearDuplicates, import.DuplicatesMerged);
            await using var db = library.CreateDb();
            Assert.Equal(summary.Papers, await db.Papers.CountAsync());
            Assert.Equal(3000, await db.PaperSources.CountAsync());
        }
    }

    [Fact]
    public void Samples_without_entries_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SyntheticCorpusGenerator(["just some text", ""]));

        Assert.Contains("no paper entries", error.Message);
    }

    // ---- the generate command ----

    [Fact]
    public async Task The_generate_command_writes_the_file_and_says_what_it_wrote()
    {
        using var temp = new TempDirectory();
        var output = temp.File("out/corpus.jsonl");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await GenerateCommand.RunAsync(["--count", "300", "--seed", "9", "--out", output, "--samples", Samples.Directory], stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr.ToString());
        Assert.Contains("Wrote 300 records", stdout.ToString());
        Assert.Matches(@"in \d+\.\d\d s", stdout.ToString());
        Assert.Equal(300, File.ReadLines(output).Count());
        Assert.False(File.Exists(output + ".partial"));
        Assert.Equal(SHA256.HashData(Generate(fixture.Generator, 300, 9)), SHA256.HashData(File.ReadAllBytes(output)));
    }

    [Theory]
    [InlineData("--out", "x.jsonl")]
    [InlineData("--count", "10")]
    [InlineData("--count", "0", "--out", "x.jsonl")]
    [InlineData("--count", "ten", "--out", "x.jsonl")]
    [InlineData("--count", "10", "--out", "x.jsonl", "--seed", "1.5")]
    [InlineData("--count", "10", "--out")]
    [InlineData("--count", "10", "--out", "x.jsonl", "--colour", "red")]
    [InlineData("--count", "10", "--out", "x.jsonl", "stray")]
    public async Task The_generate_command_rejects_bad_arguments_with_usage(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await GenerateCommand.RunAsync(args, stdout, stderr);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", stderr.ToString());
        Assert.Contains("Usage: PaperBrowser generate", stderr.ToString());
        Assert.False(File.Exists("x.jsonl"));
    }

    [Fact]
    public async Task The_generate_command_reports_a_missing_samples_folder()
    {
        using var temp = new TempDirectory();
        var stderr = new StringWriter();

        var exit = await GenerateCommand.RunAsync(["--count", "5", "--out", temp.File("x.jsonl"), "--samples", temp.File("nowhere")], new StringWriter(), stderr);

        Assert.Equal(1, exit);
        Assert.Contains("nowhere", stderr.ToString());
        Assert.False(File.Exists(temp.File("x.jsonl")));
    }

    // ---- helpers ----

    private enum Kind { Fresh, Exact, NewVersion, Retitled }

    /// <summary>Sorts every line by what it is relative to the lines before it, without trusting the generator's own counts.</summary>
    private static List<(Kind Kind, int Index)> Classify(IReadOnlyList<string> lines)
    {
        var seenLines = new HashSet<string>(StringComparer.Ordinal);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<(Kind, int)>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!seenLines.Add(lines[i])) { result.Add((Kind.Exact, i)); continue; }
            var root = JsonDocument.Parse(lines[i]).RootElement;
            var id = root.GetProperty("id").GetString()!;
            var key = TitleNormalizer.Normalize(root.GetProperty("title").GetString()!);
            var kind = seenIds.Contains(id) ? Kind.NewVersion : seenKeys.Contains(key) ? Kind.Retitled : Kind.Fresh;
            result.Add((kind, i));
            seenIds.Add(id);
            seenKeys.Add(key);
        }
        return result;
    }

    private static byte[] Generate(SyntheticCorpusGenerator generator, int count, int seed)
    {
        using var stream = new MemoryStream();
        generator.Write(stream, count, seed);
        return stream.ToArray();
    }

    private static List<string> Lines(byte[] bytes) =>
        [.. System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"^(\d{4}\.\d{4,5}|[a-z-]+/\d{7})$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"[.!?]$")]
    private static partial Regex SentenceEnd();

    private static char[] NonLetters(string text) => [.. text.Where(c => !char.IsLetter(c)).Distinct()];
}
