using Lucene.Net.Index;

namespace PaperBrowser.Search.Ranking;

/// <summary>
/// One document's share of each ceiling in a query's <see cref="ScoreBounds"/>: a term's exact BM25 factor
/// <c>tf / (tf + k1 (1 - b + b dl / avgdl))</c> from its frequency and the document's field length, and for a phrase
/// the same factor at the most its frequency can be. Reading frequencies and norms costs far less than the query's
/// scorer, which reads every phrase's positions: a document whose bound from these stays under the threshold is not
/// scored at all.
/// </summary>
/// <remarks>
/// A phrase's frequency is its matches, each counted at most 1 (exact: 1; sloppy: 1 / (distance + 1)). Lucene's
/// phrase scorers find a match per step of one position forward, after starting with every position on its first
/// occurrence, so a phrase of n positions has at most <c>Σ tf − n + 1</c> matches, where a position's tf is that of
/// the terms that may stand there summed (a multi-phrase position unions their postings).
/// </remarks>
internal sealed class DocumentFactors
{
    private readonly ScoreBounds _bounds;
    private readonly float _k1;
    private readonly float _b;
    private readonly NumericDocValues?[] _norms;
    private readonly float[] _averageLengths;
    private readonly int[] _termField;
    private readonly int[] _phraseField;
    private readonly float[] _fieldNorm;

    public DocumentFactors(ScoreBounds bounds, AtomicReader reader, float k1, float b, IReadOnlyDictionary<string, float> averageLengths)
    {
        _bounds = bounds;
        _k1 = k1;
        _b = b;
        var fields = bounds.Terms.Select(t => t.Field).Distinct().ToArray();
        _norms = [.. fields.Select(reader.GetNormValues)];
        _averageLengths = [.. fields.Select(f => averageLengths[f])];
        _termField = [.. bounds.Terms.Select(t => Array.IndexOf(fields, t.Field))];
        // A phrase is in one field: that of its terms.
        _phraseField = [.. bounds.Phrases.Select(p => _termField[p[0][0]])];
        _fieldNorm = new float[fields.Length];
        TermFactors = new float[bounds.Terms.Length];
        PhraseFactors = new float[bounds.Phrases.Length];
    }

    public float[] TermFactors { get; }

    public float[] PhraseFactors { get; }

    /// <summary>Fills <see cref="TermFactors"/> and <see cref="PhraseFactors"/> for <paramref name="doc"/>, which holds the terms in <paramref name="present"/> with frequencies <paramref name="freqs"/>.</summary>
    public void For(int doc, int present, int[] freqs)
    {
        for (var f = 0; f < _fieldNorm.Length; f++)
        {
            // As BM25Similarity's cached norm: k1 (1 - b + b dl / avgdl), dl decoded from the norm byte.
            _fieldNorm[f] = _norms[f] is { } norms
                ? _k1 * ((1 - _b) + _b * TermWindows.DecodedLength((byte)((sbyte)norms.Get(doc) & 0xFF)) / _averageLengths[f])
                : _k1;
        }
        for (var t = 0; t < TermFactors.Length; t++)
            TermFactors[t] = (present >> t & 1) != 0 ? freqs[t] / (freqs[t] + _fieldNorm[_termField[t]]) : 0f;
        var phrases = _bounds.Phrases;
        for (var p = 0; p < phrases.Length; p++)
        {
            var matches = 1;
            foreach (var position in phrases[p])
            {
                var tf = 0;
                foreach (var term in position) if ((present >> term & 1) != 0) tf += freqs[term];
                matches += tf - 1;
            }
            // A position with no term present leaves the phrase out anyway (its node bounds it at 0).
            PhraseFactors[p] = matches <= 0 ? 0f : matches / (matches + _fieldNorm[_phraseField[p]]);
        }
    }
}
