using System.Buffers;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using PaperBrowser.Search.Facets;

namespace PaperBrowser.Search.Matching;

/// <summary>
/// A search over some segments whose matches come from a <see cref="QueryMatchSet"/> rather than from the scorer:
/// the facet counter takes each segment's set whole, and the scorer only sees the hits that pass the filters.
/// With two topics selected at a million papers that is a seventh of the matches.
/// </summary>
internal static class MatchSetSearch
{
    /// <param name="weight">The query's weight when hits need scores, else null.</param>
    /// <param name="hitsTo">Instead of scoring by <paramref name="weight"/>: what takes each segment's hits as a set.</param>
    public static void Collect(Weight? weight, QueryMatchSet matches, IReadOnlyList<AtomicReaderContext> leaves, FacetCounter counter,
        Action<AtomicReaderContext, FixedBitSet>? hitsTo = null)
    {
        foreach (var leaf in leaves)
        {
            var reader = leaf.AtomicReader;
            var words = BitSets.WordsFor(reader.MaxDoc);
            var rented = ArrayPool<long>.Shared.Rent(Math.Max(1, words));
            try
            {
                var matched = rented.AsSpan(0, words);
                var count = matches.Evaluate(leaf, matched);
                counter.CollectMatches(leaf, matched, count, weight, hitsTo);
            }
            finally
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }
}
