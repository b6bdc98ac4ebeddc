using Lucene.Net.Index;
using Lucene.Net.Search;

namespace PaperBrowser.Search.Ranking;

/// <summary>The best hits by score, then paper id: pruned when the query's score can be bounded, else every match scored.</summary>
internal static class RelevanceTop
{
    public static readonly Sort Order = new(SortField.FIELD_SCORE, new SortField(PaperFields.IdSort, SortFieldType.INT64));

    /// <summary>Hits <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>, the slices searched at once.</summary>
    public static ScoreDoc[] Find(IndexSearcher searcher, Query query, IReadOnlyList<IReadOnlyList<AtomicReaderContext>> slices, int start, int count) =>
        PrunedTopSearch.For(query, searcher) is { } pruned
            ? pruned.Top(slices, start, count)
            : SlicedSearch.Top(searcher, query, slices, start, count, Order).ScoreDocs;
}
