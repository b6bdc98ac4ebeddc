using System.Globalization;
using System.Text;

namespace PaperBrowser.Web.Papers;

/// <summary>Paper page addresses: /papers/{id}/{slug}, the slug made from the title.</summary>
public static class PaperUrl
{
    private const int MaxSlugLength = 80;

    public static string For(int id, string title) => $"/papers/{id.ToString(CultureInfo.InvariantCulture)}/{Slug(title)}";

    public static string Slug(string title)
    {
        var sb = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= MaxSlugLength) break;
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "paper" : slug;
    }
}
