using Lucene.Net.Search.Similarities;

namespace PaperBrowser.Search.Indexing;

/// <summary>
/// BM25 with a coordination factor: a paper that matches more of the query's words scores higher,
/// so papers holding all the words rank above those holding some (Lucene's BM25 has none).
/// Tuned for short texts: abstracts vary little in length, so length normalisation is softened.
/// </summary>
public sealed class PaperSimilarity() : BM25Similarity(k1: 1.2f, b: 0.6f)
{
    public override float Coord(int overlap, int maxOverlap) =>
        maxOverlap <= 1 ? 1f : MathF.Pow((float)overlap / maxOverlap, 2);
}
