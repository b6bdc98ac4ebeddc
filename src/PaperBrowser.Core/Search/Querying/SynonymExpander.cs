using Lucene.Net.Analysis;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Search.Querying;

/// <summary>
/// Acronyms and long forms from <see cref="AcronymList"/>, in analyzed form, so the query builder
/// can offer "graph neural network" for "GNNs" and "gnn" for "graph neural networks".
/// </summary>
public sealed class SynonymExpander
{
    private readonly Dictionary<string, List<List<List<string>>>> _longFormsByAcronym = new(StringComparer.Ordinal);
    private readonly List<(string[] Terms, string Acronym)> _acronymsByLongForm = [];

    public SynonymExpander(AcronymList acronyms, Analyzer queryAnalyzer)
    {
        foreach (var (acronym, forms) in acronyms.Entries)
        {
            var acronymTerms = AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, acronym);
            if (acronymTerms.Count != 1) continue;
            var key = acronymTerms[0][0];
            foreach (var form in forms)
            {
                var positions = AnalyzedText.Positions(queryAnalyzer, PaperFields.Abstract, form);
                if (positions.Count < 2) continue;
                if (!_longFormsByAcronym.TryGetValue(key, out var list)) _longFormsByAcronym[key] = list = [];
                list.Add(positions);
                // Match long forms on their first term per position ("mixture-of-experts" also has "mixtureofexperts").
                _acronymsByLongForm.Add(([.. positions.Select(p => p[0])], key));
            }
        }
        // Longest long forms first, so "deep reinforcement learning" wins over "reinforcement learning".
        _acronymsByLongForm.Sort((a, b) => b.Terms.Length.CompareTo(a.Terms.Length));
    }

    /// <summary>The long forms (as analyzed positions) of an acronym term, e.g. "gnn".</summary>
    public IReadOnlyList<List<List<string>>> LongForms(string term) =>
        _longFormsByAcronym.TryGetValue(term, out var forms) ? forms : [];

    /// <summary>Finds a long form starting at <paramref name="start"/> in a run of query terms.</summary>
    public (int Length, string Acronym)? MatchLongForm(IReadOnlyList<string> terms, int start)
    {
        foreach (var (form, acronym) in _acronymsByLongForm)
        {
            if (start + form.Length > terms.Count) continue;
            var match = true;
            for (var i = 0; i < form.Length && match; i++)
                match = terms[start + i] == form[i];
            if (match) return (form.Length, acronym);
        }
        return null;
    }
}
