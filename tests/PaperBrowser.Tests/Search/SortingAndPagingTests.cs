using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// Sort orders and paging over a capture written with ties everywhere: equal scores, equal dates,
/// equal upvotes, missing dates and dates without a year. Expected orders are computed in C#
/// from the rows in the database.
/// </summary>
public sealed class SortingAndPagingTests(SortingAndPagingTests.Corpus corpus) : IClassFixture<SortingAndPagingTests.Corpus>
{
    private static readonly string[] Words =
    [
        "Quartz", "amber", "Basalt", "zircon", "Cobalt", "garnet", "Dolomite", "feldspar", "Epidote", "mica", "Hematite", "jade", "Ilmenite",
        "kyanite", "Lazurite", "obsidian", "Nepheline", "pyrite", "Olivine", "rutile", "Spinel", "talc", "Topaz", "umber", "Vesuvianite",
        "wollastonite", "Xenotime", "yttrium",
    ];

    public const int Count = 28;

    /// <summary>Papers whose abstract says "lattice" twice: they outrank the others for "lattice", and tie among themselves.</summary>
    public static bool Strong(int i) => i % 3 == 0;

    public static CapturedPaper Make(int i)
    {
        var word = Words[i];
        var lattice = Strong(i) ? "lattice lattice" : "lattice crystal";
        var @abstract = $"We model {word} as a {lattice} structure and measure its response to strain under controlled conditions. " +
                        "The measurements agree with simulations across the full range of temperatures that the apparatus can reach in practice.";
        var paper = new CapturedPaper($"{word} lattice models", @abstract);
        if (i is 5 or 17) return paper; // no date (and so no upvotes)
        var date = new DateOnly(2020 + i % 4, 1 + (i * 5) % 12, 1 + i % 3);
        return paper with { Date = date, Upvotes = (i * 13) % 7, WithoutYear = i is 8 or 21 };
    }

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;
        public List<Paper> Rows { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Library = new SearchLibrary();
            var summary = await Library.ImportAsync(Enumerable.Range(0, Count).Select(Make));
            Assert.Equal(Count, summary.NewPapers);
            await Library.RebuildAsync();
            Rows = await Library.AllPapersAsync();
        }

        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    private bool IsStrong(Paper p) => Strong(Array.IndexOf(Words, p.Title.Split(' ')[0]));

    private async Task<List<int>> Ids(SearchRequest request) =>
        [.. (await corpus.Library.SearchAsync(request with { Size = SearchRequest.MaxSize })).Hits.Select(h => h.Id)];

    [Fact]
    public void The_capture_was_read_with_its_ties_and_gaps()
    {
        var rows = corpus.Rows;
        Assert.Equal(Count, rows.Count);
        Assert.Contains(rows, r => r.Published.IsEmpty);
        Assert.Contains(rows, r => r.Published is { Year: null, Month: not null });
        Assert.Contains(rows.GroupBy(r => r.Published.SortKey), g => g.Count() > 1 && g.Key > 0);
        Assert.Contains(rows.GroupBy(r => r.Upvotes), g => g.Count() > 1 && g.Key is not null);
    }

    [Fact]
    public async Task Relevance_orders_by_score_and_breaks_ties_by_id()
    {
        var r = await corpus.Library.SearchAsync(new SearchRequest { Query = "lattice", Size = SearchRequest.MaxSize });
        Assert.Equal(Count, r.Total);
        var hits = r.Hits;
        for (var i = 1; i < hits.Count; i++)
        {
            Assert.True(hits[i - 1].Score >= hits[i].Score, $"scores out of order at {i}");
            if (hits[i - 1].Score == hits[i].Score)
                Assert.True(hits[i - 1].Id < hits[i].Id, $"tie at {i} not broken by id");
        }
        // The data has two score levels: every strong paper first, each level in id order.
        var expected = corpus.Rows.OrderByDescending(IsStrong).ThenBy(p => p.Id).Select(p => p.Id);
        Assert.Equal(expected, hits.Select(h => h.Id));
        Assert.Equal(2, hits.Select(h => h.Score).Distinct().Count());

        // The same request gives the same order every time.
        Assert.Equal(hits.Select(h => h.Id), await Ids(new SearchRequest { Query = "lattice" }));
    }

