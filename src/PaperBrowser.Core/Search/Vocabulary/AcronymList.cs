namespace PaperBrowser.Search.Vocabulary;

/// <summary>Acronyms and their long forms (acronyms.txt), so "GNN" finds "graph neural network" and back.</summary>
public sealed class AcronymList
{
    private readonly Dictionary<string, List<string>> _longForms = new(StringComparer.OrdinalIgnoreCase);

    private AcronymList() { }

    public IReadOnlyDictionary<string, List<string>> Entries => _longForms;

    public static AcronymList Load(string? path = null)
    {
        var list = new AcronymList();
        foreach (var (line, text) in DataFiles.ReadLines(path, "acronyms.txt"))
        {
            var eq = text.IndexOf('=');
            if (eq <= 0) throw new FormatException($"acronyms.txt line {line}: expected 'ACRONYM = long form'");
            var acronym = text[..eq].Trim();
            var forms = text[(eq + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!list._longForms.TryGetValue(acronym, out var existing))
                list._longForms[acronym] = existing = [];
            existing.AddRange(forms);
        }
        return list;
    }
}
