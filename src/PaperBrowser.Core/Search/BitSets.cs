using System.Numerics;

namespace PaperBrowser.Search;

/// <summary>Bit-set arithmetic over spans of 64-bit words (bit <c>d &amp; 63</c> of word <c>d &gt;&gt; 6</c> is document d).</summary>
internal static class BitSets
{
    /// <summary>64-bit words of a bit set over <paramref name="maxDoc"/> documents.</summary>
    public static int WordsFor(int maxDoc) => (maxDoc + 63) >> 6;

    public static int CountAnd(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++) count += BitOperations.PopCount((ulong)(a[i] & b[i]));
        return count;
    }

    public static void Or(Span<long> target, ReadOnlySpan<long> source)
    {
        for (var i = 0; i < target.Length; i++) target[i] |= source[i];
    }

    /// <summary><paramref name="target"/> = <paramref name="a"/> AND <paramref name="b"/>; returns the bits set.</summary>
    public static int And(Span<long> target, ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        var count = 0;
        for (var i = 0; i < target.Length; i++)
        {
            var word = a[i] & b[i];
            target[i] = word;
            count += BitOperations.PopCount((ulong)word);
        }
        return count;
    }

    public static void And(Span<long> target, ReadOnlySpan<long> source)
    {
        for (var i = 0; i < target.Length; i++) target[i] &= source[i];
    }

    public static void AndNot(Span<long> target, ReadOnlySpan<long> source)
    {
        for (var i = 0; i < target.Length; i++) target[i] &= ~source[i];
    }

    public static int Count(ReadOnlySpan<long> bits)
    {
        var count = 0;
        foreach (var word in bits) count += BitOperations.PopCount((ulong)word);
        return count;
    }
}
