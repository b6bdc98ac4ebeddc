using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace PaperBrowser.Search.Facets;

/// <summary>
/// For one facet field of one segment, the documents that hold each value (by segment ordinal): a bit
/// set for a common value, a sorted list of documents for a rare one (whichever is smaller). A facet count
/// over a large match set is then a popcount of two bit sets per value instead of a doc-values read per
/// matched document: at a million papers, 30 µs per value instead of 20 ms per facet.
/// </summary>
/// <remarks>
/// Built once per segment core and kept while the segment lives, across index refreshes: a segment's doc
/// values never change (the index writer replaces documents, it never updates doc values in place).
/// Deleted documents stay in the sets; a match set never holds them, so they never count.
/// </remarks>
internal sealed class SegmentValueSets
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<SegmentValueSets?>>> Cache = new();

    private SegmentValueSets(int maxDoc, long[]?[] dense, int[]?[] sparse, string[] labels)
    {
        Words = WordsFor(maxDoc);
        Dense = dense;
        Sparse = sparse;
        Labels = labels;
        for (var ord = 0; ord < labels.Length; ord++)
        {
            if (dense[ord] is not null) DenseCount++;
            else SparseDocs += sparse[ord]!.Length;
        }
    }

    /// <summary>64-bit words of a bit set over the segment's documents.</summary>
    public int Words { get; }
    /// <summary>By segment ordinal: the documents with that value as bits, or null when <see cref="Sparse"/> holds them.</summary>
    public long[]?[] Dense { get; }
    /// <summary>By segment ordinal: the documents with that value in ascending order, or null when <see cref="Dense"/> holds them.</summary>
    public int[]?[] Sparse { get; }
    /// <summary>The segment's values by segment ordinal.</summary>
    public string[] Labels { get; }
    public int DenseCount { get; }
    public long SparseDocs { get; }

    public static int WordsFor(int maxDoc) => BitSets.WordsFor(maxDoc);

    /// <summary>The sets of <paramref name="field"/> in this segment, or null when no document of it has a value.</summary>
    public static SegmentValueSets? For(AtomicReader reader, string field)
    {
        var perField = Cache.GetValue(reader.CoreCacheKey, _ => new());
        // Lazy: two searches that reach a new segment at once build its sets once, the second waits.
        return perField.GetOrAdd(field, f => new Lazy<SegmentValueSets?>(() => Build(reader, f))).Value;
    }

    private static SegmentValueSets? Build(AtomicReader reader, string field)
    {
        var values = reader.GetSortedSetDocValues(field);
        if (values is null) return null;
        var single = DocValues.UnwrapSingleton(values);
        var maxDoc = reader.MaxDoc;
        var valueCount = checked((int)values.ValueCount);

        // Two passes over the column: how many documents hold each value, then the documents themselves.
        var docFreq = new int[valueCount];
        ForEachValue(values, single, maxDoc, (_, ord) => docFreq[ord]++);

        var words = WordsFor(maxDoc);
        var dense = new long[]?[valueCount];
        var sparse = new int[]?[valueCount];
        var filled = new int[valueCount];
        for (var ord = 0; ord < valueCount; ord++)
        {
            // A list of ints is smaller than the bit set below one document in 32.
            if ((long)docFreq[ord] * 32 >= maxDoc) dense[ord] = new long[words];
            else sparse[ord] = new int[docFreq[ord]];
        }
        ForEachValue(values, single, maxDoc, (doc, ord) =>
        {
            if (dense[ord] is { } bits) bits[doc >> 6] |= 1L << doc;
            else sparse[ord]![filled[ord]++] = doc;
        });

        var labels = new string[valueCount];
        var scratch = new BytesRef();
        for (var ord = 0; ord < valueCount; ord++)
        {
            values.LookupOrd(ord, scratch);
            labels[ord] = scratch.Utf8ToString();
        }
        return new SegmentValueSets(maxDoc, dense, sparse, labels);
    }

    private static void ForEachValue(SortedSetDocValues values, SortedDocValues? single, int maxDoc, Action<int, int> visit)
    {
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if (single is not null)
            {
                var ord = single.GetOrd(doc);
                if (ord >= 0) visit(doc, ord);
                continue;
            }
            values.SetDocument(doc);
            long next;
            while ((next = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                visit(doc, (int)next);
        }
    }

    /// <summary>
    /// How many documents of <paramref name="bits"/> (the words from <paramref name="wordOffset"/> on of a
    /// bit set over this segment) hold the value <paramref name="ord"/>.
    /// </summary>
    public int Count(int ord, ReadOnlySpan<long> bits, int wordOffset)
    {
        if (Dense[ord] is { } dense) return BitSets.CountAnd(bits, dense.AsSpan(wordOffset, bits.Length));
        var count = 0;
        var end = (wordOffset + bits.Length) << 6;
        var start = wordOffset << 6;
        foreach (var doc in Sparse[ord]!)
        {
            if (doc < start) continue;
            if (doc >= end) break;
            count += (int)((ulong)bits[(doc >> 6) - wordOffset] >> doc) & 1;
        }
        return count;
    }

    /// <summary>Sets the bits of every document that holds the value <paramref name="ord"/>.</summary>
    public void Or(int ord, Span<long> bits)
    {
        if (Dense[ord] is { } dense)
        {
            BitSets.Or(bits, dense);
            return;
        }
        foreach (var doc in Sparse[ord]!) bits[doc >> 6] |= 1L << doc;
    }
}
