using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using PaperBrowser.Import;
using PaperBrowser.Search.Indexing;

namespace PaperBrowser.Search.Querying;

/// <summary>How a long form written out in a query ("graph neural networks") is searched.</summary>
public enum LongFormSearch
{
    /// <summary>As a phrase, or its acronym: the words apart are other topics as often as not.</summary>
    Phrase,

    /// <summary>
    /// As one concept that needs all its words, anywhere (the fallback when nothing has the phrase); an acronym typed
    /// then also finds all the words of its long form.
    /// </summary>
    AllWords,

    /// <summary>
    /// As its words, each a concept of its own (the last fallback, with one concept enough); an acronym typed then
    /// also stands for the words of its long form, each a concept.
    /// </summary>
    Words,
}

/// <summary>The Lucene query built from a user query, with what the person should be told about it.</summary>
public sealed record BuiltQuery(
    Query Query,
    bool HasPositiveTerms,
    int ConceptCount,
    IReadOnlyList<string> Messages,
    string? DidYouMean,
    IReadOnlyList<(string From, string To)> AppliedCorrections,
    bool MatchesEverything,
    IReadOnlyList<string> LongForms,
    IReadOnlyList<string> Acronyms);

/// <summary>
/// Turns a parsed <see cref="UserQuery"/> into a Lucene query: each word becomes a "concept"
/// searched in title (weighted higher) and abstract, widened with its acronym or long form and,
/// when the word is not in the index, with its spelling correction. Most concepts must match;
/// the coordination factor ranks papers that match all of them first.
/// </summary>
public sealed class PaperQueryBuilder(Analyzer queryAnalyzer, SynonymExpander synonyms, Analyzer indexAnalyzer)
{
    public const float TitleBoost = 2.2f;
    public const float AbstractBoost = 1f;
    private const float CorrectionWeight = 0.9f;
    private const float ExactTitleBoost = 10f;
    private const float SynonymWeight = 0.8f;

