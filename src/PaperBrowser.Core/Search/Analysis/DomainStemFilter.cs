using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace PaperBrowser.Search.Analysis;

/// <summary>
/// Keeps apart words that the Porter stemmer merges but that name different things in papers: "transformer" (the
/// architecture) and "transformation" both stem to "transform", and "generative", "general" and "generalization" all
/// stem to "gener". Each listed word gets its own family's stem and is marked a keyword, so the stemmer after this
/// leaves it alone; every other word passes untouched.
/// </summary>
/// <remarks>
/// The list is code, not a data file: the index holds these stems, so a change to it is a change of the index's
/// schema (<see cref="PaperFields.SchemaVersion"/>), which rebuilds the index.
/// </remarks>
internal sealed class DomainStemFilter : TokenFilter
{
    /// <summary>
    /// A family's stem, then its words. A stem is one Porter gives few unlisted words, and those are of the family
    /// ("computerized" stems to "computer"), so nothing else joins it.
    /// </summary>
    private static readonly (string Stem, string[] Words)[] Families =
    [
        ("transformer", ["transformer", "transformers"]),
        ("generat", ["generate", "generates", "generated", "generating", "generation", "generations", "generative",
            "generatively", "generator", "generators"]),
        ("general", ["general", "generally", "generality", "generalist", "generalists"]),
        ("generaliz", ["generalize", "generalizes", "generalized", "generalizing", "generalization", "generalizations",
            "generalizable", "generalizability", "generalise", "generalises", "generalised", "generalising",
            "generalisation", "generalisations", "generalisable"]),
        ("generic", ["generic", "generically"]),
        ("optimal", ["optimal", "optimally", "optimality", "optimum", "optima"]),
        ("operator", ["operator", "operators"]),
        ("computer", ["computer", "computers"]),
        ("normaliz", ["normalize", "normalizes", "normalized", "normalizing", "normalization", "normalizations",
            "normalise", "normalises", "normalised", "normalising", "normalisation"]),
        ("localiz", ["localize", "localizes", "localized", "localizing", "localization", "localizations", "localise",
            "localised", "localising", "localisation"]),
        ("experienc", ["experience", "experiences", "experienced", "experiencing"]),
        ("organiz", ["organize", "organizes", "organized", "organizing", "organization", "organizations",
            "organizational", "organise", "organised", "organising", "organisation", "organisations"]),
        ("universal", ["universal", "universally", "universality"]),
        ("universe", ["universe", "universes"]),
        ("university", ["university", "universities"]),
    ];

    private static readonly CharArrayDictionary<string> Stems = BuildStems();

    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public DomainStemFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    /// <summary>The families as the analyser applies them (tests read them).</summary>
    internal static IReadOnlyList<(string Stem, string[] Words)> All => Families;

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        // A lookup by the term's own characters: no string is made for the words not listed, nearly all of them.
        if (!_keyword.IsKeyword && Stems.TryGetValue(_term.Buffer, 0, _term.Length, out var stem))
        {
            _term.SetEmpty().Append(stem);
            _keyword.IsKeyword = true;
        }
        return true;
    }

    private static CharArrayDictionary<string> BuildStems()
    {
        var map = new CharArrayDictionary<string>(PaperAnalyzer.Version, 200, ignoreCase: false);
        foreach (var (stem, words) in Families)
            foreach (var word in words)
                map[word] = stem;
        return map.AsReadOnly();
    }
}
