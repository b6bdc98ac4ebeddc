using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PaperBrowser.Search.Results;

/// <summary>
/// "Related papers", tuned for abstracts. MoreLikeThis's defaults are made for long documents
/// (a word must occur twice, documents must be long); here every distinctive word of the title
/// and abstract counts, title words weigh more, and words shared by a third of the library are ignored.
/// </summary>
public static class RelatedPaperFinder
{
    private const int MaxQueryTerms = 30;
    private const float TitleTermWeight = 3f;
    private const double MaxDocFreqRatio = 0.3;
    private const int MinDocsForCommonWordCut = 50;
    private const float TopicWeight = 4f;

    public static Query? BuildQuery(IndexReader reader, Analyzer analyzer, int paperId, string normalizedTitle, string title, string @abstract, IEnumerable<string> topics)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        AddTerms(analyzer, title, TitleTermWeight, weights);
        AddTerms(analyzer, @abstract, 1f, weights);

        var numDocs = Math.Max(1, reader.NumDocs);
        var abstractFreqs = DocFreqs(reader, PaperFields.Abstract, weights.Keys);
        var titleFreqs = DocFreqs(reader, PaperFields.Title, weights.Keys);
        var scored = new List<(string Term, float Score)>();
        foreach (var (term, tf) in weights)
        {
            var df = Math.Max(abstractFreqs[term], titleFreqs[term]);
            if (df <= 1) continue; // Only in this paper.
            // In a third of the library: too common to tell papers apart. Not in a small library, where that
            // would drop every shared word; there idf alone weighs the common ones down.
            if (numDocs >= MinDocsForCommonWordCut && df > numDocs * MaxDocFreqRatio) continue;
            var idf = (float)Math.Log(1 + (numDocs - df + 0.5) / (df + 0.5));
            // Saturate repeated words: the tenth "network" says little more than the third.
            scored.Add((term, MathF.Sqrt(tf) * idf));
        }
        if (scored.Count == 0) return null;

        var query = new BooleanQuery(disableCoord: false);
        foreach (var (term, score) in scored.OrderByDescending(s => s.Score).ThenBy(s => s.Term, StringComparer.Ordinal).Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(PaperFields.Title, term)) { Boost = score * 1.5f }, Occur.SHOULD);
            query.Add(new TermQuery(new Term(PaperFields.Abstract, term)) { Boost = score }, Occur.SHOULD);
        }
        // A shared topic counts like a couple of shared distinctive words, more for a narrow topic
        // ("Spiking Neural Networks") than for a broad one ("Computer Vision"): abstracts on one subject
        // often share few exact words.
        foreach (var topic in topics)
        {
            var df = reader.DocFreq(new Term(PaperFields.Topic, topic));
            if (df <= 0) continue;
            var idf = (float)Math.Log(1 + (numDocs - df + 0.5) / (df + 0.5));
            query.Add(new TermQuery(new Term(PaperFields.Topic, topic)) { Boost = TopicWeight * idf }, Occur.SHOULD);
        }

        // Never the paper itself, nor another copy of it.
        query.Add(new TermQuery(new Term(PaperFields.Id, paperId.ToString(CultureInfo.InvariantCulture))), Occur.MUST_NOT);
        query.Add(new TermQuery(new Term(PaperFields.Key, normalizedTitle)), Occur.MUST_NOT);
        return query;
    }

    /// <summary>
    /// The document frequency of each term in one field: the same as <see cref="IndexReader.DocFreq"/>, but
    /// with one terms enumerator per segment seeking the terms in order, instead of a new enumerator per
    /// term and segment (which made this the slowest part of a related-papers request).
    /// </summary>
    private static Dictionary<string, int> DocFreqs(IndexReader reader, string field, IEnumerable<string> terms)
    {
        var sorted = terms.Select(t => (Text: t, Bytes: new BytesRef(t))).OrderBy(t => t.Bytes, BytesRef.UTF8SortedAsUnicodeComparer).ToList();
        var freqs = sorted.ToDictionary(t => t.Text, _ => 0, StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            var termsEnum = leaf.AtomicReader.GetTerms(field)?.GetEnumerator();
            if (termsEnum is null) continue;
            foreach (var (text, bytes) in sorted)
                if (termsEnum.SeekExact(bytes)) freqs[text] += termsEnum.DocFreq;
        }
        return freqs;
    }

    private static void AddTerms(Analyzer analyzer, string text, float weight, Dictionary<string, float> weights)
    {
        foreach (var position in Querying.AnalyzedText.Positions(analyzer, PaperFields.Abstract, text))
        {
            var term = position[0];
            if (term.Length < 3 || term.All(char.IsDigit)) continue;
            weights[term] = weights.GetValueOrDefault(term) + weight;
        }
    }
}
