using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace PaperBrowser.Search.Results;

/// <summary>
/// Every live document of a reader in "newest first" order (date descending, then paper id
/// descending); read backwards it is "oldest first" (date and id ascending). Browsing the whole
/// library by date is the page everyone lands on: with this order, built once per reader, a page of
/// it is a slice instead of a sort of every document per request (350 ms at a million papers).
/// </summary>
public sealed class DateOrder
{
    private static readonly ConditionalWeakTable<IndexReader, DateOrder> Cache = new();

    private readonly int[] _newestFirst;

    private DateOrder(int[] newestFirst) => _newestFirst = newestFirst;

    public int Count => _newestFirst.Length;

    public static DateOrder For(IndexReader reader) => Cache.GetValue(reader, Build);

    /// <summary>Global doc ids of one page, newest first or oldest first.</summary>
    public ReadOnlySpan<int> Page(bool newestFirst, int offset, int size)
    {
        if (offset >= _newestFirst.Length) return [];
        size = Math.Min(size, _newestFirst.Length - offset);
        if (newestFirst) return _newestFirst.AsSpan(offset, size);
        var page = new int[size];
        for (var i = 0; i < size; i++) page[i] = _newestFirst[_newestFirst.Length - 1 - offset - i];
        return page;
    }

    private static DateOrder Build(IndexReader reader)
    {
        var docs = new List<(long Date, long Id, int Doc)>(reader.NumDocs);
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var dates = atomic.GetNumericDocValues(PaperFields.DateSort);
            var ids = atomic.GetNumericDocValues(PaperFields.IdSort);
            var live = atomic.LiveDocs;
            for (var doc = 0; doc < atomic.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc)) continue;
                docs.Add((dates?.Get(doc) ?? 0, ids?.Get(doc) ?? 0, leaf.DocBase + doc));
            }
        }
        var sorted = docs.ToArray();
        Array.Sort(sorted, (a, b) => a.Date != b.Date ? b.Date.CompareTo(a.Date) : b.Id.CompareTo(a.Id));
        return new DateOrder([.. sorted.Select(d => d.Doc)]);
    }
}
