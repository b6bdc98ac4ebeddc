using System.Runtime.ExceptionServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace PaperBrowser.Search;

/// <summary>
/// Runs one query over groups of index segments at once, one group per core, each with its own collector.
/// A query with a few common words visits hundreds of thousands of papers in a million-paper index and
/// that visit is one thread's work per segment; on an idle machine two cores halve the wait. Each group's
/// collector sees only its segments, so the caller merges them (TopDocs.Merge, summed facet counts).
/// </summary>
public static class SlicedSearch
{
    /// <summary>Below this many documents a query takes a few milliseconds and handing work to another thread costs more than it saves.</summary>
    public const int DefaultMinDocsToSplit = 50_000;

    /// <summary>
    /// The reader's segments in at most <paramref name="maxSlices"/> groups of about the same number of documents
    /// (the largest segment first, each to the lightest group), or one group with every segment when the index is small.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<AtomicReaderContext>> Slices(IndexReader reader, int maxSlices, int minDocsToSplit = DefaultMinDocsToSplit)
    {
        var leaves = reader.Leaves;
        var count = Math.Min(maxSlices, leaves.Count);
        if (count <= 1 || reader.MaxDoc < minDocsToSplit) return [leaves.ToList()];

        var slices = new List<AtomicReaderContext>[count];
        var sizes = new long[count];
        for (var i = 0; i < count; i++) slices[i] = [];
        foreach (var leaf in leaves.OrderByDescending(l => l.AtomicReader.MaxDoc).ThenBy(l => l.Ord))
        {
            var lightest = Array.IndexOf(sizes, sizes.Min());
            slices[lightest].Add(leaf);
            sizes[lightest] += leaf.AtomicReader.MaxDoc;
        }
        // Within a group, segments in index order: the order a single-threaded search would visit them.
        foreach (var slice in slices) slice.Sort((a, b) => a.Ord.CompareTo(b.Ord));
        return slices;
    }

    /// <summary>
    /// Scores <paramref name="query"/> over each slice with a collector of its own (made by <paramref name="collectorFor"/>
    /// from the slice's index) and returns the collectors, one per slice, in slice order.
    /// </summary>
    public static TCollector[] Search<TCollector>(IndexSearcher searcher, Query query,
        IReadOnlyList<IReadOnlyList<AtomicReaderContext>> slices, Func<int, TCollector> collectorFor)
        where TCollector : ICollector
    {
        // One weight for all slices: term statistics and the query norm are the whole index's, so a paper's
        // score is the same whichever slice finds it and the slices' top hits can be merged by score.
        var weight = searcher.CreateNormalizedWeight(query);
        var collectors = new TCollector[slices.Count];
        for (var i = 0; i < slices.Count; i++) collectors[i] = collectorFor(i);
        RunSlices(weight, slices, collectors);
        return collectors;
    }

    /// <summary>The top <paramref name="count"/> hits in <paramref name="sort"/> order, found one slice per core and merged.</summary>
    public static TopDocs Top(IndexSearcher searcher, Query query, int count, Sort sort, bool trackScores = true) =>
        Top(searcher, query, Slices(searcher.IndexReader, Environment.ProcessorCount), 0, count, sort, trackScores);

    public static TopDocs Top(IndexSearcher searcher, Query query, IReadOnlyList<IReadOnlyList<AtomicReaderContext>> slices,
        int start, int count, Sort sort, bool trackScores = true)
    {
        var weight = searcher.CreateNormalizedWeight(query);
        // As IndexSearcher does: a collector that expects documents in order (cheaper) unless the scorer can't give them so.
        var collectors = new TopFieldCollector[slices.Count];
        for (var i = 0; i < collectors.Length; i++)
            collectors[i] = NewTopCollector(sort, start + count, trackScores, docsInOrder: !weight.ScoresDocsOutOfOrder);
        RunSlices(weight, slices, collectors);
        return Merge(sort, start, count, collectors);
    }

    private static void RunSlices<TCollector>(Weight weight, IReadOnlyList<IReadOnlyList<AtomicReaderContext>> slices, TCollector[] collectors)
        where TCollector : ICollector =>
        ForEachSlice(slices.Count, i => Collect(weight, slices[i], collectors[i]));

    /// <summary>Runs <paramref name="work"/> for slices 0 to <paramref name="count"/> - 1 at once, one thread each.</summary>
    public static void ForEachSlice(int count, Action<int> work)
    {
        if (count == 1)
        {
            work(0);
            return;
        }
        try
        {
            // The calling thread takes slices too, so a busy thread pool slows a search down but never stalls it.
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, work);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            // Callers see the exception a single-threaded search would have thrown.
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>A collector whose hits can be merged with other slices' (it keeps the sort values).</summary>
    public static TopFieldCollector NewTopCollector(Sort sort, int count, bool trackScores, bool docsInOrder = false) =>
        TopFieldCollector.Create(sort, Math.Max(1, count), fillFields: true, trackDocScores: trackScores,
            trackMaxScore: false, docsScoredInOrder: docsInOrder);

    /// <summary>Hits <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of the slices' merged order; the total is the sum.</summary>
    public static TopDocs Merge(Sort sort, int start, int count, IReadOnlyList<TopFieldCollector> collectors)
    {
        var shards = new TopDocs[collectors.Count];
        for (var i = 0; i < shards.Length; i++) shards[i] = collectors[i].GetTopDocs();
        return TopDocs.Merge(sort, start, count, shards);
    }

    private static void Collect(Weight weight, IReadOnlyList<AtomicReaderContext> leaves, ICollector collector)
    {
        // What IndexSearcher.Search(leaves, weight, collector) does, for a subset of the leaves.
        foreach (var leaf in leaves)
        {
            try
            {
                collector.SetNextReader(leaf);
            }
            catch (CollectionTerminatedException)
            {
                continue;
            }
            var scorer = weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, leaf.AtomicReader.LiveDocs);
            if (scorer is null) continue;
            try
            {
                scorer.Score(collector);
            }
            catch (CollectionTerminatedException)
            {
                // The collector has all it wants from this segment.
            }
        }
    }
}
