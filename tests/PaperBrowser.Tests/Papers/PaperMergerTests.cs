using PaperBrowser.Papers;

namespace PaperBrowser.Tests.PapersModel;

public class PaperMergerTests
{
    private static PaperSource Source(string file, int position, string @abstract, int? authors = null, PartialDate? published = null,
        int? upvotes = null, string title = "A Paper") => new()
    {
        FileName = file,
        Position = position,
        Title = title,
        Abstract = @abstract,
        AuthorCount = authors,
        Published = published ?? new PartialDate(),
        Upvotes = upvotes,
        ContentHash = "x",
    };

    private static Paper EmptyPaper() => new() { NormalizedTitle = "apaper", Title = "", Abstract = "" };

    [Fact]
    public void Longest_abstract_wins_and_every_known_field_is_kept()
    {
        var paper = EmptyPaper();
        PaperSource[] sources =
        [
            Source("a.txt", 1, "Short abstract.", authors: 3, published: new PartialDate { Month = 9, Day = 25 }, upvotes: 4, title: "Short Copy"),
            Source("b.txt", 7, "A much longer abstract that links https://github.com/org/repo.", title: "Long Copy"),
            Source("c.txt", 2, "Medium abstract here.", published: new PartialDate { Year = 2024, Month = 9, Day = 25 }, upvotes: 9),
        ];

        var changed = PaperMerger.Apply(paper, sources);

        Assert.True(changed);
        Assert.Equal("Long Copy", paper.Title);
        Assert.Equal(sources[1].Abstract, paper.Abstract);
        Assert.Equal(3, paper.AuthorCount);
        Assert.Equal(new PartialDate { Year = 2024, Month = 9, Day = 25 }, paper.Published);
        Assert.Equal(9, paper.Upvotes);
        Assert.Equal(["https://github.com/org/repo"], paper.Urls);
    }

    [Fact]
    public void Result_does_not_depend_on_the_order_of_the_sources()
    {
        PaperSource[] sources =
        [
            Source("b.txt", 1, "Same length one.", authors: 2),
            Source("a.txt", 5, "Same length two.", published: new PartialDate { Month = 3, Day = 1 }),
            Source("a.txt", 2, "Same length 3!!.", upvotes: 1),
        ];
        var forward = EmptyPaper();
        var backward = EmptyPaper();

        PaperMerger.Apply(forward, sources);
        PaperMerger.Apply(backward, sources.Reverse().ToList());

        Assert.Equal(
            (forward.Title, forward.Abstract, forward.AuthorCount, forward.Published, forward.Upvotes),
            (backward.Title, backward.Abstract, backward.AuthorCount, backward.Published, backward.Upvotes));
        // Ties on length go to the first file by name, then the first position.
        Assert.Equal("Same length 3!!.", forward.Abstract);
    }

    [Fact]
    public void Applying_the_same_sources_again_reports_no_change()
    {
        var paper = EmptyPaper();
        PaperSource[] sources = [Source("a.txt", 1, "An abstract with https://a.io/x.", authors: 2)];

        Assert.True(PaperMerger.Apply(paper, sources));
        Assert.False(PaperMerger.Apply(paper, sources));
    }

    [Fact]
    public void A_paper_with_no_sources_keeps_its_data()
    {
        var paper = new Paper { NormalizedTitle = "kept", Title = "Kept", Abstract = "Kept abstract.", AuthorCount = 5 };

        Assert.False(PaperMerger.Apply(paper, []));
        Assert.Equal(("Kept", "Kept abstract.", 5), (paper.Title, paper.Abstract, paper.AuthorCount));
    }

    [Fact]
    public void Author_names_count_as_authors_and_a_partial_date_is_never_completed()
    {
        var paper = EmptyPaper();
        var named = Source("a.json", 1, "Abstract.");
        named.Authors = ["Ada Lovelace", "Alan Turing"];

        PaperMerger.Apply(paper, [named, Source("b.txt", 1, "Abstract!", published: new PartialDate { Month = 5, Day = 24 })]);

        Assert.Equal(2, paper.AuthorCount);
        Assert.Equal(["Ada Lovelace", "Alan Turing"], paper.Authors);
        Assert.Null(paper.Published.Year);
        Assert.Equal(5, paper.Published.Month);
    }
}
