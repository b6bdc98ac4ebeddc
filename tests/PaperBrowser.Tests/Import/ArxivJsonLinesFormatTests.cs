using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Import;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Import;

public class ArxivJsonLinesFormatTests
{
    private readonly ArxivJsonLinesFormat _format = new();

    // Non-ASCII stays raw UTF-8, as in the snapshot, so byte-level tests can find it.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One snapshot record; fields left null are left out, as the tests need.</summary>
    private static string Record(
        string? id = "0704.0001",
        string? title = "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
        string? @abstract = "  A fully differential calculation in perturbative quantum chromodynamics is\npresented for the production of massive photon pairs at hadron colliders.\n",
        object? authorsParsed = null,
        string? authors = null,
        string? versionDate = "Mon, 2 Apr 2007 19:18:42 GMT",
        string? categories = "hep-ph",
        string? doi = null,
        string? journalRef = null,
        string? comments = null,
        Dictionary<string, object?>? extra = null)
    {
        var record = new Dictionary<string, object?>();
        if (id is not null) record["id"] = id;
        record["submitter"] = "Pavel Nadolsky";
        if (authors is not null) record["authors"] = authors;
        if (title is not null) record["title"] = title;
        record["comments"] = comments;
        record["journal-ref"] = journalRef;
        record["doi"] = doi;
        record["report-no"] = null;
        if (categories is not null) record["categories"] = categories;
        record["license"] = null;
        if (@abstract is not null) record["abstract"] = @abstract;
        if (versionDate is not null)
            record["versions"] = new[] { new { version = "v1", created = versionDate }, new { version = "v2", created = "Tue, 24 Jul 2007 20:10:27 GMT" } };
        record["update_date"] = "2008-11-13";
        if (authorsParsed is not null) record["authors_parsed"] = authorsParsed;
        foreach (var (key, value) in extra ?? []) record[key] = value;
        return JsonSerializer.Serialize(record, Json);
    }

    private List<ImportItem> ReadAll(TempDirectory temp, string content, string name = "snapshot.jsonl") =>
        [.. _format.Read(temp.Write(name, content))];

