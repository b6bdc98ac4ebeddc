using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace PaperBrowser.Search.Analysis;

/// <summary>
/// Splits paper text into words: runs of letters and digits joined by inner hyphens, dots and
/// slashes ("x-LoRA", "1.5B", "TCP/IP"), with TeX markup that carries no words dropped first, so
/// "S$^{2}$FT" is the one word "S2FT". Offsets point into the original text.
/// </summary>
/// <remarks>
/// This does what a MappingCharFilter followed by a PatternTokenizer did, in one pass over the
/// text: that chain cost about 5× Lucene's StandardTokenizer per abstract and dominated indexing.
/// </remarks>
public sealed class PaperTokenizer : Tokenizer
{
    /// <summary>
    /// Longer words (base64, a URL without breaks) are cut to this many chars, at index and query time
    /// alike, so no term grows past Lucene's limit and a long query word still finds only its own kind.
    /// </summary>
    public const int MaxWordLength = 255;

    // TeX that is removed before words are found; longest first, because "\textbf" must win over "\text".
    private static readonly string[] TexRemovals =
    [
        "\\mathcal", "\\textbf", "\\textit", "\\mathbf", "\\mathrm", "\\emph", "\\text",
        "\\'", "\\\"", "\\`", "\\~", "\\^", "$", "^", "{", "}",
    ];

    private const int KeepBufferUpTo = 1 << 16;

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;

    private char[] _raw = new char[1024];
    private int _rawLength;
    private char[] _text = new char[1024];
    private int[] _origin = new int[1024];
    private int _length;
    private int _position;

    public PaperTokenizer(TextReader input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    public override void Reset()
    {
        base.Reset();
        if (_raw.Length > KeepBufferUpTo)
        {
            // One huge field must not pin its buffers for the life of the analyzer.
            _raw = new char[1024];
            _text = new char[1024];
            _origin = new int[1024];
        }
        ReadAll();
        Clean();
        _position = 0;
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        var start = _position;
        while (start < _length && !IsWordChar(_text[start])) start++;
        if (start >= _length)
        {
            _position = _length;
            return false;
        }

        var end = start + 1;
        while (true)
        {
            while (end < _length && IsWordChar(_text[end])) end++;
            // An inner joiner continues the word only when a letter or digit follows it.
            if (end + 1 < _length && IsJoiner(_text[end]) && IsWordChar(_text[end + 1])) end += 2;
            else break;
        }
        _position = end;

        _term.CopyBuffer(_text, start, Math.Min(end - start, MaxWordLength));
        _offset.SetOffset(CorrectOffset(_origin[start]), CorrectOffset(_origin[end - 1] + 1));
        return true;
    }

    public override void End()
    {
        base.End();
        var final = CorrectOffset(_rawLength);
        _offset.SetOffset(final, final);
    }

    private static bool IsWordChar(char c) =>
        c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : char.IsLetter(c) || char.IsNumber(c);

    private static bool IsJoiner(char c) => c is '-' or '.' or '/';

    private void ReadAll()
    {
        _rawLength = 0;
        while (true)
        {
            if (_rawLength == _raw.Length) Array.Resize(ref _raw, _raw.Length * 2);
            var read = m_input.Read(_raw, _rawLength, _raw.Length - _rawLength);
            if (read <= 0) break;
            _rawLength += read;
        }
    }

    /// <summary>Copies the text without its TeX markup, remembering where each kept char came from.</summary>
    private void Clean()
    {
        if (_text.Length < _rawLength)
        {
            _text = new char[_raw.Length];
            _origin = new int[_raw.Length];
        }
        var n = 0;
        for (var i = 0; i < _rawLength;)
        {
            var c = _raw[i];
            if (c is '$' or '^' or '{' or '}' or '\\')
            {
                var removed = TexLengthAt(i);
                if (removed > 0)
                {
                    i += removed;
                    continue;
                }
            }
            _text[n] = c;
            _origin[n] = i;
            n++;
            i++;
        }
        _length = n;
    }

    private int TexLengthAt(int i)
    {
        foreach (var removal in TexRemovals)
        {
            if (i + removal.Length > _rawLength) continue;
            var matches = true;
            for (var k = 0; k < removal.Length && matches; k++)
                matches = _raw[i + k] == removal[k];
            if (matches) return removal.Length;
        }
        return 0;
    }
}
