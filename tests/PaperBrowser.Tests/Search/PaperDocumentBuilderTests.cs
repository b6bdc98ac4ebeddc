using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using PaperBrowser.Papers;
using PaperBrowser.Search;
using PaperBrowser.Search.Analysis;
using PaperBrowser.Search.Indexing;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Tests.Search;

/// <summary>Write reuses each thread's field objects; every document must still hold only its own paper's values.</summary>
public sealed class PaperDocumentBuilderTests
{
    private static readonly TopicTaxonomy Topics = TopicTaxonomy.Load();

    private static Paper PaperNumber(int i) => new()
    {
        Id = i + 1,
        NormalizedTitle = $"paper{i}",
        // Every third paper is about many topics, the others about one or none, so a reused topic field would show.
        Title = i % 3 == 0 ? $"Graph neural networks for reinforcement learning with diffusion models {i}" : $"A plain study number {i}",
        Abstract = i % 3 == 0
            ? "We train graph neural networks with reinforcement learning and diffusion models on molecules."
            : $"This abstract mentions nothing in particular, item {i}.",
        Upvotes = i % 4 == 0 ? i + 10 : null,
        Published = new PartialDate { Year = 2000 + i % 20 },
        Categories = i % 2 == 0 ? ["cs.LG"] : [],
        CreatedUtc = DateTime.UnixEpoch,
        UpdatedUtc = DateTime.UnixEpoch,
    };

    [Fact]
    public void Documents_written_from_several_threads_hold_their_own_papers_values()
    {
        var builder = new PaperDocumentBuilder(Topics);
        using var analyzer = new PaperAnalyzer(indexMode: true);
        using var directory = new RAMDirectory();
        var papers = Enumerable.Range(0, 600).Select(PaperNumber).ToList();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(PaperAnalyzer.Version, analyzer)))
        {
            Parallel.ForEach(papers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, p => builder.Write(writer, p, [$"file{p.Id % 3}.txt"], replace: false));
            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Assert.Equal(papers.Count, reader.NumDocs);
        foreach (var paper in papers)
        {
            var hit = Assert.Single(searcher.Search(new TermQuery(new Term(PaperFields.Id, paper.Id.ToString(CultureInfo.InvariantCulture))), 2).ScoreDocs);
            var leaf = reader.Leaves[ReaderUtil.SubIndex(hit.Doc, reader.Leaves)];
            var doc = hit.Doc - leaf.DocBase;
            Assert.Equal(paper.Title, searcher.Doc(hit.Doc).Get(PaperFields.StoredTitle));
            Assert.Equal(paper.Id, leaf.AtomicReader.GetNumericDocValues(PaperFields.IdSort).Get(doc));
            Assert.Equal(paper.Upvotes ?? 0, leaf.AtomicReader.GetNumericDocValues(PaperFields.UpvotesSort)?.Get(doc) ?? 0);
            Assert.Equal(paper.Published.SortKey, leaf.AtomicReader.GetNumericDocValues(PaperFields.DateSort).Get(doc));
            Assert.Equal(Topics.Classify(paper.Title, paper.Abstract).Order(StringComparer.Ordinal), Values(leaf.AtomicReader, PaperFields.Topic, doc));
            Assert.Equal(paper.Categories, Values(leaf.AtomicReader, PaperFields.Category, doc));
            Assert.Equal([$"file{paper.Id % 3}"], Values(leaf.AtomicReader, PaperFields.Source, doc));
        }
        // The topic terms (related papers score them) follow the papers too, not the reused field objects.
        var manyTopics = papers.Count(p => Topics.Classify(p.Title, p.Abstract).Count > 1);
        Assert.True(manyTopics > 100);
        var topic = Topics.Classify(papers[0].Title, papers[0].Abstract)[^1];
        Assert.Equal(papers.Count(p => Topics.Classify(p.Title, p.Abstract).Contains(topic)),
            searcher.Search(new TermQuery(new Term(PaperFields.Topic, topic)), 1).TotalHits);
    }

    private static List<string> Values(AtomicReader reader, string field, int doc)
    {
        var values = new List<string>();
        if (reader.GetSortedSetDocValues(field) is not { } set) return values;
        set.SetDocument(doc);
        var scratch = new Lucene.Net.Util.BytesRef();
        long ord;
        while ((ord = set.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
        {
            set.LookupOrd(ord, scratch);
            values.Add(scratch.Utf8ToString());
        }
        return values;
    }
}
