using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PaperBrowser.Import;
using PaperBrowser.Search;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// Facet counts checked against a brute-force count in plain C# over the same papers, read back
/// from the database and classified with the same taxonomy. Drill-sideways: a facet you select
/// from keeps the counts it would have without its own selection, under every other selection.
/// </summary>
public sealed class FacetTests(FacetTests.Corpus corpus) : IClassFixture<FacetTests.Corpus>
{
    /// <summary>The samples plus papers with categories, years and code links, so every facet has values.</summary>
    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;
        public List<Row> Rows { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Library = new SearchLibrary();
            await Library.ImportAsync(Samples.Directory);
            await Library.RebuildAsync();
            string[] categories = ["cs.LG", "cs.LG stat.ML", "cs.CV", "cs.CL cs.LG", "stat.ML"];
            string[] subjects = ["graph neural networks", "diffusion models", "spiking neural networks", "medical image segmentation", "large language models"];
            var crafted = Enumerable.Range(0, 30).Select(i => new CraftedPaper(
                $"Facet probe {i}: a study of {subjects[i % subjects.Length]}",
                $"We study {subjects[i % subjects.Length]} in setting number {i}. " +
                (i % 3 == 0 ? $"Code is at https://github.com/probe/p{i}. " : "Slides are at https://example.org/p" + i + ". ") +
                "The experiments cover several benchmarks and the analysis explains the results in detail.")
            {
                Categories = categories[i % categories.Length],
                Date = new DateOnly(2019 + i % 6, 1 + i % 12, 1 + i % 28),
            });
            // Added by an update after the rebuild, so the index has several segments and counts go
            // through the global ordinal map, as in a library that grows by imports.
            var added = await Library.ImportAsync(crafted);
            await Library.IndexWriter.UpdateAsync(added.ChangedPaperIds);
            Library.Index.RefreshNow();
            Rows = await Row.LoadAsync(Library);
        }

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    /// <summary>One paper's facet values, computed without the index.</summary>
    public sealed record Row(int Id, IReadOnlyList<string> Topics, string? Year, string Code, IReadOnlyList<string> Sources, IReadOnlyList<string> Categories)
    {
        public IReadOnlyList<string> Values(string facet) => facet switch
        {
            "topic" => Topics,
            "year" => Year is null ? [] : [Year],
            "code" => [Code],
            "source" => Sources,
            "category" => Categories,
            _ => throw new ArgumentOutOfRangeException(nameof(facet)),
        };

        public static async Task<List<Row>> LoadAsync(SearchLibrary library)
        {
            await using var db = library.CreateDb();
            var papers = await db.Papers.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
            var files = (await db.PaperSources.Select(s => new { s.PaperId, s.FileName }).ToListAsync())
                .ToLookup(s => s.PaperId, s => Path.GetFileNameWithoutExtension(s.FileName));
            return [.. papers.Select(p => new Row(
                p.Id,
                library.Topics.Classify(p.Title, p.Abstract),
                p.Published.Year?.ToString(CultureInfo.InvariantCulture),
                p.Urls.Any(UrlExtractor.IsCodeUrl) ? PaperFields.HasCodeYes : PaperFields.HasCodeNo,
                [.. files[p.Id].Distinct()],
                p.Categories))];
        }
    }

    private static readonly string[] FacetNames = ["topic", "year", "code", "category", "source"];