    /// <summary>Words that carry no topic in a natural-language question ("papers about how to ...").</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "how", "why", "when", "where", "who", "whom", "do", "does", "did", "can", "could", "should",
        "would", "i", "me", "my", "we", "our", "us", "you", "your", "find", "show", "give", "list", "paper", "papers",
        "about", "regarding", "any", "some", "recent", "work", "works", "looking", "want", "need", "get",
    };

    /// <summary>Words that link a long form's words (the analyzer keeps them, as they matter inside phrases).</summary>
    private static readonly HashSet<string> LinkingWords = new(StringComparer.Ordinal)
    {
        "from", "via", "with", "without", "for", "of", "over", "under", "by", "through", "between", "on", "in", "to", "and", "as",
    };

    /// <param name="relaxed">One concept is enough (the fallback when nothing matches most of them).</param>
    /// <param name="longForms">How a long form written out is searched (see <see cref="LongFormSearch"/>).</param>
    public BuiltQuery Build(UserQuery userQuery, IndexReader reader, WordList words, bool relaxed = false, LongFormSearch longForms = LongFormSearch.Phrase)
    {
        var context = new BuildContext(reader, words) { LongForms = longForms };
        var positive = new List<Query>();
        var required = new List<Query>();
        var excluded = new List<Query>();
        var plainConcepts = new List<Concept>();

        var clauses = userQuery.Clauses;
        var plainWordCount = clauses.Count(c => c is { Occur: ClauseOccur.Default, Node: WordNode { Field: null, Prefix: false, FuzzyEdits: null } });
        var dropQuestionWords = plainWordCount >= 3;

        // Runs of plain words are analyzed together so long forms ("graph neural networks") can be recognised.
        var run = new List<string>();
        void FlushRun()
        {
            if (run.Count == 0) return;
            plainConcepts.AddRange(BuildPlainConcepts(run, context));
            run.Clear();
        }

        foreach (var clause in clauses)
        {
            if (clause is { Occur: ClauseOccur.Default, Node: WordNode { Field: null, Prefix: false, FuzzyEdits: null } word })
            {
                if (dropQuestionWords && QuestionWords.Contains(word.Text)) continue;
                run.Add(word.Text);
                continue;
            }
            FlushRun();
            var query = BuildNode(clause.Node, context);
            if (query is null) continue;
            switch (clause.Occur)
            {
                case ClauseOccur.Required: required.Add(query); break;
                case ClauseOccur.Excluded: excluded.Add(query); break;
                default: positive.Add(query); break;
            }
        }
        FlushRun();
        positive.AddRange(plainConcepts.Select(c => c.Query));

        var conceptCount = positive.Count;
        var top = new BooleanQuery();
        if (conceptCount > 0)
        {
            var concepts = new BooleanQuery(); // coord on: more concepts matched, higher score
            foreach (var q in positive) concepts.Add(q, Occur.SHOULD);
            concepts.MinimumNumberShouldMatch = relaxed ? 1 : MinimumShouldMatch(conceptCount);
            top.Add(concepts, required.Count > 0 && conceptCount == 0 ? Occur.SHOULD : Occur.MUST);
        }
        foreach (var q in required) top.Add(q, Occur.MUST);
        foreach (var q in excluded) top.Add(q, Occur.MUST_NOT);
        if (conceptCount == 0 && required.Count == 0)
            top.Add(new MatchAllDocsQuery(), Occur.MUST);

        // Proximity: the words standing together, above all in the title, is a strong signal.
        var mainTerms = plainConcepts.Where(c => c.MainTerm is not null).Select(c => c.MainTerm!).ToList();
        if (mainTerms.Count >= 2)
        {
            top.Add(Phrase(PaperFields.Title, mainTerms, slop: 2, boost: 1.5f), Occur.SHOULD);
            top.Add(Phrase(PaperFields.Abstract, mainTerms, slop: 4, boost: 0.5f), Occur.SHOULD);
        }

        // A title pasted in whole: the paper with exactly that title comes first. Its words alone do not always put it
        // there; a longer title with one more of them, or with them more often in its abstract, can outscore it.
        if (conceptCount + required.Count > 0 && ExactTitle(userQuery.Text, context.Reader) is { } exactTitle)
            top.Add(exactTitle, Occur.SHOULD);

        string? didYouMean = null;
        if (context.Suggestions.Count > 0)
        {
            var text = string.Join(' ', userQuery.Clauses.Select(c => Render(c)));
            foreach (var (from, to) in context.Suggestions)
                text = ReplaceWord(text, from, to);
            didYouMean = text;
        }

        return new BuiltQuery(top, conceptCount + required.Count > 0, conceptCount, context.Messages, didYouMean, context.Applied,
            MatchesEverything: conceptCount + required.Count + excluded.Count == 0, context.LongFormsWritten, context.AcronymsWritten);
    }

    /// <summary>
    /// The papers whose title is the query, compared by the dedup key (case, punctuation and accents aside), or null when
    /// no paper has that title: most queries are left as they are.
    /// </summary>
    private static TermQuery? ExactTitle(string text, IndexReader reader)
    {
        var key = TitleNormalizer.Normalize(text);
        if (key.Length == 0) return null;
        var term = new Term(PaperFields.Key, key);
        // Scores its boost × idf: well above what the words of a title score, so the paper leads by relevance.
        return reader.DocFreq(term) > 0 ? new TermQuery(term) { Boost = ExactTitleBoost } : null;
    }

    /// <summary>All words for one or two; all but one for up to five; 80% beyond.</summary>
    public static int MinimumShouldMatch(int concepts) =>
        concepts <= 2 ? concepts : concepts <= 5 ? concepts - 1 : (int)Math.Ceiling(concepts * 0.8);

    private sealed class BuildContext(IndexReader reader, WordList words)
    {
        public IndexReader Reader { get; } = reader;
        public WordList Words { get; } = words;
        public List<string> Messages { get; } = [];
        public List<(string From, string To)> Suggestions { get; } = [];
        public List<(string From, string To)> Applied { get; } = [];
        public LongFormSearch LongForms { get; init; }

        /// <summary>The long forms found in the query, as the person wrote them.</summary>
        public List<string> LongFormsWritten { get; } = [];

        /// <summary>The acronyms with long forms found in the query, as the person wrote them.</summary>
        public List<string> AcronymsWritten { get; } = [];
    }

    private sealed record Concept(Query Query, string? MainTerm);

    private IEnumerable<Concept> BuildPlainConcepts(List<string> words, BuildContext context)
    {
        // Analyze each word; drop stop words.
        var analyzed = new List<(string Word, List<List<string>> Positions, int At)>();
        for (var w = 0; w < words.Count; w++)
        {
            var positions = AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, words[w]);
            if (positions.Count > 0) analyzed.Add((words[w], positions, w));
        }

        var firstTerms = analyzed.Select(a => a.Positions[0][0]).ToList();
        for (var i = 0; i < analyzed.Count; i++)
        {
            // A long form in the query also matches its acronym: "graph neural networks" ~ "GNN".
            if (synonyms.MatchLongForm(firstTerms, i) is { } longForm
                && analyzed.Skip(i).Take(longForm.Length).All(a => a.Positions.Count == 1))
            {
                // As written, stop words included ("mixture of experts"), for the message if nothing has it.
                var from = analyzed[i].At;
                var to = analyzed[i + longForm.Length - 1].At;
                context.LongFormsWritten.Add(string.Join(' ', words.Skip(from).Take(to - from + 1)));
                var phraseTerms = firstTerms.Skip(i).Take(longForm.Length).ToList();
                if (context.LongForms == LongFormSearch.AllWords)
                {
                    yield return new Concept(AllOf(phraseTerms), null);
                    i += longForm.Length - 1;
                    continue;
                }
                if (context.LongForms == LongFormSearch.Words)
                {
                    // Each content word a concept; "from" alone is no reason to show a paper.
                    foreach (var term in phraseTerms.Where(t => !LinkingWords.Contains(t)))
                        yield return new Concept(Word(term), term);
                    i += longForm.Length - 1;
                    continue;
                }
                var alternatives = new List<(Func<string, Query> Build, float Weight)>
                {
                    (f => Phrase(f, phraseTerms, slop: 1), 1f),
                    (f => new TermQuery(new Term(f, longForm.Acronym)), SynonymWeight),
                };
                yield return new Concept(AcrossFields(alternatives), null);
                i += longForm.Length - 1;
                continue;
            }

            var (surface, positionsOfWord, _) = analyzed[i];
            var alts = new List<(Func<string, Query> Build, float Weight)>();
            var mainTerm = positionsOfWord.Count == 1 ? positionsOfWord[0][0] : null;
            if (positionsOfWord.Count == 1)
            {
                var terms = positionsOfWord[0];
                foreach (var term in terms)
                    alts.Add((f => new TermQuery(new Term(f, term)), 1f));
                // An acronym also matches its long forms: "GNNs" ~ "graph neural networks". A phrase scores the
                // sum of its words' weights, so it is scaled to one word's: the form typed ranks above its synonym.
                var forms = synonyms.LongForms(terms[0]).Select(form => form.Select(p => p[0]).ToList()).ToList();
                foreach (var formTerms in forms)
                    alts.Add((f => Phrase(f, formTerms, slop: 1), SynonymWeight / formTerms.Count));
                if (forms.Count > 0 && context.LongForms != LongFormSearch.Words) context.AcronymsWritten.Add(surface);
                AddHyphenParts(surface, alts);
                // A word in no paper stands in the proximity phrase as its correction, which is what papers hold.
                mainTerm = AddSpelling(surface, terms, alts, context) ?? mainTerm;
                if (forms.Count > 0 && context.LongForms == LongFormSearch.AllWords)
                {
                    // The fallback: a paper with all the words of a long form, apart, also stands for the acronym.
                    var either = new BooleanQuery(disableCoord: true) { { AcrossFields(alts), Occur.SHOULD } };
                    foreach (var formTerms in forms) either.Add(Boosted(AllOf(formTerms), SynonymWeight / formTerms.Count), Occur.SHOULD);
                    yield return new Concept(either, mainTerm);
                    continue;
                }
                if (forms.Count > 0 && context.LongForms == LongFormSearch.Words)
                {
                    // The last fallback: the long forms' words, each a concept, so "RLHF" finds papers with some of
                    // "reinforcement learning from human feedback". The acronym stands as itself (its long forms are
                    // not phrases here, so "from" is not highlighted), and in no proximity phrase.
                    yield return new Concept(AcrossFields([.. terms.Select(t => ((Func<string, Query>)(f => new TermQuery(new Term(f, t))), 1f))]), null);
                    foreach (var term in forms.SelectMany(f => f).Where(t => !LinkingWords.Contains(t)).Distinct())
                        yield return new Concept(Word(term), term);
                    continue;
                }
            }
            else
            {
                alts.Add((f => MultiPhrase(f, positionsOfWord), 1f));
            }
            yield return new Concept(AcrossFields(alts), mainTerm);
        }
    }

    /// <summary>
    /// All the content words of a long form, anywhere in a paper: "from" in "reinforcement learning from human
    /// feedback" ties the phrase together, and a paper using the other words apart need not have it.
    /// </summary>
    private static BooleanQuery AllOf(IEnumerable<string> terms)
    {
        var all = new BooleanQuery();
        foreach (var term in terms.Where(t => !LinkingWords.Contains(t)))
            all.Add(Word(term), Occur.MUST);
        return all;
    }

    /// <summary>
    /// A hyphenated word also matches its parts written apart, and its acronym when the parts are a long
    /// form: "mixture-of-experts" ~ "mixture of experts" ~ "MoE". (The index holds the parts of hyphenated
    /// words, so the other direction needs nothing.)
    /// </summary>
    private void AddHyphenParts(string surface, List<(Func<string, Query> Build, float Weight)> alts)
    {
        if (!surface.Contains('-')) return;
        var parts = AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, surface.Replace('-', ' ')).Select(p => p[0]).ToList();
        if (parts.Count < 2) return;
        alts.Add((f => Phrase(f, parts, slop: 1), 1f));
        if (synonyms.MatchLongForm(parts, 0) is { } longForm && longForm.Length == parts.Count)
            alts.Add((f => new TermQuery(new Term(f, longForm.Acronym)), SynonymWeight));
    }

    /// <returns>The corrected term when the correction is searched (the word is in no paper), else null.</returns>
    private string? AddSpelling(string surface, List<string> terms, List<(Func<string, Query> Build, float Weight)> alts, BuildContext context)
    {
        var reader = context.Reader;
        var docFreq = terms.Sum(t => reader.DocFreq(new Term(PaperFields.Title, t)) + reader.DocFreq(new Term(PaperFields.Abstract, t)));
        if (docFreq > 2) return null;
        var correction = SpellingCorrector.Suggest(context.Words, surface, minDocFreq: Math.Max(1, docFreq * 5));
        if (correction is null) return null;

        context.Suggestions.Add((surface, correction.Word));
        if (docFreq > 0) return null; // The word exists: suggest, but search what was typed.

        // The word is nowhere in the index: search the correction too, and say so.
        string? first = null;
        foreach (var positions in AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, correction.Word).Take(1))
            foreach (var corrected in positions)
            {
                first ??= corrected;
                alts.Add((f => new TermQuery(new Term(f, corrected)), CorrectionWeight));
            }
        context.Applied.Add((surface, correction.Word));
        return first;
    }

    /// <summary>How many of the most common words a prefix stands for are searched by their stems.</summary>
    internal const int PrefixWordLimit = 256;

    /// <summary>
    /// Papers with a word, as written, that starts with <paramref name="prefix"/>: "learning*" must find
    /// "learning", whose stem "learn" the stemmed fields' own prefix query cannot see. The word list gives the
    /// words (the most common ones, when a short prefix has thousands); each is searched by its stems.
    /// </summary>
    private Query? WordsStartingWith(string prefix, WordList words)
    {
        var common = words.StartingWith(prefix, limit: 20 * PrefixWordLimit)
            .OrderByDescending(w => w.Papers).Take(PrefixWordLimit).Select(w => w.Word);
        var stems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var word in common)
            foreach (var positions in AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, word))
                foreach (var stem in positions)
                    // A stem that itself starts with the prefix is already found by the stemmed fields' prefix query.
                    if (!stem.StartsWith(prefix, StringComparison.Ordinal)) stems.Add(stem);
        if (stems.Count == 0) return null;
        var any = new BooleanQuery(disableCoord: true);
        foreach (var stem in stems.Take(BooleanQuery.MaxClauseCount / 2))
        {
            any.Add(new TermQuery(new Term(PaperFields.Title, stem)), Occur.SHOULD);
            any.Add(new TermQuery(new Term(PaperFields.Abstract, stem)), Occur.SHOULD);
        }
        // One constant score, as a prefix query on the old spelling field had.
        return new ConstantScoreQuery(any);
    }

    private Query? BuildNode(QueryNode node, BuildContext context)
    {
        switch (node)
        {
            case WordNode { Field: PaperFields.Author } author:
                return AuthorQuery(author.Text, phrase: false);
            case PhraseNode { Field: PaperFields.Author } author:
                return AuthorQuery(author.Text, phrase: true);
            case WordNode { Prefix: true } prefix:
            {
                var text = prefix.Text.ToLowerInvariant();
                if (prefix.Field is { } field)
                    return new PrefixQuery(new Term(field == PaperFields.Title ? PaperFields.TitleWords : field, text));
                var dis = new DisjunctionMaxQuery(0.1f)
                {
                    Boosted(new PrefixQuery(new Term(PaperFields.Title, text)), TitleBoost),
                    new PrefixQuery(new Term(PaperFields.Abstract, text)),
                };
                if (WordsStartingWith(text, context.Words) is { } words) dis.Add(Boosted(words, 0.5f));
                return dis;
            }
            case WordNode { FuzzyEdits: { } edits } fuzzy:
            {
                var positions = AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, fuzzy.Text);
                if (positions.Count == 0) return null;
                var term = positions[0][0];
                // Edit-distance matching costs seconds on a word hundreds of letters long: none is a real word.
                if (term.Length > SpellingCorrector.MaxWordLength) return InFields(fuzzy.Field, f => new TermQuery(new Term(f, term)));
                return InFields(fuzzy.Field, f => new FuzzyQuery(new Term(f, term), edits, prefixLength: 1, maxExpansions: 50, transpositions: true));
            }
            case WordNode word:
            {
                var positions = AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, word.Text);
                if (positions.Count == 0) return null;
                return InFields(word.Field, f => positions.Count == 1 ? AnyTerm(f, positions[0]) : MultiPhrase(f, positions));
            }
            case PhraseNode phrase:
            {
                var positions = AnalyzedText.WithGaps(queryAnalyzer, PaperFields.Abstract, phrase.Text);
                if (positions.Count == 0) return null;
                // The index holds a hyphenated word at two positions ("fine-tuning": "fine", then "tuning"), the
                // query analyser at one (so "fine-tuning" also finds "finetuning"). A quoted title with such a
                // word must find its paper, so the phrase is also searched the way the index analysed it.
                var asIndexed = AnalyzedText.WithGaps(indexAnalyzer, PaperFields.Abstract, phrase.Text);
                if (SameLayout(positions, asIndexed)) return InFields(phrase.Field, f => MultiPhrase(f, positions));
                return InFields(phrase.Field, f => new BooleanQuery(disableCoord: true)
                {
                    { MultiPhrase(f, positions), Occur.SHOULD },
                    { MultiPhrase(f, asIndexed), Occur.SHOULD },
                });
            }
            case OrNode or:
            {
                var any = new BooleanQuery(disableCoord: true);
                foreach (var alternative in or.Alternatives)
                    if (BuildNode(alternative, context) is { } q) any.Add(q, Occur.SHOULD);
                return any.Clauses.Count == 0 ? null : any;
            }
            case GroupNode group:
            {
                var inner = Build(new UserQuery(group.Clauses, [], false), context.Reader, context.Words);
                context.Messages.AddRange(inner.Messages);
                return inner.HasPositiveTerms ? inner.Query : null;
            }
        }
        return null;
    }

    private Query AuthorQuery(string text, bool phrase)
    {
        var positions = AnalyzedText.WithGaps(queryAnalyzer, PaperFields.Author, text);
        if (positions.Count == 0) return new TermQuery(new Term(PaperFields.Author, text.ToLowerInvariant()));
        if (phrase || positions.Count > 1) return MultiPhrase(PaperFields.Author, positions);
        return AnyTerm(PaperFields.Author, positions[0].Terms);
    }

    /// <summary>One analysed word, in the title or the abstract.</summary>
    private static Query Word(string term) => AcrossFields([(f => new TermQuery(new Term(f, term)), 1f)]);

    private static Query AcrossFields(List<(Func<string, Query> Build, float Weight)> alternatives)
    {
        var dis = new DisjunctionMaxQuery(0.1f);
        foreach (var (field, boost) in new[] { (PaperFields.Title, TitleBoost), (PaperFields.Abstract, AbstractBoost) })
        {
            var any = new BooleanQuery(disableCoord: true);
            foreach (var (build, weight) in alternatives)
                any.Add(Boosted(build(field), weight), Occur.SHOULD);
            any.Boost = boost;
            dis.Add(any);
        }
        return dis;
    }

    private static Query InFields(string? field, Func<string, Query> build)
    {
        if (field is not null) return build(field);
        return new DisjunctionMaxQuery(0.1f)
        {
            Boosted(build(PaperFields.Title), TitleBoost),
            Boosted(build(PaperFields.Abstract), AbstractBoost),
        };
    }

    private static Query AnyTerm(string field, List<string> terms)
    {
        if (terms.Count == 1) return new TermQuery(new Term(field, terms[0]));
        var any = new BooleanQuery(disableCoord: true);
        foreach (var t in terms) any.Add(new TermQuery(new Term(field, t)), Occur.SHOULD);
        return any;
    }

    private static Query Phrase(string field, IReadOnlyList<string> terms, int slop, float boost = 1f)
    {
        var phrase = new PhraseQuery { Slop = slop, Boost = boost };
        foreach (var term in terms) phrase.Add(new Term(field, term));
        return phrase;
    }

    private static bool SameLayout(List<(int Position, List<string> Terms)> a, List<(int Position, List<string> Terms)> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Position == p.Second.Position);

    private static Query MultiPhrase(string field, List<List<string>> positions) =>
        MultiPhrase(field, [.. positions.Select((terms, i) => (i, terms))]);

    private static Query MultiPhrase(string field, List<(int Position, List<string> Terms)> positions)
    {
        if (positions.Count == 1) return AnyTerm(field, positions[0].Terms);
        var phrase = new MultiPhraseQuery();
        foreach (var (position, alternatives) in positions)
            phrase.Add([.. alternatives.Select(t => new Term(field, t))], position);
        return phrase;
    }

    private static Query Boosted(Query query, float boost)
    {
        query.Boost *= boost;
        return query;
    }

    private static string Render(QueryClause clause)
    {
        var prefix = clause.Occur switch { ClauseOccur.Excluded => "-", ClauseOccur.Required => "+", _ => "" };
        return prefix + RenderNode(clause.Node);
    }

    private static string RenderNode(QueryNode node) => node switch
    {
        WordNode w => FieldPrefix(w.Field) + w.Text + (w.Prefix ? "*" : "") + (w.FuzzyEdits is { } e ? "~" + e : ""),
        PhraseNode p => FieldPrefix(p.Field) + "\"" + p.Text + "\"",
        OrNode o => string.Join(" OR ", o.Alternatives.Select(RenderNode)),
        GroupNode g => "(" + string.Join(' ', g.Clauses.Select(Render)) + ")",
        _ => "",
    };

    private static string FieldPrefix(string? field) => field is null ? "" : field + ":";

    private static string ReplaceWord(string text, string from, string to)
    {
        var index = text.IndexOf(from, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? text : text[..index] + to + text[(index + from.Length)..];
    }
}
