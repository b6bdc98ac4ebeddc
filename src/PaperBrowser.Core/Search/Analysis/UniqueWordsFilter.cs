using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace PaperBrowser.Search.Analysis;

/// <summary>
/// Passes each word of a field value once. The vocabulary fields (spell, title_words) index documents
/// only, no frequencies or positions, so a repeated word adds nothing to the index, yet indexing it
/// again made the spell field a quarter of a paper's indexing time.
/// </summary>
/// <remarks>
/// The words seen are kept in one reused character pool with an open-addressing table over it, not in a
/// set of arrays: a set allocated an array per distinct word, a hundred per abstract.
/// </remarks>
public sealed class UniqueWordsFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private char[] _pool = new char[2048];
    private int _poolLength;
    private (int Start, int Length)[] _words = new (int, int)[128];
    private int _count;
    // Slot values are word index + 1; 0 is an empty slot. Kept at most half full.
    private int[] _slots = new int[256];

    public UniqueWordsFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        while (m_input.IncrementToken())
        {
            if (AddIfNew(_term.Buffer.AsSpan(0, _term.Length))) return true;
        }
        return false;
    }

    private bool AddIfNew(ReadOnlySpan<char> word)
    {
        var mask = _slots.Length - 1;
        var slot = Hash(word) & mask;
        while (_slots[slot] != 0)
        {
            var (start, length) = _words[_slots[slot] - 1];
            if (word.SequenceEqual(_pool.AsSpan(start, length))) return false;
            slot = (slot + 1) & mask;
        }

        if (_poolLength + word.Length > _pool.Length) Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolLength + word.Length));
        word.CopyTo(_pool.AsSpan(_poolLength));
        if (_count == _words.Length) Array.Resize(ref _words, _words.Length * 2);
        _words[_count++] = (_poolLength, word.Length);
        _poolLength += word.Length;
        _slots[slot] = _count;
        if (_count * 2 > _slots.Length) Rehash();
        return true;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var (start, length) = _words[i];
            var slot = Hash(_pool.AsSpan(start, length)) & mask;
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = i + 1;
        }
    }

    private static int Hash(ReadOnlySpan<char> word)
    {
        // FNV-1a: words are short, and the table only needs a spread, not resistance to crafted input
        // (a field value is one paper's text; the worst case is a slower index of that paper).
        var hash = 2166136261u;
        foreach (var c in word) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    public override void Reset()
    {
        base.Reset();
        Array.Clear(_slots);
        _count = 0;
        _poolLength = 0;
    }
}
