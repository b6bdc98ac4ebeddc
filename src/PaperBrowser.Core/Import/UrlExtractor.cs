using System.Text.RegularExpressions;

namespace PaperBrowser.Import;

/// <summary>Finds the code repositories and project pages that abstracts link to.</summary>
public static partial class UrlExtractor
{
    private static readonly string[] CodeHosts =
        ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "sourceforge.net", "huggingface.co"];

    public static IReadOnlyList<string> Extract(string text)
    {
        var found = new List<(int At, string Url)>();
        foreach (Match match in Url().Matches(text))
            found.Add((match.Index, $"{match.Groups["scheme"].Value}://{match.Groups["rest"].Value}"));
        AddSchemelessRepositoryLinks(text, found);
        if (found.Count > 1) found.Sort((a, b) => a.At.CompareTo(b.At));

        var urls = new List<string>();
        foreach (var (_, candidate) in found)
        {
            var url = TrimTrailingPunctuation(candidate);
            if (url.Length > "https://".Length && Uri.TryCreate(url, UriKind.Absolute, out _) && !urls.Contains(url, StringComparer.OrdinalIgnoreCase))
                urls.Add(url);
        }
        return urls;
    }

    /// <summary>A link to a source repository (as opposed to a project page or paper site).</summary>
    public static bool IsCodeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && CodeHosts.Any(host => uri.Host.Equals(host, StringComparison.OrdinalIgnoreCase)
                                 || uri.Host.EndsWith("." + host, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A code repository is often given without its scheme ("github.com/user/repo"). Found by host
    /// name rather than by regex: a pattern that has to look behind at every position of every
    /// abstract made imports many times slower.
    /// </summary>
    private static void AddSchemelessRepositoryLinks(string text, List<(int At, string Url)> found)
    {
        foreach (var host in CodeHosts)
        {
            for (var at = text.IndexOf(host, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(host, at + host.Length, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + host.Length;
                if (end >= text.Length || text[end] != '/') continue;
                // Part of a longer name, an e-mail address or a URL that has its scheme.
                if (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '@' or '.' or '/' or ':' or '-')) continue;
                while (end < text.Length && !EndsUrl(text[end])) end++;
                found.Add((at, "https://" + text[at..end]));
            }
        }
    }

    private static bool EndsUrl(char c) => char.IsWhiteSpace(c) || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`';

    private static string TrimTrailingPunctuation(string url)
    {
        // A sentence's full stop or a closing bracket that belongs to the prose is not part of the URL;
        // a closing parenthesis is kept when the URL itself opened one.
        while (url.Length > 0)
        {
            var last = url[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or ']' or '>')
                url = url[..^1];
            else if (last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')'))
                url = url[..^1];
            else
                break;
        }
        return url;
    }

    // Braces end a URL: captures hold forms like "https://a.io/x{https://a.io/x}" (see EndsUrl too).
    // Text copied out of PDFs has "https: //host/...".
    [GeneratedRegex(@"(?<scheme>https?): ?//(?<rest>[^\s<>""{}|\\^`]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
