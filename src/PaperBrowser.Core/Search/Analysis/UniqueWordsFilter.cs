using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace PaperBrowser.Search.Analysis;

/// <summary>
/// Passes each word of a field value once. The vocabulary fields (spell, title_words) index documents
/// only, no frequencies or positions, so a repeated word adds nothing to the index, yet indexing it
/// again made the spell field a quarter of a paper's indexing time.
/// </summary>
public sealed class UniqueWordsFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly CharArraySet _seen = new(PaperAnalyzer.Version, 256, ignoreCase: false);

    public UniqueWordsFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        while (m_input.IncrementToken())
        {
            if (_seen.Contains(_term.Buffer, 0, _term.Length)) continue;
            // The set keeps the array it is given, so it gets a copy of the reused term buffer.
            _seen.Add(_term.Buffer.AsSpan(0, _term.Length).ToArray());
            return true;
        }
        return false;
    }

    public override void Reset()
    {
        base.Reset();
        _seen.Clear();
    }
}
