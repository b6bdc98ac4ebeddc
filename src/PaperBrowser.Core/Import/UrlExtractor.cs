using System.Text.RegularExpressions;

namespace PaperBrowser.Import;

/// <summary>Finds the code repositories and project pages that abstracts link to.</summary>
public static partial class UrlExtractor
{
    private static readonly string[] CodeHosts =
        ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "sourceforge.net", "huggingface.co"];

    public static IReadOnlyList<string> Extract(string text)
    {
        var urls = new List<string>();
        foreach (Match match in Url().Matches(text))
        {
            var found = match.Groups["bare"].Success
                ? "https://" + match.Groups["bare"].Value
                : $"{match.Groups["scheme"].Value}://{match.Groups["rest"].Value}";
            var url = TrimTrailingPunctuation(found);
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

    // Braces end a URL: captures hold forms like "https://a.io/x{https://a.io/x}". Text copied out of
    // PDFs has "https: //host/..."; and a code repository is often given without its scheme
    // ("github.com/user/repo", never after a letter, "@", "/" or "."). The hosts are those of CodeHosts.
    [GeneratedRegex(@"(?<scheme>https?): ?//(?<rest>[^\s<>""{}|\\^`]+)" +
                    @"|(?<![\w@./:-])(?<bare>(?:[a-z0-9-]+\.)*(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|gitee\.com|sourceforge\.net|huggingface\.co)/[^\s<>""{}|\\^`]+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
