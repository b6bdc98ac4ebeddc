using System.Text.RegularExpressions;
using Markdig;

namespace PaperBrowser.Web.Papers;

/// <summary>
/// Renders a title or abstract for the paper page through Markdig with raw HTML disabled (paper
/// text is data, never markup), URLs turned into links, and inline TeX shown as MathML.
/// </summary>
public static partial class AbstractRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .Build();

    public static string Abstract(string text) => Render(text, inline: false);

    public static string Title(string text) => Render(text, inline: true);

    private static string Render(string text, bool inline)
    {
        // Math is set aside before Markdown sees it, so "_" and "*" inside $…$ are not emphasis.
        var math = new List<string>();
        var protectedText = InlineMath().Replace(text, m =>
        {
            math.Add(TexDisplay.ToMathMl(m.Groups[1].Value));
            return $"MATHPLACEHOLDER{math.Count - 1}X";
        });
        // Bare TeX outside math: superscripts and symbols ("S^{2}FT", "\alpha").
        protectedText = BareTex().Replace(protectedText, m =>
        {
            math.Add(TexDisplay.Prettify(System.Net.WebUtility.HtmlEncode(m.Value)));
            return $"MATHPLACEHOLDER{math.Count - 1}X";
        });

        var html = Markdown.ToHtml(protectedText, Pipeline).Trim();
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

    [GeneratedRegex(@"MATHPLACEHOLDER(\d+)X")]
    private static partial Regex Placeholder();
}
