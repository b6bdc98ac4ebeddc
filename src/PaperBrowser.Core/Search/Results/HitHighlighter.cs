using System.Net;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace PaperBrowser.Search.Results;

/// <summary>
/// Marks the matched words in a hit's title and abstract. Output is HTML-encoded text with
/// &lt;mark&gt; around matches: paper text is data, never markup.
/// </summary>
public sealed class HitHighlighter
{
    private const int FragmentSize = 180;
    private const int MaxFragments = 2;
    private const int PlainSnippetLength = 280;

    private readonly Analyzer _analyzer;
    private readonly Highlighter? _title;
    private readonly Highlighter? _abstract;
    private readonly IndexReader? _reader;

    public HitHighlighter(Analyzer analyzer, Query? query, IndexReader reader)
    {
        _analyzer = analyzer;
        _reader = reader;
        if (query is null) return;
        var formatter = new SimpleHTMLFormatter("<mark>", "</mark>");
        var encoder = new SimpleHTMLEncoder();

        // QueryTermScorer marks the query's terms weighted by idf. QueryScorer would also check phrase
        // positions, but it builds an in-memory index per text and cost half of a search's time.
        _title = new Highlighter(formatter, encoder, new QueryTermScorer(query, reader, PaperFields.Title)) { TextFragmenter = new NullFragmenter() };
        _abstract = new Highlighter(formatter, encoder, new QueryTermScorer(query, reader, PaperFields.Abstract)) { TextFragmenter = new SimpleFragmenter(FragmentSize) };
    }

    /// <param name="docId">The hit's document in the searcher's reader, whose term vectors spare re-analysing the text; -1 when unknown.</param>
    public string Title(string title, int docId = -1)
    {
        if (_title is null) return Encode(title);
        using var tokens = Tokens(PaperFields.Title, title, docId);
        var marked = Best(_title, tokens, title, 1, () => _analyzer.GetTokenStream(PaperFields.Title, title));
        return marked.Count > 0 ? marked[0] : Encode(title);
    }

    public IReadOnlyList<string> Fragments(string text, int docId = -1)
    {
        if (_abstract is not null)
        {
            using var tokens = Tokens(PaperFields.Abstract, text, docId);
            var fragments = Best(_abstract, tokens, text, MaxFragments, () => _analyzer.GetTokenStream(PaperFields.Abstract, text));
            if (fragments.Count > 0) return fragments;
        }
        return [Snippet(text)];
    }

    /// <summary>
    /// The text's tokens: from the index's term vectors (positions and offsets) when the document is
    /// known, which costs a read instead of running the analyzer over the whole abstract again.
    /// </summary>
    private TokenStream Tokens(string field, string text, int docId)
    {
        if (docId >= 0 && _reader is not null && _reader.GetTermVector(docId, field) is { HasOffsets: true } vector)
            return TokenSources.GetTokenStream(vector, tokenPositionsGuaranteedContiguous: false);
        return _analyzer.GetTokenStream(field, text);
    }

    private static List<string> Best(Highlighter highlighter, TokenStream tokens, string text, int max, Func<TokenStream> reanalyze)
    {
        try
        {
            return Fragments(highlighter, tokens, text, max);
        }
        catch (InvalidTokenOffsetsException)
        {
            // The row changed after this index state was written: its offsets no longer fit the text.
            using var fresh = reanalyze();
            return Fragments(highlighter, fresh, text, max);
        }
    }

    private static List<string> Fragments(Highlighter highlighter, TokenStream tokens, string text, int max) =>
        // Fragments are kept apart: merged neighbours would grow into the whole abstract.
        [.. highlighter.GetBestTextFragments(tokens, text, mergeContiguousFragments: false, max)
            .Where(f => f is not null && f.Score > 0)
            .OrderBy(f => f.FragNum)
            .Select(f => f.ToString().Trim())];

    private static string Snippet(string text)
    {
        if (text.Length <= PlainSnippetLength) return Encode(text);
        var cut = text.LastIndexOf(' ', PlainSnippetLength);
        return Encode(text[..(cut > 0 ? cut : PlainSnippetLength)]) + " …";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
