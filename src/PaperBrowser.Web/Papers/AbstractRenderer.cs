using System.Text.RegularExpressions;
using Markdig;
using Markdig.Parsers.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PaperBrowser.Web.Papers;

/// <summary>
/// Renders a title or abstract for the paper page through Markdig with raw HTML disabled (paper
/// text is data, never markup), URLs turned into links, and inline TeX shown as MathML.
/// </summary>
public static partial class AbstractRenderer
{
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    // Math is set aside under placeholders made of private-use characters, which are taken out
    // of the text first: paper text can never forge one.
    private const char PlaceholderStart = '\uE000';
    private const char PlaceholderEnd = '\uE001';

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks();
        // "[text](url)" and "![alt](src)" stay text: an abstract must not link to script
        // ("javascript:") or make the browser load images from elsewhere.
        builder.InlineParsers.TryRemove<LinkInlineParser>();
        // "&lt;" in paper text is those four characters, as in the search results and the feed.
        builder.InlineParsers.TryRemove<HtmlEntityParser>();
        return builder.Build();
    }

    public static string Abstract(string text) => Render(text, inline: false);

    public static string Title(string text) => Render(text, inline: true);

    private static string Render(string text, bool inline)
    {
        // Math is set aside before Markdown sees it, so "_" and "*" inside $…$ are not emphasis.
        var math = new List<string>();
        text = text.Replace(PlaceholderStart.ToString(), "", StringComparison.Ordinal).Replace(PlaceholderEnd.ToString(), "", StringComparison.Ordinal);
        var protectedText = InlineMath().Replace(text, m =>
        {
            math.Add(TexDisplay.ToMathMl(m.Groups[1].Value));
            return $"{PlaceholderStart}{math.Count - 1}{PlaceholderEnd}";
        });
        // Bare TeX outside math: superscripts and symbols ("S^{2}FT", "\alpha").
        protectedText = BareTex().Replace(protectedText, m =>
        {
            math.Add(TexDisplay.Prettify(System.Net.WebUtility.HtmlEncode(m.Value)));
            return $"{PlaceholderStart}{math.Count - 1}{PlaceholderEnd}";
        });

        var document = Markdown.Parse(protectedText, Pipeline);
        // "<scheme:...>" autolinks are kept only for the web and e-mail.
        foreach (var link in document.Descendants<AutolinkInline>().ToList())
        {
            if (!link.IsEmail && !IsWebUrl(link.Url))
                link.ReplaceBy(new LiteralInline($"<{link.Url}>"));
        }
        var html = document.ToHtml(Pipeline).Trim();
        if (inline && html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal))
            html = html[3..^4];
        html = Placeholder().Replace(html, m => math[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
        // Links leave the site: no referrer, no follow.
        return html.Replace("<a href=", "<a rel=\"nofollow noopener\" href=", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$([^$]{1,200})\$")]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"[\^_]\{[\w.+\-]{1,12}\}|\\(?:[A-Za-z]+)(?:\{[^{}]*\})?")]
    private static partial Regex BareTex();

    private static bool IsWebUrl(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("\uE000(\\d+)\uE001")]
    private static partial Regex Placeholder();
}