    [Fact]
    public async Task Newest_puts_recent_papers_first_and_papers_without_a_date_last()
    {
        var expected = corpus.Rows.OrderByDescending(p => p.Published.SortKey).ThenByDescending(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(expected, await Ids(new SearchRequest { Sort = SearchSort.Newest }));
        Assert.Equal(expected, await Ids(new SearchRequest { Query = "lattice", Sort = SearchSort.Newest }));
        // Without a query, newest is the default.
        Assert.Equal(expected, await Ids(new SearchRequest()));
        var last = corpus.Rows.Single(p => p.Id == expected[^1]);
        Assert.True(last.Published.IsEmpty);
    }

    [Fact]
    public async Task Oldest_puts_old_papers_first_with_ties_by_id()
    {
        var expected = corpus.Rows.OrderBy(p => p.Published.SortKey).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(expected, await Ids(new SearchRequest { Sort = SearchSort.Oldest }));
        Assert.Equal(expected, await Ids(new SearchRequest { Query = "lattice", Sort = SearchSort.Oldest }));
    }

    [Fact]
    public async Task Upvotes_puts_popular_papers_first_then_relevance_then_id()
    {
        var withoutQuery = corpus.Rows.OrderByDescending(p => p.Upvotes ?? 0).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(withoutQuery, await Ids(new SearchRequest { Sort = SearchSort.Upvotes }));

        var withQuery = corpus.Rows.OrderByDescending(p => p.Upvotes ?? 0).ThenByDescending(IsStrong).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(withQuery, await Ids(new SearchRequest { Query = "lattice", Sort = SearchSort.Upvotes }));
    }

    [Fact]
    public async Task Title_sorts_alphabetically_ignoring_case()
    {
        var expected = corpus.Rows.OrderBy(p => p.Title.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(expected, await Ids(new SearchRequest { Sort = SearchSort.Title }));
        Assert.Equal(expected, await Ids(new SearchRequest { Query = "lattice", Sort = SearchSort.Title }));
        // Case is ignored: "amber" comes before "Basalt".
        var titles = (await corpus.Library.SearchAsync(new SearchRequest { Sort = SearchSort.Title, Size = 2 })).Hits.Select(h => h.Title).ToList();
        Assert.Equal(["amber lattice models", "Basalt lattice models"], titles);
    }

    [Theory]
    [InlineData(null, SearchSort.Relevance)]
    [InlineData("lattice", SearchSort.Relevance)]
    [InlineData("lattice", SearchSort.Newest)]
    [InlineData(null, SearchSort.Oldest)]
    [InlineData("lattice", SearchSort.Upvotes)]
    [InlineData(null, SearchSort.Title)]
    public async Task Pages_do_not_overlap_and_together_give_the_whole_list(string? query, SearchSort sort)
    {
        var all = await Ids(new SearchRequest { Query = query, Sort = sort });
        Assert.Equal(Count, all.Count);

        const int size = 5;
        var paged = new List<int>();
        var pageCount = 0;
        for (var page = 1; page <= 10; page++)
        {
            var r = await corpus.Library.SearchAsync(new SearchRequest { Query = query, Sort = sort, Page = page, Size = size });
            Assert.Equal(Count, r.Total); // the total does not depend on the page
            Assert.Equal(page, r.Page);
            Assert.Equal((Count + size - 1) / size, r.PageCount);
            if (r.Hits.Count == 0) break;
            pageCount++;
            Assert.True(r.Hits.Count == size || page == r.PageCount, $"page {page} is short");
            paged.AddRange(r.Hits.Select(h => h.Id));
        }
        Assert.Equal((Count + size - 1) / size, pageCount);
        Assert.Equal(all, paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_but_keeps_the_total()
    {
        var r = await corpus.Library.SearchAsync(new SearchRequest { Query = "lattice", Page = 50, Size = 10 });
        Assert.Empty(r.Hits);
        Assert.Equal(Count, r.Total);
        Assert.NotEmpty(r.Facets.Single(f => f.Name == "topic").Values.Concat(r.Facets.Single(f => f.Name == "year").Values));
    }

    [Fact]
    public async Task Paging_depth_and_size_are_clamped_not_failed()
    {
        var deep = await corpus.Library.SearchAsync(new SearchRequest { Page = 1_000_000, Size = SearchRequest.MaxSize });
        Assert.Equal(SearchRequest.MaxDepth / SearchRequest.MaxSize, deep.Page);
        Assert.Empty(deep.Hits);

        var huge = await corpus.Library.SearchAsync(new SearchRequest { Size = 100_000 });
        Assert.Equal(SearchRequest.MaxSize, huge.Size);
        Assert.Equal(Count, huge.Hits.Count);

        var negative = await corpus.Library.SearchAsync(new SearchRequest { Page = -3, Size = -1 });
        Assert.Equal(1, negative.Page);
        Assert.Equal(1, negative.Size);
        Assert.Single(negative.Hits);
    }

    [Fact]
    public async Task Deep_pages_work_in_a_larger_library()
    {
        using var library = new SearchLibrary();
        var papers = Enumerable.Range(0, 450).Select(i => new CraftedPaper($"Granite sample number {i}",
            $"Granite sample {i} was collected at site {i % 17} and dated with several methods for this study.")).ToList();
        await library.ImportAsync(papers);
        await library.RebuildAsync();

        var seen = new HashSet<int>();
        var last = await library.SearchAsync(new SearchRequest { Query = "granite", Page = 23, Size = 20 });
        Assert.Equal(450, last.Total);
        Assert.Equal(10, last.Hits.Count); // 22 full pages, then 10
        var previous = await library.SearchAsync(new SearchRequest { Query = "granite", Page = 22, Size = 20 });
        Assert.Equal(20, previous.Hits.Count);
        Assert.Empty(last.Hits.Select(h => h.Id).Intersect(previous.Hits.Select(h => h.Id)));
        // Every paper once over all pages (no query: no highlighting, so this stays quick).
        for (var page = 1; page <= 5; page++)
            foreach (var hit in (await library.SearchAsync(new SearchRequest { Page = page, Size = 100 })).Hits)
                Assert.True(seen.Add(hit.Id));
        Assert.Equal(450, seen.Count);
    }

    [Fact]
    public async Task Browsing_by_date_skips_replaced_documents_and_spans_segments()
    {
        using var library = new SearchLibrary();
        var papers = Enumerable.Range(0, 240).Select(i => new CraftedPaper($"Basalt core {i}", $"Basalt core {i} from borehole {i % 9} was logged in detail.")
        {
            Date = i % 10 == 0 ? null : new DateOnly(2010 + i % 15, 1 + i % 12, 1 + i % 27),
        }).ToList();
        await library.ImportAsync(papers);
        await library.RebuildAsync();
        // Re-indexing some papers leaves their old documents deleted in the first segment and adds a second one.
        var all = await library.AllPapersAsync();
        await library.IndexWriter.UpdateAsync([.. all.Where(p => p.Id % 3 == 0).Select(p => p.Id)]);
        library.Index.RefreshNow();
        using (var lease = library.Index.Acquire())
        {
            Assert.True(lease.Searcher.IndexReader.Leaves.Count > 1);
            Assert.True(lease.Searcher.IndexReader.HasDeletions);
        }

        async Task<List<int>> Browse(SearchSort sort)
        {
            var ids = new List<int>();
            for (var page = 1; ; page++)
            {
                var r = await library.SearchAsync(new SearchRequest { Sort = sort, Page = page, Size = 50 });
                Assert.Equal(240, r.Total);
                ids.AddRange(r.Hits.Select(h => h.Id));
                if (r.Hits.Count < 50) break;
            }
            return ids;
        }

        var newest = all.OrderByDescending(p => p.Published.SortKey).ThenByDescending(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(newest, await Browse(SearchSort.Newest));
        var oldest = all.OrderBy(p => p.Published.SortKey).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        Assert.Equal(oldest, await Browse(SearchSort.Oldest));
    }
}
