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

    public HitHighlighter(Analyzer analyzer, Query? query, IndexReader reader)
    {
        _analyzer = analyzer;
        if (query is null) return;
        var formatter = new SimpleHTMLFormatter("<mark>", "</mark>");
        var encoder = new SimpleHTMLEncoder();

        // QueryTermScorer marks the query's terms weighted by idf. QueryScorer would also check phrase
        // positions, but it builds an in-memory index per text and cost half of a search's time.
        _title = new Highlighter(formatter, encoder, new QueryTermScorer(query, reader, PaperFields.Title)) { TextFragmenter = new NullFragmenter() };
        _abstract = new Highlighter(formatter, encoder, new QueryTermScorer(query, reader, PaperFields.Abstract)) { TextFragmenter = new SimpleFragmenter(FragmentSize) };
    }

    public string Title(string title)
    {
        if (_title is null) return Encode(title);
        var marked = _title.GetBestFragment(_analyzer, PaperFields.Title, title);
        return marked ?? Encode(title);
    }

    public IReadOnlyList<string> Fragments(string text)
    {
        if (_abstract is not null)
        {
            // Fragments are kept apart: merged neighbours would grow into the whole abstract.
            using var tokens = _analyzer.GetTokenStream(PaperFields.Abstract, text);
            var fragments = _abstract.GetBestTextFragments(tokens, text, mergeContiguousFragments: false, MaxFragments)
                .Where(f => f is not null && f.Score > 0)
                .OrderBy(f => f.FragNum)
                .Select(f => f.ToString().Trim())
                .ToList();
            if (fragments.Count > 0) return fragments;
        }
        return [Snippet(text)];
    }

    private static string Snippet(string text)
    {
        if (text.Length <= PlainSnippetLength) return Encode(text);
        var cut = text.LastIndexOf(' ', PlainSnippetLength);
        return Encode(text[..(cut > 0 ? cut : PlainSnippetLength)]) + " …";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
