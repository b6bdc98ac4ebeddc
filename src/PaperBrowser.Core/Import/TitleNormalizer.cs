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
        var text = TexCommand().Replace(WithoutLoneSurrogates(title), " ");
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

    // string.Normalize throws on half a surrogate pair, which a query typed in a URL can hold ("%ED%B0%80").
    private static string WithoutLoneSurrogates(string text)
    {
        StringBuilder? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (paired && fixedText is null) continue;
            fixedText ??= new StringBuilder(text, 0, i, text.Length);
            fixedText.Append(paired ? c : ' ');
        }
        return fixedText?.ToString() ?? text;
    }

    [GeneratedRegex(@"\\[A-Za-z]+")]
    private static partial Regex TexCommand();
}