    private static Dictionary<string, int> Expected(IEnumerable<Row> rows, string facet) =>
        rows.SelectMany(r => r.Values(facet)).GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static Dictionary<string, int> Actual(SearchResponse response, string facet) =>
        response.Facet(facet)!.Values.Where(v => v.Count > 0).ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal);

    private static void AssertCounts(IEnumerable<Row> rows, SearchResponse response, string facet)
    {
        var expected = Expected(rows, facet);
        var actual = Actual(response, facet);
        Assert.True(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(actual.OrderBy(kv => kv.Key, StringComparer.Ordinal)),
            $"facet {facet}: expected {Show(expected)} but got {Show(actual)}");
    }

    private static string Show(Dictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>Every paper a request finds, paging through all of them.</summary>
    private async Task<HashSet<int>> AllIdsAsync(SearchRequest request)
    {
        var ids = new HashSet<int>();
        for (var page = 1; ; page++)
        {
            var r = await corpus.Library.SearchAsync(request with { Page = page, Size = SearchRequest.MaxSize });
            foreach (var hit in r.Hits) Assert.True(ids.Add(hit.Id), $"paper {hit.Id} came back twice");
            if (r.Hits.Count < SearchRequest.MaxSize) break;
        }
        return ids;
    }

    [Fact]
    public void The_index_under_test_has_several_segments()
    {
        using var lease = corpus.Library.Index.Acquire();
        Assert.True(lease.Searcher.IndexReader.Leaves.Count > 1);
    }

    [Fact]
    public async Task Without_query_or_filters_every_facet_counts_the_whole_library()
    {
        var rows = corpus.Rows;
        var r = await corpus.Library.SearchAsync(new SearchRequest { Size = 1 });
        Assert.Equal(rows.Count, r.Total);
        foreach (var facet in FacetNames) AssertCounts(rows, r, facet);
        // Sanity of the library itself: every facet has more than one value to choose from.
        foreach (var facet in FacetNames) Assert.True(Expected(rows, facet).Count > 1, $"facet {facet} has too few values to test");
    }

    [Theory]
    [InlineData("neural networks")]
    [InlineData("diffusion")]
    [InlineData("learning -graph")]
    public async Task With_a_query_facets_count_exactly_the_papers_found(string query)
    {
        var found = await AllIdsAsync(new SearchRequest { Query = query });
        Assert.NotEmpty(found);
        var rows = corpus.Rows.Where(r => found.Contains(r.Id)).ToList();
        var r = await corpus.Library.SearchAsync(new SearchRequest { Query = query, Size = 1 });
        Assert.Equal(found.Count, r.Total);
        foreach (var facet in FacetNames) AssertCounts(rows, r, facet);
    }

    [Fact]
    public async Task Values_within_a_facet_are_ored_and_facets_are_anded()
    {
        var rows = corpus.Rows;
        var (t1, t2, year) = PickSelection(rows);
        bool HasTopic(Row r, params string[] topics) => r.Topics.Intersect(topics).Any();

        var one = await corpus.Library.SearchAsync(new SearchRequest { Topics = [t1], Size = 1 });
        var two = await corpus.Library.SearchAsync(new SearchRequest { Topics = [t1, t2], Size = 1 });
        Assert.Equal(rows.Count(r => HasTopic(r, t1)), one.Total);
        Assert.Equal(rows.Count(r => HasTopic(r, t1, t2)), two.Total);
        Assert.True(two.Total > one.Total, "two topics should find more than one (OR)");

        var andYear = await corpus.Library.SearchAsync(new SearchRequest { Topics = [t1], YearFrom = year, YearTo = year, Size = 1 });
        Assert.Equal(rows.Count(r => HasTopic(r, t1) && r.Year == year.ToString(CultureInfo.InvariantCulture)), andYear.Total);
        Assert.True(andYear.Total < one.Total, "a year on top of a topic should find fewer (AND)");

        var found = await AllIdsAsync(new SearchRequest { Topics = [t1, t2], YearFrom = year, YearTo = year });
        var expected = rows.Where(r => HasTopic(r, t1, t2) && r.Year == year.ToString(CultureInfo.InvariantCulture)).Select(r => r.Id).ToHashSet();
        Assert.Equal(expected.Order(), found.Order());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("neural")]
    public async Task Drill_sideways_each_facet_counts_as_if_its_own_selection_were_not_made(string? query)
    {
        var found = query is null ? null : await AllIdsAsync(new SearchRequest { Query = query });
        var matched = found is null ? corpus.Rows : corpus.Rows.Where(r => found.Contains(r.Id)).ToList();
        var (t1, t2, year) = PickSelection(matched);
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var request = new SearchRequest { Query = query, Topics = [t1, t2], YearFrom = year, YearTo = year, Size = 5 };
        var r = await corpus.Library.SearchAsync(request);

        bool TopicOk(Row row) => row.Topics.Contains(t1) || row.Topics.Contains(t2);
        bool YearOk(Row row) => row.Year == yearText;
        var hits = matched.Where(row => TopicOk(row) && YearOk(row)).ToList();
        Assert.Equal(hits.Count, r.Total);
        Assert.NotEmpty(hits);

        // The topic facet: counted with the year filter but without the topic filter.
        AssertCounts(matched.Where(YearOk), r, "topic");
        // The year facet: counted with the topic filter but without the year filter.
        AssertCounts(matched.Where(TopicOk), r, "year");
        // Facets with nothing selected count the hits.
        foreach (var facet in new[] { "code", "category", "source" }) AssertCounts(hits, r, facet);

        // The drill-sideways counts really differ from the hits' own counts (or the test would prove nothing).
        Assert.NotEqual(Expected(hits, "topic").Values.Sum(), Expected(matched.Where(YearOk), "topic").Values.Sum());
        Assert.NotEqual(Expected(hits, "year").Values.Sum(), Expected(matched.Where(TopicOk), "year").Values.Sum());

        // Selected values are flagged, and only they.
        var topicFacet = r.Facet("topic")!;
        Assert.Equal(new[] { t1, t2 }.Order(StringComparer.Ordinal), topicFacet.Values.Where(v => v.Selected).Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.Equal(yearText, Assert.Single(r.Facet("year")!.Values, v => v.Selected).Value);
    }

    [Fact]
    public async Task A_year_range_filters_and_counts_inclusively()
    {
        var rows = corpus.Rows;
        var years = rows.Where(r => r.Year is not null).Select(r => int.Parse(r.Year!, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        Assert.True(years.Count >= 3);
        int from = years[1], to = years[^2];
        var r = await corpus.Library.SearchAsync(new SearchRequest { YearFrom = from, YearTo = to, Size = 1 });
        bool InRange(Row row) => row.Year is { } y && int.Parse(y, CultureInfo.InvariantCulture) is var n && n >= from && n <= to;
        Assert.Equal(rows.Count(InRange), r.Total);
        AssertCounts(rows, r, "year"); // drill-sideways: the year facet ignores its own range
        AssertCounts(rows.Where(InRange), r, "topic");
        Assert.All(r.Facet("year")!.Values, v => Assert.Equal(int.Parse(v.Value, CultureInfo.InvariantCulture) is var n && n >= from && n <= to, v.Selected));
    }

    [Fact]
    public async Task Code_category_and_source_filters_match_the_brute_force_count()
    {
        var rows = corpus.Rows;
        var category = Expected(rows, "category").OrderByDescending(kv => kv.Value).First().Key;
        var source = Expected(rows, "source").OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;

        var withCode = await corpus.Library.SearchAsync(new SearchRequest { Code = [PaperFields.HasCodeYes], Size = 1 });
        Assert.Equal(rows.Count(r => r.Code == PaperFields.HasCodeYes), withCode.Total);
        AssertCounts(rows, withCode, "code");

        var inCategory = await corpus.Library.SearchAsync(new SearchRequest { Categories = [category], Code = [PaperFields.HasCodeYes], Size = 1 });
        Assert.Equal(rows.Count(r => r.Categories.Contains(category) && r.Code == PaperFields.HasCodeYes), inCategory.Total);
        AssertCounts(rows.Where(r => r.Code == PaperFields.HasCodeYes), inCategory, "category");
        AssertCounts(rows.Where(r => r.Categories.Contains(category)), inCategory, "code");

        var fromSource = await corpus.Library.SearchAsync(new SearchRequest { Sources = [source], Size = 1 });
        Assert.Equal(rows.Count(r => r.Sources.Contains(source)), fromSource.Total);
        AssertCounts(rows.Where(r => r.Sources.Contains(source)), fromSource, "topic");
    }

    [Fact]
    public async Task A_selected_value_no_paper_has_finds_nothing_but_still_counts_the_others()
    {
        var rows = corpus.Rows;
        var r = await corpus.Library.SearchAsync(new SearchRequest { Topics = ["No Such Topic"], Size = 1 });
        Assert.Equal(0, r.Total);
        Assert.Empty(r.Hits);
        AssertCounts(rows, r, "topic"); // drill-sideways: the other topics keep their counts
    }

    /// <summary>
    /// Two topics and a year chosen from the data so the drill-sideways counts differ from plain
    /// counts: the year with the most papers, and the two most common topics among that year's papers.
    /// </summary>
    private static (string Topic1, string Topic2, int Year) PickSelection(IReadOnlyList<Row> rows)
    {
        var year = rows.Where(r => r.Year is not null).GroupBy(r => r.Year!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var topics = rows.Where(r => r.Year == year).SelectMany(r => r.Topics).GroupBy(t => t)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(2).ToList();
        Assert.Equal(2, topics.Count);
        return (topics[0], topics[1], int.Parse(year, CultureInfo.InvariantCulture));
    }
}
