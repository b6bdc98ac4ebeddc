using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Tests.Import;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.PapersModel;

/// <summary>The import writes with SQL; these tests hold it to the EF model the rest of the app reads with.</summary>
public class ImportStoreTests
{
    [Theory]
    [InlineData(typeof(Paper))]
    [InlineData(typeof(PaperSource))]
    [InlineData(typeof(ImportRun))]
    [InlineData(typeof(ImportProblem))]
    public void Store_writes_every_column_the_model_maps(Type entity)
    {
        using var lib = new TestLibrary();
        using var db = lib.CreateDb();
        var type = db.Model.FindEntityType(entity)!;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!);
        var modelColumns = type.GetProperties().Select(p => p.GetColumnName(table))
            .Concat(type.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties().Select(p => p.GetColumnName(table))))
            .Order(StringComparer.Ordinal);

        var storeColumns = entity.Name switch
        {
            nameof(Paper) => ImportStore.PaperColumns,
            nameof(PaperSource) => ImportStore.SourceColumns,
            nameof(ImportRun) => ImportStore.RunColumns,
            _ => ImportStore.ProblemColumns,
        };

        Assert.Equal(modelColumns, storeColumns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task What_the_store_writes_EF_reads_back_field_for_field()
    {
        using var lib = new TestLibrary();
        var now = new DateTime(2026, 3, 11, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        var paper = new Paper
        {
            NormalizedTitle = "poincareembeddings",
            Title = @"Poincar\'e Embeddings — “quoted” ünïcode",
            Abstract = "Line with \"quotes\", a backslash \\ and emoji 🙂.",
            AuthorCount = 2,
            Authors = ["Maximilian Nickel", "Douwe Kiela", "Ödön \"Q\" Ünal"],
            Upvotes = 12,
            Urls = ["https://github.com/facebookresearch/poincare-embeddings"],
            ArxivId = "1705.08039",
            Categories = ["cs.AI", "stat.ML"],
            Doi = "10.0/x",
            JournalRef = "NIPS 2017",
            Comments = "12 pages",
            CreatedUtc = now,
            UpdatedUtc = now.AddMinutes(1),
            Published = new PartialDate { Month = 5, Day = 22 },
        };

        await using (var connection = new SqliteConnection(lib.Options.ConnectionString))
        {
            await connection.OpenAsync();
            using var store = new ImportStore(connection);
            var runId = store.InsertRun(new ImportRun { StartedUtc = now, Files = ["a.txt"] });
            store.InsertPaper(paper);
            store.InsertSource(new PaperSource
            {
                PaperId = paper.Id, FileName = "a.txt", ListingDate = "Mar 11", Position = 3, Line = 17, Title = paper.Title,
                Abstract = paper.Abstract, AuthorCount = 2, Authors = paper.Authors, Upvotes = 12, ArxivId = paper.ArxivId,
                Categories = paper.Categories, Doi = paper.Doi, JournalRef = paper.JournalRef, Comments = paper.Comments,
                ContentHash = "ABC", ImportRunId = runId, Published = paper.Published,
            });
            store.InsertProblem(new ImportProblem { ImportRunId = runId, File = "a.txt", Line = 4, Severity = ImportProblemSeverity.Warning, Message = "m" });

            // What the store reads is what it wrote, too.
            var read = Assert.Single(store.FindPapers(["poincareembeddings"], []));
            Assert.Equal(paper.Authors, read.Authors);
            Assert.Equal(now, read.CreatedUtc);
            Assert.Equal("a.txt", Assert.Single(read.Sources).FileName);
            Assert.Equal(paper.Id, Assert.Single(store.FindPapers([], ["1705.08039"])).Id);
        }

        await using var db = lib.CreateDb();
        var stored = await db.Papers.Include(p => p.Sources).SingleAsync();
        Assert.Equal(
            (paper.NormalizedTitle, paper.Title, paper.Abstract, paper.AuthorCount, paper.Upvotes, paper.ArxivId, paper.Doi, paper.JournalRef, paper.Comments, paper.Published),
            (stored.NormalizedTitle, stored.Title, stored.Abstract, stored.AuthorCount, stored.Upvotes, stored.ArxivId, stored.Doi, stored.JournalRef, stored.Comments, stored.Published));
        Assert.Equal(paper.Authors, stored.Authors);
        Assert.Equal(paper.Urls, stored.Urls);
        Assert.Equal(paper.Categories, stored.Categories);
        Assert.Equal(now, stored.CreatedUtc);
        Assert.Equal(now.AddMinutes(1), stored.UpdatedUtc);
        var source = Assert.Single(stored.Sources);
        Assert.Equal(("Mar 11", 3, 17, "ABC"), (source.ListingDate, source.Position, source.Line, source.ContentHash));
        Assert.Equal(paper.Authors, source.Authors);
        var problem = await db.ImportProblems.SingleAsync();
        Assert.Equal((ImportProblemSeverity.Warning, 4), (problem.Severity, problem.Line));

        // EF's own queries on the dates see the same values (the search index asks "updated since").
        Assert.Equal(1, await db.Papers.CountAsync(p => p.UpdatedUtc > now));
    }

    [Fact]
    public void Lists_round_trip_through_json()
    {
        List<string> values = ["plain", "with \"quotes\"", "back\\slash", "ünïcödé 🙂", "", "<tag>&"];

        Assert.Equal(values, ImportStore.ParseStrings(ImportStore.JsonStrings(values)));
        Assert.Empty(ImportStore.ParseStrings(ImportStore.JsonStrings([])));
    }

    [Fact]
    public async Task Imported_papers_can_be_changed_through_EF_and_imported_again()
    {
        using var lib = new TestLibrary();
        var path = lib.Temp.Write("page.txt", Captures.Page("Mar 11", Captures.Entry("Mixed Access Paper", Captures.Abstract("mixed access"))));
        await lib.ImportAsync(path);

        await using (var db = lib.CreateDb())
        {
            var paper = await db.Papers.SingleAsync();
            paper.Urls.Add("https://example.org/added-by-ef");
            await db.SaveChangesAsync();
        }
        var again = await lib.ImportAsync(path);

        Assert.Equal((0, 0), (again.NewPapers, again.UpdatedPapers));
        await using var check = lib.CreateDb();
        Assert.Contains("https://example.org/added-by-ef", (await check.Papers.SingleAsync()).Urls);
    }
}
