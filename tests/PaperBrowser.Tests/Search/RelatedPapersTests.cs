using Microsoft.EntityFrameworkCore;
using PaperBrowser.Search;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>"Related papers" over the bundled samples.</summary>
public sealed class RelatedPapersTests(SampleLibraryFixture samples) : IClassFixture<SampleLibraryFixture>
{
    private const string GnnTopic = "Graph Neural Networks";

    [Fact]
    public async Task A_gnn_paper_gets_eight_related_papers_mostly_about_gnns()
    {
        var library = samples.Library;
        var id = await library.IdOfAsync("Evaluating Deep Graph Neural Networks");
        var related = await library.Search.RelatedAsync(id);

        Assert.NotNull(related);
        Assert.Equal(PaperSearchService.RelatedCount, related.Count);
        Assert.DoesNotContain(related, h => h.Id == id);
        Assert.Equal(related.Count, related.Select(h => h.Id).Distinct().Count());

        var gnn = related.Count(h => h.Topics.Contains(GnnTopic));
        Assert.True(gnn * 2 > related.Count, $"only {gnn} of {related.Count} related papers are about GNNs: " + string.Join(" | ", related.Select(h => h.Title)));
        Assert.Contains(GnnTopic, related[0].Topics);
    }

    [Fact]
    public async Task Across_all_papers_titled_about_gnns_most_related_papers_are_about_gnns()
    {
        var library = samples.Library;
        var gnnPapers = (await library.AllPapersAsync()).Where(p => library.Topics.Classify(p.Title, "").Contains(GnnTopic)).ToList();
        Assert.True(gnnPapers.Count >= 10);
        int onTopic = 0, all = 0;
        foreach (var paper in gnnPapers)
        {
            var related = await library.Search.RelatedAsync(paper.Id);
            Assert.NotNull(related);
            all += related.Count;
            onTopic += related.Count(h => h.Topics.Contains(GnnTopic));
        }
        // About 6% of the library is about GNNs; a random list would hold one GNN paper in sixteen.
        Assert.True(onTopic * 2 > all, $"{onTopic} of {all} related papers are about GNNs");
    }

    [Fact]
    public async Task Across_the_library_three_in_four_related_papers_share_a_topic_with_their_paper()
    {
        // Weighing a shared narrow topic like a few shared rare words lifted this from 69 % to 76 % on the samples.
        var library = samples.Library;
        int shared = 0, all = 0;
        foreach (var paper in await library.AllPapersAsync())
        {
            var topics = library.Topics.Classify(paper.Title, paper.Abstract).ToHashSet();
            if (topics.Count == 0) continue;
            var related = await library.Search.RelatedAsync(paper.Id);
            Assert.NotNull(related);
            all += related.Count;
            shared += related.Count(h => h.Topics.Any(topics.Contains));
        }
        Assert.True(shared >= all * 0.74, $"{shared} of {all} related papers share a topic with their paper");
    }

    [Fact]
    public async Task A_paper_on_two_topics_gets_related_papers_from_both()
    {
        // "Forward Learning of Graph Neural Networks" is about GNNs and about training without backpropagation.
        var library = samples.Library;
        var paper = (await library.AllPapersAsync()).Single(p => p.Title == "Forward Learning of Graph Neural Networks");
        var topics = library.Topics.Classify(paper.Title, paper.Abstract);
        Assert.Equal([GnnTopic, "Backpropagation-Free Learning"], topics);

        var related = await library.Search.RelatedAsync(paper.Id);
        Assert.NotNull(related);
        Assert.Equal(PaperSearchService.RelatedCount, related.Count);
        Assert.True(related.Count(h => h.Topics.Intersect(topics).Any()) >= 6, string.Join(" | ", related.Select(h => $"{h.Title} [{string.Join(", ", h.Topics)}]")));
        Assert.All(topics, t => Assert.Contains(related, h => h.Topics.Contains(t)));
    }

    [Theory]
    [InlineData("Is Temperature Sample Efficient for Softmax Gaussian Mixture of Experts?", "Mixture of Experts")]
    [InlineData("Learning Delays in Spiking Neural Networks", "Spiking Neural Networks")]
    [InlineData("nnU-Net Revisited", "Image Segmentation")]
    public async Task Related_papers_share_the_papers_topic(string title, string topic)
    {
        var library = samples.Library;
        var related = await library.Search.RelatedAsync(await library.IdOfAsync(title));
        Assert.NotNull(related);
        Assert.Equal(PaperSearchService.RelatedCount, related.Count);
        var onTopic = related.Take(3).Count(h => h.Topics.Contains(topic));
        Assert.True(onTopic >= 2, $"{onTopic} of the first 3 related papers are about {topic}: " + string.Join(" | ", related.Select(h => h.Title)));
    }

    [Fact]
    public async Task No_paper_is_ever_related_to_itself_or_listed_twice()
    {
        var library = samples.Library;
        await using var db = library.CreateDb();
        var papers = await db.Papers.AsNoTracking().Select(p => new { p.Id, p.NormalizedTitle }).ToListAsync();
        var keys = papers.ToDictionary(p => p.Id, p => p.NormalizedTitle);
        var full = 0;
        foreach (var paper in papers)
        {
            var related = await library.Search.RelatedAsync(paper.Id);
            Assert.NotNull(related);
            Assert.InRange(related.Count, 0, PaperSearchService.RelatedCount);
            Assert.DoesNotContain(related, h => h.Id == paper.Id);
            Assert.DoesNotContain(related, h => keys[h.Id] == paper.NormalizedTitle);
            Assert.Equal(related.Count, related.Select(h => h.Id).Distinct().Count());
            Assert.Equal(related.Count, related.Select(h => keys[h.Id]).Distinct().Count());
            if (related.Count == PaperSearchService.RelatedCount) full++;
        }
        // Almost every paper shares enough words with others to fill the list.
        Assert.True(full > papers.Count * 9 / 10, $"only {full} of {papers.Count} papers got a full list");
    }

    [Fact]
    public async Task An_unknown_paper_has_no_related_list()
    {
        Assert.Null(await samples.Library.Search.RelatedAsync(int.MaxValue));
        Assert.Null(await samples.Library.Search.RelatedAsync(-1));
    }

    [Fact]
    public async Task Papers_sharing_every_word_but_not_the_dedup_key_find_each_other()
    {
        // The copy check (same dedup key) must not be over-eager: two different papers with the same
        // words are each other's best match.
        using var library = await SearchLibrary.WithPapersAsync(
            new CraftedPaper("Perovskite solar cells degrade under humidity", "Perovskite absorbers degrade under humidity; encapsulation with alumina slows the degradation of perovskite cells."),
            new CraftedPaper("Humidity degradation of perovskite solar cells", "Perovskite absorbers degrade under humidity; encapsulation with alumina slows the degradation of perovskite cells."),
            new CraftedPaper("Silicon wafers thinned by etching", "Silicon wafers are thinned with alkaline etching to cut material cost in photovoltaic modules."),
            new CraftedPaper("Tandem cells of silicon and perovskite", "Tandem cells stack a perovskite absorber on silicon wafers and reach higher efficiency."));
        var first = await library.IdOfAsync("Perovskite solar cells degrade");
        var second = await library.IdOfAsync("Humidity degradation of perovskite");
        var related = await library.Search.RelatedAsync(first);
        Assert.NotNull(related);
        Assert.Equal(second, related[0].Id);
        Assert.DoesNotContain(related, h => h.Id == first);
    }
}