    private static string LongAbstract(int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => $"word{i % 97}")) + ".";

    // ---- detection ----

    [Fact]
    public void Matches_a_snapshot_line_by_its_content()
    {
        Assert.True(_format.Matches(Record() + "\n" + Record(id: "0704.0002") + "\n"));
        Assert.True(_format.Matches("\n  \r\n" + Record()), "leading blank lines do not hide the format");
    }

    [Theory]
    [InlineData("[{\"id\": \"0704.0001\"}]")]
    [InlineData("{\n  \"id\": \"0704.0001\",\n  \"title\": \"A pretty-printed document\"\n}")]
    [InlineData("{\"name\": \"x\", \"value\": 1}\n")]
    [InlineData("{this is not json, though it mentions \"title\"}\n")]
    [InlineData("new\n\nGet trending papers in your email inbox!\n")]
    public void Does_not_match_other_text(string head) => Assert.False(_format.Matches(head));

    [Fact]
    public void Does_not_match_a_page_capture()
    {
        var capture = File.ReadAllText(Samples.File("000"));

        Assert.False(_format.Matches(capture[..Math.Min(capture.Length, 64 * 1024)]));
    }

    [Fact]
    public void Matches_a_first_line_cut_off_by_the_head_sample()
    {
        var line = Record(@abstract: LongAbstract(20_000));
        Assert.True(line.Length > 64 * 1024);

        Assert.True(_format.Matches(line[..(64 * 1024)]));
        // Cut before the reader reached a top-level key: the head still names one, so it counts.
        var nested = "{\"meta\": {\"id\": \"1\", \"blob\": \"" + new string('x', 70_000) + "\"}}";
        Assert.True(_format.Matches(nested[..(64 * 1024)]));
        Assert.False(_format.Matches(nested.Replace("\"id\"", "\"key\"")[..(64 * 1024)]));
    }

    [Fact]
    public async Task A_txt_file_holding_json_lines_is_imported_as_json_lines()
    {
        using var library = new TestLibrary();
        var path = library.Temp.Write("listing.txt", Record() + "\n" + Record(id: "0704.0002", title: "Sparsity-certifying Graph Decompositions") + "\n");

        var summary = await library.ImportAsync(path);

        var file = Assert.Single(summary.Files);
        Assert.Equal(_format.Name, file.Format);
        Assert.Equal(2, file.NewPapers);
        Assert.Empty(summary.Problems);
    }

    [Fact]
    public async Task A_page_capture_is_still_imported_as_a_page_capture()
    {
        using var library = new TestLibrary();

        var summary = await library.ImportAsync(Samples.File("000"));

        var file = Assert.Single(summary.Files);
        Assert.Equal(new PageCaptureFormat().Name, file.Format);
        Assert.True(file.EntriesRead > 0);
    }

    [Fact]
    public async Task A_file_whose_first_line_is_longer_than_the_head_sample_is_still_detected()
    {
        using var library = new TestLibrary();
        var first = Record(id: "2401.00001", title: "A very long first record", @abstract: LongAbstract(15_000));
        Assert.True(Encoding.UTF8.GetByteCount(first) > 64 * 1024);
        var path = library.Temp.Write("big.jsonl", first + "\n" + Record(id: "2401.00002", title: "A short second record") + "\n");

        var summary = await library.ImportAsync(path);

        var file = Assert.Single(summary.Files);
        Assert.Equal(_format.Name, file.Format);
        Assert.Equal(2, file.NewPapers);
    }

    // ---- field mapping ----

    [Fact]
    public void Maps_every_field_of_a_snapshot_record()
    {
        using var temp = new TempDirectory();
        var line = Record(
            id: "0704.0001",
            authorsParsed: new[] { new[] { "Bal\\'azs", "C.", "" }, new[] { "Berger", "E. L.", "" }, new[] { "Nadolsky", "P. M.", "Jr" } },
            authors: "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky",
            categories: "hep-ph  hep-ex",
            doi: "10.1103/PhysRevD.76.013009",
            journalRef: "Phys.Rev.D76:013009,2007",
            comments: "37 pages, 15 figures; published\n  version");

        var item = Assert.Single(ReadAll(temp, line + "\n"));

        var entry = item.Entry!;
        Assert.Null(item.Problem);
        Assert.Equal("0704.0001", entry.ArxivId);
        Assert.Equal("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies", entry.Title);
        Assert.Equal("A fully differential calculation in perturbative quantum chromodynamics is presented for the production of massive photon pairs at hadron colliders.", entry.Abstract);
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky Jr"], entry.Authors);
        Assert.Equal(3, entry.AuthorCount);
        Assert.Equal(["hep-ph", "hep-ex"], entry.Categories);
        Assert.Equal(2007, entry.Published.Year);
        Assert.Equal(4, entry.Published.Month);
        Assert.Equal(2, entry.Published.Day);
        Assert.Equal("10.1103/PhysRevD.76.013009", entry.Doi);
        Assert.Equal("Phys.Rev.D76:013009,2007", entry.JournalRef);
        Assert.Equal("37 pages, 15 figures; published version", entry.Comments);
        Assert.Equal(1, entry.Line);
        Assert.Equal(1, entry.Position);
        Assert.Null(entry.Upvotes);
    }

    [Fact]
    public void Keeps_old_style_ids_with_their_archive()
    {
        using var temp = new TempDirectory();

        var entry = Assert.Single(ReadAll(temp, Record(id: "hep-th/9901001", versionDate: "Fri, 1 Jan 1999 00:00:01 GMT") + "\n")).Entry!;

        Assert.Equal("hep-th/9901001", entry.ArxivId);
        Assert.Equal((1999, 1, 1), (entry.Published.Year, entry.Published.Month, entry.Published.Day));
    }

    [Theory]
    [InlineData("2403.01234", 2024, 3)]
    [InlineData("0704.0001", 2007, 4)]
    [InlineData("hep-th/9901001", 1999, 1)]
    [InlineData("math/0211159", 2002, 11)]
    public void Without_versions_the_month_comes_from_the_id(string id, int year, int month)
    {
        using var temp = new TempDirectory();

        var entry = Assert.Single(ReadAll(temp, Record(id: id, versionDate: null) + "\n")).Entry!;

        Assert.Equal(year, entry.Published.Year);
        Assert.Equal(month, entry.Published.Month);
        Assert.Null(entry.Published.Day);
    }

    [Fact]
    public void The_published_date_is_the_first_versions_even_with_a_wrong_weekday()
    {
        using var temp = new TempDirectory();
        // 9 Dec 2021 was a Thursday; the date itself is what matters.
        var entry = Assert.Single(ReadAll(temp, Record(versionDate: "Mon, 9 Dec 2021 23:59:59 GMT") + "\n")).Entry!;

        Assert.Equal((2021, 12, 9), (entry.Published.Year, entry.Published.Month, entry.Published.Day));
    }

    [Fact]
    public void Joins_wrapped_lines_but_keeps_blank_line_paragraph_breaks()
    {
        using var temp = new TempDirectory();
        var text = "  First paragraph is wrapped\nover two lines.\n\n  Second   paragraph\r\n  also wrapped.\n \n\n";

        var entry = Assert.Single(ReadAll(temp, Record(@abstract: text, title: "  Title with\n  a hard   break ") + "\n")).Entry!;

        Assert.Equal("First paragraph is wrapped over two lines.\n\nSecond paragraph also wrapped.", entry.Abstract);
        Assert.Equal("Title with a hard break", entry.Title);
    }

    [Fact]
    public void Keeps_tex_in_titles_and_abstracts_as_written()
    {
        using var temp = new TempDirectory();

        var entry = Assert.Single(ReadAll(temp, Record(title: "The $\\ell_1$ norm of Schr\\\"odinger operators", @abstract: "We bound $\\|x\\|_1$.") + "\n")).Entry!;

        Assert.Equal("The $\\ell_1$ norm of Schr\\\"odinger operators", entry.Title);
        Assert.Equal("We bound $\\|x\\|_1$.", entry.Abstract);
    }

    [Fact]
    public void Without_authors_parsed_the_authors_text_is_split()
    {
        using var temp = new TempDirectory();
        var line = Record(authors: "J. M{\\\"u}ller (MIT, Cambridge), A. Garc\\'ia and\n  B. Smith, and C. Lee");

        var entry = Assert.Single(ReadAll(temp, line + "\n")).Entry!;

        Assert.Equal(["J. Müller", "A. García", "B. Smith", "C. Lee"], entry.Authors);
        Assert.Equal(4, entry.AuthorCount);
    }

    [Fact]
    public void Authors_parsed_names_are_decoded_from_tex()
    {
        using var temp = new TempDirectory();
        var parsed = new[]
        {
            new[] { "Schr{\\\"o}dinger", "Erwin", "" },
            new[] { "Erd{\\H{o}}s", "P{\\'a}l", "" },
            new[] { "S{\\o}rensen", "S{\\o}ren", "", "Aarhus University" },
            new[] { "ATLAS Collaboration", "", "" },
        };

        var entry = Assert.Single(ReadAll(temp, Record(authorsParsed: parsed, authors: "ignored when authors_parsed is there") + "\n")).Entry!;

        Assert.Equal(["Erwin Schrödinger", "Pál Erdős", "Søren Sørensen", "ATLAS Collaboration"], entry.Authors);
    }

    // ---- problems ----

    [Fact]
    public void Bad_lines_are_reported_with_their_line_numbers_and_the_rest_is_read()
    {
        using var temp = new TempDirectory();
        var lines = new[]
        {
            Record(id: "2401.00001", title: "First good"),                // 1
            "{\"id\": \"2401.00002\", \"title\": \"Truncated",              // 2
            Record(id: "2401.00003", title: null),                         // 3
            Record(id: "2401.00004", @abstract: "   \n  "),                 // 4
            "",                                                            // 5: blank lines are not problems
            "[1, 2, 3]",                                                   // 6
            "{\"id\": \"2401.00007\", \"title\": \"" + new string('x', ArxivJsonLinesFormat.MaxLineLength) + "\"}", // 7
            Record(id: "2401.00008", title: "Second good"),               // 8
            "not json at all",                                             // 9
            Record(id: "2401.00010", title: "Third good"),                // 10
        };

        var items = ReadAll(temp, string.Join("\n", lines) + "\n");

        var problems = items.Where(i => i.Problem is not null).Select(i => i.Problem!).ToList();
        Assert.Equal([2, 3, 4, 6, 7, 9], problems.Select(p => p.Line));
        Assert.Contains("not valid JSON", problems[0].Message);
        Assert.Contains("2401.00003 has no title", problems[1].Message);
        Assert.Contains("2401.00004 has no abstract", problems[2].Message);
        Assert.Contains("expected a JSON object", problems[3].Message);
        Assert.Contains("the limit is 1,000,000", problems[4].Message);
        Assert.Contains("not valid JSON", problems[5].Message);

        var entries = items.Where(i => i.Entry is not null).Select(i => i.Entry!).ToList();
        Assert.Equal(["2401.00001", "2401.00008", "2401.00010"], entries.Select(e => e.ArxivId));
        Assert.Equal([1, 8, 10], entries.Select(e => e.Line));
        Assert.Equal([1, 2, 3], entries.Select(e => e.Position));
    }

    [Fact]
    public async Task Bad_lines_become_warnings_in_the_import_and_good_lines_are_saved()
    {
        using var library = new TestLibrary();
        var path = library.Temp.Write("mixed.jsonl", string.Join("\n",
            Record(id: "2401.00001", title: "First good"),
            "{broken",
            Record(id: "2401.00003", title: "Second good")));

        var summary = await library.ImportAsync(path);

        var problem = Assert.Single(summary.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Equal(Papers.ImportProblemSeverity.Warning, problem.Severity);
        await using var db = library.CreateDb();
        Assert.Equal(["2401.00001", "2401.00003"], await db.Papers.OrderBy(p => p.ArxivId).Select(p => p.ArxivId).ToListAsync());
    }

    [Fact]
    public void A_line_just_under_the_limit_is_read_and_one_over_is_not()
    {
        using var temp = new TempDirectory();
        var baseLine = Record(@abstract: "PLACEHOLDER");
        var fill = ArxivJsonLinesFormat.MaxLineLength - (baseLine.Length - "PLACEHOLDER".Length);
        var atLimit = baseLine.Replace("PLACEHOLDER", new string('a', fill));
        var overLimit = baseLine.Replace("PLACEHOLDER", new string('a', fill + 1));
        Assert.Equal(ArxivJsonLinesFormat.MaxLineLength, atLimit.Length);

        var items = ReadAll(temp, atLimit + "\r\n" + overLimit + "\r\n" + Record(id: "9999.99999"));

        Assert.Equal(fill, items[0].Entry!.Abstract.Length);
        Assert.Equal(2, items[1].Problem!.Line);
        Assert.Equal("9999.99999", items[2].Entry!.ArxivId);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public void Reads_crlf_files_a_byte_order_mark_and_a_last_line_without_newline()
    {
        using var temp = new TempDirectory();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Record(id: "1") + "\r\n" + Record(id: "2"))).ToArray();

        var items = _format.Read(temp.Write("bom.jsonl", bytes)).ToList();

        Assert.Equal(["1", "2"], items.Select(i => i.Entry?.ArxivId));
        Assert.Equal([1, 2], items.Select(i => i.Entry!.Line));
    }

    [Fact]
    public void Invalid_utf8_is_reported_once_and_the_entry_is_still_read()
    {
        using var temp = new TempDirectory();
        var good = Encoding.UTF8.GetBytes(Record(id: "1") + "\n");
        var bad = Encoding.UTF8.GetBytes(Record(id: "2", title: "Caf\u00e9 society") + "\n");
        var latin1 = Encoding.UTF8.GetBytes(Record(id: "3", title: "Na\u00efve bounds") + "\n");
        // Replace the UTF-8 "é" and "ï" with their Latin-1 bytes.
        var at = bad.AsSpan().IndexOf("\u00e9"u8);
        var broken = bad[..at].Append((byte)0xE9).Concat(bad[(at + 2)..]).ToArray();
        var at2 = latin1.AsSpan().IndexOf("\u00ef"u8);
        var broken2 = latin1[..at2].Append((byte)0xEF).Concat(latin1[(at2 + 2)..]).ToArray();

        var items = _format.Read(temp.Write("latin1.jsonl", [.. good, .. broken, .. broken2])).ToList();

        var problem = Assert.Single(items, i => i.Problem is not null).Problem!;
        Assert.Equal(2, problem.Line);
        Assert.Contains("UTF-8", problem.Message);
        Assert.Equal(["1", "2", "3"], items.Where(i => i.Entry is not null).Select(i => i.Entry!.ArxivId));
        Assert.Equal("Caf\uFFFD society", items.First(i => i.Entry?.ArxivId == "2").Entry!.Title);
    }

    // ---- deduplication through the real importer ----

    [Fact]
    public async Task A_later_record_for_the_same_id_updates_the_paper()
    {
        using var library = new TestLibrary();
        var first = library.Temp.Write("2024-01.jsonl", Record(id: "2401.00001", title: "Scaling laws for sparse models",
            @abstract: "We study scaling.", versionDate: "Tue, 2 Jan 2024 10:00:00 GMT") + "\n");
        var later = library.Temp.Write("2024-06.jsonl", Record(id: "2401.00001", title: "Scaling Laws for Sparse Models",
            @abstract: "We study scaling laws for sparse mixture-of-experts models in depth.",
            extra: new() { ["versions"] = new[] { new { version = "v1", created = "Tue, 2 Jan 2024 10:00:00 GMT" }, new { version = "v2", created = "Mon, 3 Jun 2024 10:00:00 GMT" } } }) + "\n");

        await library.ImportAsync(first);
        var summary = await library.ImportAsync(later);

        Assert.Equal(0, summary.NewPapers);
        Assert.Equal(1, summary.UpdatedPapers);
        await using var db = library.CreateDb();
        var paper = await db.Papers.Include(p => p.Sources).SingleAsync();
        Assert.Equal("2401.00001", paper.ArxivId);
        Assert.Equal("We study scaling laws for sparse mixture-of-experts models in depth.", paper.Abstract);
        Assert.Equal(2, paper.Sources.Count);
        Assert.Equal(2024, paper.Published.Year);
    }

    [Fact]
    public async Task A_repeated_record_in_one_file_is_one_paper()
    {
        using var library = new TestLibrary();
        var line = Record(id: "2401.00001", title: "Scaling laws for sparse models");
        var path = library.Temp.Write("dupes.jsonl", line + "\n" + Record(id: "2401.00002", title: "Something else") + "\n" + line + "\n");

        var summary = await library.ImportAsync(path);

        Assert.Equal(3, summary.EntriesRead);
        Assert.Equal(2, summary.NewPapers);
        Assert.Equal(1, summary.DuplicatesMerged);
        await using var db = library.CreateDb();
        Assert.Equal(2, await db.Papers.CountAsync());
    }

    [Fact]
    public async Task A_sample_capture_paper_also_in_the_snapshot_is_one_paper_with_two_sources()
    {
        using var library = new TestLibrary();
        var capture = Samples.File("000");
        var sample = PageCaptureParser.Parse(File.ReadAllText(capture)).Entries[0];
        // The snapshot spells the title differently: other case, wrapped, punctuation dropped.
        var snapshotTitle = sample.Title.ToUpperInvariant().Replace(":", "").Replace(" ", "\n  ", StringComparison.Ordinal);
        Assert.NotEqual(sample.Title, snapshotTitle);
        var jsonl = library.Temp.Write("snapshot.jsonl",
            Record(id: "2403.01234", title: snapshotTitle, @abstract: "Short arXiv abstract.", categories: "cs.LG cs.CL",
                authorsParsed: new[] { new[] { "M{\\\"u}ller", "Anna", "" } }) + "\n");

        await library.ImportAsync(capture);
        var summary = await library.ImportAsync(jsonl);

        Assert.Equal(0, summary.NewPapers);
        Assert.Equal(1, summary.DuplicatesMerged);
        await using var db = library.CreateDb();
        var key = TitleNormalizer.Normalize(sample.Title);
        var paper = await db.Papers.Include(p => p.Sources).SingleAsync(p => p.NormalizedTitle == key);
        Assert.Equal(2, paper.Sources.Select(s => s.FileName).Distinct().Count());
        Assert.Equal("2403.01234", paper.ArxivId);
        Assert.Equal(["Anna Müller"], paper.Authors);
        Assert.Contains("cs.LG", paper.Categories);
        // The capture's longer abstract stays the paper's abstract.
        Assert.Equal(sample.Abstract, paper.Abstract);
    }
}
