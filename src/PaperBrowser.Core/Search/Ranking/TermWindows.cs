using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PaperBrowser.Search.Ranking;

/// <summary>
/// A term's postings in one segment summed up per window of <see cref="WindowSize"/> documents: the windows it occurs
/// in, its highest frequency in each and the shortest field among the documents there. Together they bound what the
/// term scores in a window, well under its ceiling in most windows: what Lucene 9 calls impacts, which Lucene 4.8's
/// postings do not have.
/// </summary>
/// <remarks>
/// Made on first use by reading the postings with frequencies once (about what scoring them costs), then kept per
/// segment, so a word searched again skips most of its windows. The cache of a segment goes with it when a merge
/// retires it; it is emptied when it holds more than <see cref="MaxTermsPerSegment"/> terms.
/// </remarks>
internal sealed class TermWindows
{
    public const int WindowShift = 7;
    public const int WindowSize = 1 << WindowShift;
    public const int MaxTermsPerSegment = 4096;

    private TermWindows(int[] windows, byte[] maxFreqs, byte[] shortestNorms, bool hasNorms)
    {
        Windows = windows;
        MaxFreqs = maxFreqs;
        ShortestNorms = shortestNorms;
        HasNorms = hasNorms;
    }

    /// <summary>The windows the term occurs in, ascending.</summary>
    public int[] Windows { get; }

    /// <summary>Per window, the highest frequency, capped at 255 (read as unbounded).</summary>
    public byte[] MaxFreqs { get; }

    /// <summary>Per window, the norm byte of the shortest field (the highest byte: norms encode 1/√length, order-preserving).</summary>
    public byte[] ShortestNorms { get; }

    public bool HasNorms { get; }

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<Term, TermWindows>> Cache = new();

    /// <summary>The term's windows in <paramref name="reader"/>'s segment, or null when the term is not there.</summary>
    public static TermWindows? For(AtomicReader reader, Term term)
    {
        var segment = Cache.GetOrCreateValue(reader.CoreCacheKey);
        if (segment.TryGetValue(term, out var known)) return known;
        var made = Read(reader, term);
        if (made is null) return null;
        if (segment.Count >= MaxTermsPerSegment) segment.Clear();
        segment[term] = made;
        return made;
    }

    private static TermWindows? Read(AtomicReader reader, Term term)
    {
        var termsEnum = reader.GetTerms(term.Field)?.GetEnumerator();
        if (termsEnum is null || !termsEnum.SeekExact(term.Bytes)) return null;
        var norms = reader.GetNormValues(term.Field);
        var docs = termsEnum.Docs(null, null, DocsFlags.FREQS);
        var windows = new List<int>();
        var maxFreqs = new List<byte>();
        var shortest = new List<byte>();
        int doc;
        while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
        {
            var window = doc >> WindowShift;
            var freq = (byte)Math.Min(255, docs.Freq);
            var norm = norms is null ? (byte)0 : (byte)((sbyte)norms.Get(doc) & 0xFF);
            if (windows.Count == 0 || windows[^1] != window)
            {
                windows.Add(window);
                maxFreqs.Add(freq);
                shortest.Add(norm);
                continue;
            }
            if (freq > maxFreqs[^1]) maxFreqs[^1] = freq;
            if (norm > shortest[^1]) shortest[^1] = norm;
        }
        return new TermWindows([.. windows], [.. maxFreqs], [.. shortest], norms is not null);
    }

    /// <summary>
    /// Per window, the most the term's BM25 score reaches there as a share of its ceiling: <c>tf / (tf + k1 (1 - b + b dl / avgdl))</c>
    /// at the window's highest frequency and shortest length, as BM25Similarity computes it for a reader with that average length.
    /// </summary>
    public float[] Factors(float k1, float b, float averageLength)
    {
        var factors = new float[Windows.Length];
        for (var i = 0; i < factors.Length; i++)
        {
            if (MaxFreqs[i] == 255)
            {
                factors[i] = 1f;
                continue;
            }
            float freq = MaxFreqs[i];
            var norm = HasNorms ? k1 * ((1 - b) + b * DecodedLength(ShortestNorms[i]) / averageLength) : k1;
            factors[i] = freq / (freq + norm);
        }
        return factors;
    }

    private static readonly float[] Lengths = MakeLengths();

    // As BM25Similarity.DecodeNormValue: 1 / f², f the byte read as a SmallFloat 3.1.5.
    private static float[] MakeLengths()
    {
        var lengths = new float[256];
        for (var i = 0; i < 256; i++)
        {
            var f = SmallSingle.SByte315ToSingle((sbyte)i);
            lengths[i] = 1.0f / (f * f);
        }
        return lengths;
    }

    /// <summary>The field length a norm byte stands for, as BM25Similarity decodes it.</summary>
    public static float DecodedLength(byte norm) => Lengths[norm];
}
