using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Lucene.Net.Index;
using PaperBrowser.Papers;
using PaperBrowser.Tests.TestSupport;
using Xunit.Abstractions;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// A small judged set over the bundled samples: for each query, the paper(s) a person means, picked
/// by reading the samples. Our ranking must put them in the top 3, and over the whole set it must
/// beat a plain BM25 baseline (StandardAnalyzer over title and abstract, OR of the words).
/// </summary>
public sealed class JudgedRankingTests(SampleLibraryFixture samples, ITestOutputHelper output) : IClassFixture<SampleLibraryFixture>
{
    /// <summary>Query, kind, and the start of the titles that must be in the top 3.</summary>
    public static readonly (string Query, string Kind, string[] Relevant)[] Judgements =
    [
        ("forward learning graph neural networks", "title words", ["Forward Learning of Graph Neural Networks"]),
        ("how to train networks without backpropagation", "question", ["NoProp: Training Neural Networks without Back-propagation"]),
        ("spiking transformer", "keywords", ["SpikeGPT: Generative Pre-trained Language Model with Spiking"]),
        ("medical image segmentation with SAM", "keywords", ["SAM-UNet:Enhancing Zero-Shot Segmentation"]),
        ("mixture of experts temperature", "keywords", ["Is Temperature Sample Efficient for Softmax Gaussian Mixture of Experts?"]),
        ("LLM compression", "acronym", ["FoldGPT: Simple and Effective Large Language Model Compression"]),
        ("GNN recommendation", "acronym", ["How Expressive are Graph Neural Networks in Recommendation?"]),
        ("PINNs failure modes", "acronym", ["Lagrangian PINNs"]),
        ("NTK convergence", "acronym", ["Neural Tangent Kernel: Convergence and Generalization"]),
        ("accelerating difusion models", "typo", ["DeepCache: Accelerating Diffusion Models for Free"]),
        ("lotery ticket pruning", "typo", ["Proving the Lottery Ticket Hypothesis: Pruning is All You Need"]),
        ("what makes a single layer transformer a universal approximator", "question", ["Universal Approximation Theorem for a Single-Layer Transformer"]),
        ("Rethinking the Value of Network Pruning", "title", ["Rethinking the Value of Network Pruning"]),
        ("Scalable Neural Network Kernels", "title", ["Scalable Neural Network Kernels"]),
        ("nnU-Net", "technical term", ["Extending nnU-Net is all you need", "nnU-Net Revisited"]),
        ("FP8 LLM training", "technical term", ["μnit Scaling: Simple and Scalable FP8 LLM Training"]),
        ("S2FT", "technical term", ["S$^{2}$FT: Efficient, Scalable and Generalizable LLM Fine-tuning"]),
        ("x-LoRA protein", "technical term", ["X-LoRA: Mixture of Low-Rank Adapter Experts"]),
        ("physics-informed mixture of experts", "technical term", ["Scaling physics-informed hard constraints with mixture-of-experts"]),
        ("SNN continual learning", "acronym", ["Hebbian Learning based Orthogonal Projection for Continual Learning of Spiking Neural Networks"]),
        ("backpropogation free physical neural networks", "typo", ["Backpropagation-free Training of Deep Physical Neural Networks"]),
    ];

    private async Task<List<Paper>> PapersAsync() => await samples.Library.AllPapersAsync();

    private static int RankOf(IReadOnlyList<string> rankedTitles, string[] relevant)
    {
        for (var i = 0; i < rankedTitles.Count; i++)
            if (relevant.Any(r => rankedTitles[i].StartsWith(r, StringComparison.Ordinal))) return i + 1;
        return 0;
    }

    private async Task<List<string>> OursAsync(string query) =>
        [.. (await samples.Library.SearchAsync(query, size: 10)).Hits.Select(h => h.Title)];

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Judgements.Length)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_papers_meant_are_in_the_top_three(int index)
    {
        var (query, kind, relevant) = Judgements[index];
        var papers = await PapersAsync();
        foreach (var title in relevant)
            Assert.Single(papers, p => p.Title.StartsWith(title, StringComparison.Ordinal)); // the judgement names a real paper

        var top = (await OursAsync(query)).Take(3).ToList();
        foreach (var title in relevant)
            Assert.True(top.Any(t => t.StartsWith(title, StringComparison.Ordinal)),
                $"[{kind}] \"{query}\": expected \"{title}\" in the top 3, got: {string.Join(" | ", top)}");
    }

    [Fact]
    public async Task Our_ranking_beats_plain_bm25_on_mean_reciprocal_rank()
    {
        var papers = await PapersAsync();
        using var baseline = new Bm25Baseline(papers);

        double ours = 0, plain = 0;
        foreach (var (query, kind, relevant) in Judgements)
        {
            var ourRank = RankOf(await OursAsync(query), relevant);
            var plainRank = RankOf(baseline.Search(query, 10), relevant);
            ours += ourRank == 0 ? 0 : 1.0 / ourRank;
            plain += plainRank == 0 ? 0 : 1.0 / plainRank;
            output.WriteLine($"{kind,-15} {query,-65} ours {ourRank,2}  bm25 {plainRank,2}");
        }
        ours /= Judgements.Length;
        plain /= Judgements.Length;
        output.WriteLine($"MRR ours {ours:0.000}  bm25 {plain:0.000}");

        Assert.True(ours > plain, $"MRR ours {ours:0.000} is not above plain BM25 {plain:0.000}");
        Assert.True(ours >= 0.9, $"MRR ours {ours:0.000}");
    }

    /// <summary>Plain Lucene: StandardAnalyzer, BM25Similarity, title and abstract, words ORed.</summary>
    private sealed class Bm25Baseline : IDisposable
    {
        private readonly RAMDirectory _directory = new();
        private readonly StandardAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);
        private readonly DirectoryReader _reader;
        private readonly IndexSearcher _searcher;

        public Bm25Baseline(IEnumerable<Paper> papers)
        {
            using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer) { Similarity = new BM25Similarity() }))
            {
                foreach (var paper in papers)
                    writer.AddDocument(new Document
                    {
                        new StoredField("title_stored", paper.Title),
                        new TextField("title", paper.Title, Field.Store.NO),
                        new TextField("abstract", paper.Abstract, Field.Store.NO),
                    });
                writer.Commit();
            }
            _reader = DirectoryReader.Open(_directory);
            _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        }

        public List<string> Search(string query, int n)
        {
            var parser = new MultiFieldQueryParser(LuceneVersion.LUCENE_48, ["title", "abstract"], _analyzer) { DefaultOperator = Operator.OR };
            var parsed = parser.Parse(QueryParserBase.Escape(query));
            return [.. _searcher.Search(parsed, n).ScoreDocs.Select(sd => _searcher.Doc(sd.Doc).Get("title_stored"))];
        }

        public void Dispose()
        {
            _reader.Dispose();
            _directory.Dispose();
            _analyzer.Dispose();
        }
    }
}
