using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace PaperBrowser.Search.Analysis;

/// <summary>
/// Text analysis tuned for paper abstracts. Words keep their inner hyphens and digits
/// ("U-Net", "GPT-4", "FP8", "x-LoRA"), TeX markup is dropped ("S$^{2}$FT" reads as "S2FT"),
/// and English words are stemmed, except that words the stemmer would wrongly merge keep apart ("transformer" and
/// "transformation": <see cref="DomainStemFilter"/>). At index time a hyphenated word is also indexed as its parts
/// and as one catenated word, so "UNet", "U-Net" and "u net" all find each other.
/// </summary>
public sealed class PaperAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Lucene's English stop words, plus the possessive "s" left by splitting "model's".</summary>
    public static readonly CharArraySet StopWords = BuildStopWords();

    private readonly bool _indexMode;

    /// <param name="indexMode">True for indexing (also emits word parts); false for queries (original and catenated forms only).</param>
    public PaperAnalyzer(bool indexMode) : base(PER_FIELD_REUSE_STRATEGY) => _indexMode = indexMode;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new PaperTokenizer(reader);
        TokenStream stream = new LowerCaseFilter(Version, source);
        stream = new ASCIIFoldingFilter(stream);

        switch (fieldName)
        {
            case PaperFields.Spell:
            case PaperFields.TitleWords:
                // Whole, unstemmed words: what a person types and what we suggest back. At query time
                // (spelling lookups analyse one word) repeats cannot occur, so only the index side drops them.
                return new TokenStreamComponents(source, _indexMode ? new UniqueWordsFilter(stream) : stream);
            case PaperFields.Author:
                return new TokenStreamComponents(source, new CachedWordDelimiterFilter(stream,
                    WordDelimiterFlags.GENERATE_WORD_PARTS | WordDelimiterFlags.PRESERVE_ORIGINAL));
        }

        var flags = WordDelimiterFlags.PRESERVE_ORIGINAL | WordDelimiterFlags.CATENATE_ALL;
        if (_indexMode)
            flags |= WordDelimiterFlags.GENERATE_WORD_PARTS | WordDelimiterFlags.GENERATE_NUMBER_PARTS | WordDelimiterFlags.SPLIT_ON_NUMERICS;
        stream = new CachedWordDelimiterFilter(stream, flags);
        stream = new StopFilter(Version, stream, StopWords);
        stream = new ProtectTechnicalTermsFilter(stream);
        stream = new DomainStemFilter(stream);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>
    /// Each author is a value of its own in the author field. Without a gap their words stand side by side, so
    /// author:"smith bo" found a paper by "Alice Smith" and "Bo Chen".
    /// </summary>
    public override int GetPositionIncrementGap(string fieldName) =>
        fieldName == PaperFields.Author ? AuthorPositionGap : base.GetPositionIncrementGap(fieldName);

    /// <summary>More than any phrase slop a query uses, so no phrase spans two authors.</summary>
    public const int AuthorPositionGap = 100;

    private static CharArraySet BuildStopWords()
    {
        var set = new CharArraySet(Version, EnglishAnalyzer.DefaultStopSet, ignoreCase: true) { "s" };
        return set.AsReadOnly();
    }

    /// <summary>
    /// Marks terms with digits or inner punctuation ("gpt-4", "fp8", "s2ft") as keywords so the
    /// stemmer leaves them as written.
    /// </summary>
    private sealed class ProtectTechnicalTermsFilter : TokenFilter
    {
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;

        public ProtectTechnicalTermsFilter(TokenStream input) : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken()) return false;
            var buffer = _term.Buffer;
            for (var i = 0; i < _term.Length; i++)
            {
                if (!char.IsLetter(buffer[i])) { _keyword.IsKeyword = true; break; }
            }
            return true;
        }
    }
}
