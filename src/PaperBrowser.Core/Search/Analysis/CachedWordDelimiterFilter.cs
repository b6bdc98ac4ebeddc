using System.Runtime.CompilerServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;

namespace PaperBrowser.Search.Analysis;

/// <summary>
/// Lucene's <see cref="WordDelimiterFilter"/> with its output remembered per distinct word: "state-of-the-art",
/// "fine-tuning" or "e.g" are split once per analyzer instance instead of at every occurrence.
/// </summary>
/// <remarks>
/// About one token in 25 of an abstract is such a word, yet splitting them was a tenth of the import's CPU time
/// (dotnet-trace, 100,000 records): WordDelimiterFilter captures and restores the state of every attribute of the
/// whole chain for each part it buffers. Here a word made only of a-z, or only of 0-9, passes untouched (as
/// WordDelimiterFilter passes it); any other word is split by a real WordDelimiterFilter over a one-token stream
/// and the parts are kept. With the flags used here the parts of a word depend only on the word, never on the
/// tokens around it (the original comes first, so no position is carried over), which CachedWordDelimiterFilterTests
/// checks against the stock filter token for token. A word whose offsets do not match its length (TeX markup was
/// dropped from it) is split each time, since its part offsets depend on the original text.
/// </remarks>
public sealed class CachedWordDelimiterFilter : TokenFilter
{
    // Distinct compound words are few (a few thousand per 10,000 abstracts); the cache is per analyzer instance,
    // which the web app keeps per thread, so it stays small and is simply cleared when full.
    private const int MaxCachedWords = 4096;

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly ITypeAttribute _type;

    private readonly OneToken _word;
    private readonly WordDelimiterFilter _splitter;
    private readonly ICharTermAttribute _partTerm;
    private readonly IOffsetAttribute _partOffset;
    private readonly IPositionIncrementAttribute _partIncrement;
    private readonly ITypeAttribute _partType;

    private readonly Dictionary<string, Part[]> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Part[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<Part> _scratch = [];
    private Part[]? _pending;
    private int _next;
    private int _wordStart;

    /// <summary>One output token of a split word, offsets relative to the word's start.</summary>
    private readonly record struct Part(string Term, int PositionIncrement, int Start, int End, string Type);

    public CachedWordDelimiterFilter(TokenStream input, WordDelimiterFlags flags) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        if ((flags & WordDelimiterFlags.PRESERVE_ORIGINAL) == 0)
            // Without the original first, the stock filter carries positions across words: parts are not a function of the word.
            throw new ArgumentException("Caching split words needs PRESERVE_ORIGINAL.", nameof(flags));

        _word = new OneToken();
        _splitter = new WordDelimiterFilter(PaperAnalyzer.Version, _word, flags, null);
        _partTerm = _splitter.GetAttribute<ICharTermAttribute>();
        _partOffset = _splitter.GetAttribute<IOffsetAttribute>();
        _partIncrement = _splitter.GetAttribute<IPositionIncrementAttribute>();
        _partType = _splitter.GetAttribute<ITypeAttribute>();
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public override bool IncrementToken()
    {
        if (_pending is { } parts && _next < parts.Length)
        {
            var part = parts[_next++];
            ClearAttributes();
            _term.SetEmpty().Append(part.Term);
            _offset.SetOffset(_wordStart + part.Start, _wordStart + part.End);
            _positionIncrement.PositionIncrement = part.PositionIncrement;
            _type.Type = part.Type;
            return true;
        }
        _pending = null;
        if (!m_input.IncrementToken()) return false;

        var word = _term.Buffer.AsSpan(0, _term.Length);
        if (IsSimple(word)) return true;

        var start = _offset.StartOffset;
        var offsetsMatch = _offset.EndOffset - start == word.Length;
        if (!offsetsMatch || !_lookup.TryGetValue(word, out var cached))
        {
            cached = Split(word, start, _offset.EndOffset);
            if (offsetsMatch)
            {
                if (_cache.Count >= MaxCachedWords) _cache.Clear();
                _cache[word.ToString()] = cached;
            }
        }
        // The first output is the word itself, already in the attributes, with its own position increment.
        _pending = cached;
        _next = 1;
        _wordStart = start;
        return true;
    }

    /// <summary>A word the stock filter passes untouched: one run of lowercase ASCII letters or of ASCII digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSimple(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty) return true;
        var letters = char.IsAsciiLetterLower(word[0]);
        foreach (var c in word)
        {
            if (letters ? !char.IsAsciiLetterLower(c) : !char.IsAsciiDigit(c)) return false;
        }
        return letters || char.IsAsciiDigit(word[0]);
    }

    private Part[] Split(ReadOnlySpan<char> word, int start, int end)
    {
        _word.Set(word, start, end, _type.Type);
        _scratch.Clear();
        _splitter.Reset();
        while (_splitter.IncrementToken())
        {
            _scratch.Add(new Part(_partTerm.ToString(), _partIncrement.PositionIncrement,
                _partOffset.StartOffset - start, _partOffset.EndOffset - start, _partType.Type));
        }
        _splitter.End();
        return [.. _scratch];
    }

    public override void Reset()
    {
        base.Reset();
        _pending = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _splitter.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>A token stream of one token: the word being split.</summary>
    private sealed class OneToken : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private readonly IOffsetAttribute _offset;
        private readonly IPositionIncrementAttribute _positionIncrement;
        private readonly ITypeAttribute _type;
        private char[] _text = new char[32];
        private int _length;
        private int _start, _end;
        private string _typeName = TypeAttribute.DEFAULT_TYPE;
        private bool _done;

        public OneToken()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
            _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
            _type = AddAttribute<ITypeAttribute>();
        }

        public void Set(ReadOnlySpan<char> word, int start, int end, string type)
        {
            if (_text.Length < word.Length) _text = new char[word.Length * 2];
            word.CopyTo(_text);
            _length = word.Length;
            (_start, _end, _typeName) = (start, end, type);
        }

        public override bool IncrementToken()
        {
            if (_done) return false;
            _done = true;
            ClearAttributes();
            _term.CopyBuffer(_text, 0, _length);
            _offset.SetOffset(_start, _end);
            _positionIncrement.PositionIncrement = 1;
            _type.Type = _typeName;
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _done = false;
        }
    }
}
