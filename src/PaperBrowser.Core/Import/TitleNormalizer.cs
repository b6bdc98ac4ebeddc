using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperBrowser.Import;

/// <summary>
/// Builds the deduplication key of a title: case, punctuation, whitespace, diacritics and TeX
/// markup are dropped, so "S$^{2}$FT: Efficient…" and "S2FT - efficient…" are the same paper.
/// </summary>
public static partial class TitleNormalizer
{
    public static string Normalize(string title)
    {
        // TeX control words (\textbf, \alpha) carry no identity; their arguments do.
        var text = TexCommand().Replace(title, " ");
        text = text.Normalize(NormalizationForm.FormKD);
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsLetterOrDigit(c))
                key.Append(char.ToLowerInvariant(c));
        }
        return key.ToString();
    }

    [GeneratedRegex(@"\\[A-Za-z]+")]
    private static partial Regex TexCommand();
}
