using System.Globalization;
using System.Text;
using PaperBrowser.Papers;

namespace PaperBrowser.Web.Papers;

/// <summary>Citation export: BibTeX, RIS, and COinS metadata for reference managers such as Zotero.</summary>
public static class Citation
{
    public static string Key(Paper paper)
    {
        var firstWord = new string([.. paper.Title.TakeWhile(c => !char.IsWhiteSpace(c)).Where(char.IsAsciiLetterOrDigit)]).ToLowerInvariant();
        return $"{(firstWord.Length == 0 ? "paper" : firstWord)}{paper.Published.Year?.ToString(CultureInfo.InvariantCulture) ?? ""}_{paper.Id.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string BibTex(Paper paper, string url)
    {
        var sb = new StringBuilder();
        var type = paper.ArxivId is not null ? "misc" : "article";
        sb.Append('@').Append(type).Append('{').Append(Key(paper)).Append(",\n");
        Field(sb, "title", "{" + BibEscape(paper.Title) + "}");
        if (paper.Authors.Count > 0) Field(sb, "author", BibEscape(string.Join(" and ", paper.Authors)));
        if (paper.Published.Year is { } year) Field(sb, "year", year.ToString(CultureInfo.InvariantCulture));
        if (paper.Published.Month is { } month) Field(sb, "month", CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month).ToLowerInvariant());
        if (paper.ArxivId is { } arxiv) { Field(sb, "eprint", arxiv); Field(sb, "archivePrefix", "arXiv"); }
        if (paper.Doi is { } doi) Field(sb, "doi", doi);
        if (paper.JournalRef is { } journal) Field(sb, "journal", BibEscape(journal));
        Field(sb, "url", url);
        Field(sb, "abstract", BibEscape(paper.Abstract));
        sb.Append("}\n");
        return sb.ToString();
    }

    public static string Ris(Paper paper, string url)
    {
        var sb = new StringBuilder();
        void Line(string tag, string value) => sb.Append(tag).Append("  - ").Append(value.ReplaceLineEndings(" ")).Append("\r\n");
        Line("TY", paper.ArxivId is not null ? "PREP" : "JOUR");
        Line("TI", paper.Title);
        foreach (var author in paper.Authors) Line("AU", author);
        if (paper.Published.Year is { } year)
            Line("PY", year.ToString(CultureInfo.InvariantCulture));
        if (paper.Published.IsComplete)
            Line("DA", $"{paper.Published.Year:0000}/{paper.Published.Month:00}/{paper.Published.Day:00}");
        if (paper.Doi is { } doi) Line("DO", doi);
        if (paper.JournalRef is { } journal) Line("JO", journal);
        Line("AB", paper.Abstract);
        Line("UR", url);
        foreach (var link in paper.Urls) Line("UR", link);
        Line("ER", "");
        return sb.ToString();
    }

    /// <summary>The OpenURL ContextObject that COinS puts in a span's title attribute.</summary>
    public static string Coins(Paper paper, string url)
    {
        var parts = new List<(string, string)>
        {
            ("ctx_ver", "Z39.88-2004"),
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
            ("rft.genre", paper.ArxivId is not null ? "preprint" : "article"),
            ("rft.atitle", paper.Title),
            ("rft_id", url),
        };
        if (paper.Published.Year is { } year) parts.Add(("rft.date", year.ToString(CultureInfo.InvariantCulture)));
        foreach (var author in paper.Authors) parts.Add(("rft.au", author));
        if (paper.Doi is { } doi) parts.Add(("rft_id", "info:doi/" + doi));
        return string.Join("&", parts.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
    }

    private static void Field(StringBuilder sb, string name, string value) => sb.Append("  ").Append(name).Append(" = {").Append(value).Append("},\n");

    private static string BibEscape(string text) =>
        text.Replace("{", "\\{", StringComparison.Ordinal).Replace("}", "\\}", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("&", "\\&", StringComparison.Ordinal).Replace("#", "\\#", StringComparison.Ordinal);
}
