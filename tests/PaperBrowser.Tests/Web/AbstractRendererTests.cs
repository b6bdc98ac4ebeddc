using System.Text.RegularExpressions;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Web;

/// <summary>The paper page's title and abstract: paper text is data, never markup; links and TeX are shown nicely.</summary>
public sealed class AbstractRendererTests
{
    private static readonly string[] AllowedTags = ["p", "a", "em", "strong", "code", "math", "mrow", "mi", "mo", "mn", "msup", "msub", "sup", "sub", "br"];

    /// <summary>Every tag in the output is one the renderer means to make, and no attribute can run script.</summary>
    private static void AssertInert(string html)
    {
        foreach (Match tag in Regex.Matches(html, "<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>"))
        {
            Assert.Contains(tag.Groups[2].Value.ToLowerInvariant(), AllowedTags);
            var attributes = tag.Groups[3].Value;
            Assert.DoesNotMatch(@"(?i)\son\w+\s*=", attributes);
            Assert.DoesNotMatch(@"(?i)(href|src)\s*=\s*""?\s*(javascript|vbscript|data):", attributes);
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_script_tag_in_an_abstract_is_shown_as_text()
    {
        var html = AbstractRenderer.Abstract("We study <script>alert(1)</script> attacks.");

        Assert.Equal("<p>We study &lt;script&gt;alert(1)&lt;/script&gt; attacks.</p>", html);
        AssertInert(html);
    }

    [Fact]
    public void An_img_tag_with_an_event_handler_is_shown_as_text()
    {
        var html = AbstractRenderer.Abstract("A picture <img src=x onerror=alert(1)> here.");

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        AssertInert(html);
    }

    [Fact]
    public void A_block_of_html_is_shown_as_text()
    {
        var html = AbstractRenderer.Abstract("<div onclick=\"alert(1)\">\n<iframe src=\"https://evil.example\"></iframe>\n</div>");

        Assert.Contains("&lt;iframe", html);
        AssertInert(html);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JavaScript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](javascript:alert(1))")]
    public void A_script_link_never_becomes_a_live_link(string text)
    {
        var html = AbstractRenderer.Abstract("See " + text + " for details.");

        AssertInert(html);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Images_written_in_the_abstract_are_not_loaded()
    {
        var html = AbstractRenderer.Abstract("Look: ![tracker](https://evil.example/pixel.png)");

        Assert.DoesNotContain("<img", html);
        AssertInert(html);
    }

    [Fact]
    public void Entities_in_the_text_stay_text_as_written()
    {
        var html = AbstractRenderer.Abstract("Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62;");

        AssertInert(html);
        // Shown as the characters the paper has, as the search results and the feed show them.
        Assert.Equal("<p>Tom &amp;amp; Jerry &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;#60;b&amp;#62;</p>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public void A_bare_url_becomes_a_link_that_sends_no_referrer_and_is_not_followed()
    {
        var html = AbstractRenderer.Abstract("Code is at https://github.com/facebookresearch/forwardgnn.");

        Assert.Contains("<a rel=\"nofollow noopener\" href=\"https://github.com/facebookresearch/forwardgnn\">https://github.com/facebookresearch/forwardgnn</a>", html);
        AssertInert(html);
    }

    [Fact]
    public void Inline_math_becomes_mathml_and_the_dollars_are_gone()
    {
        var html = AbstractRenderer.Abstract("Sorting takes $O(n^2)$ time in the worst case.");

        Assert.Contains("<math display=\"inline\">", html);
        Assert.Contains("<msup><mi>n</mi><mrow><mn>2</mn></mrow></msup>", html);
        Assert.DoesNotContain("$", html);
        Assert.DoesNotContain("O(n^2)", html);
    }

    [Fact]
    public void Underscores_and_stars_inside_math_are_not_emphasis()
    {
        var html = AbstractRenderer.Abstract("Between $a_i * b_j$ and $c_k * d$ we go.");

        Assert.DoesNotContain("<em>", html);
        Assert.Equal(2, Regex.Matches(html, "<math ").Count);
    }

    [Fact]
    public void Bare_tex_outside_math_becomes_superscripts_and_symbols()
    {
        var html = AbstractRenderer.Abstract(@"We propose S^{2}FT with \alpha-entmax.");

        Assert.Contains("S<sup>2</sup>FT", html);
        Assert.Contains("α-entmax", html);
        Assert.DoesNotContain("^{", html);
    }

    [Fact]
    public void The_title_is_rendered_inline_without_a_paragraph()
    {
        var html = AbstractRenderer.Title("S$^{2}$FT: Efficient Fine-tuning");

        Assert.DoesNotContain("<p>", html);
        Assert.StartsWith("S<math", html);
        Assert.EndsWith("FT: Efficient Fine-tuning", html);
    }

    [Fact]
    public void A_title_with_a_script_tag_is_text()
    {
        var html = AbstractRenderer.Title("<script>alert(1)</script> Title");

        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; Title", html);
    }

    [Theory]
    [InlineData("MATHPLACEHOLDER0X")]
    [InlineData("MATHPLACEHOLDER7X and $x$")]
    [InlineData("Text mentioning MATHPLACEHOLDER99999999999X.")]
    public void Text_that_looks_like_the_internal_placeholder_is_shown_as_it_is(string text)
    {
        var html = AbstractRenderer.Abstract(text);

        Assert.Contains("MATHPLACEHOLDER", html);
        AssertInert(html);
    }

    [Theory]
    [InlineData("Code at https://example.org/x_{1}y and more.")]
    [InlineData("Code at https://example.org/$x$/y and more.")]
    [InlineData("Code at https://example.org/\\alpha/y and more.")]
    public void Tex_inside_a_url_does_not_break_the_link(string text)
    {
        var html = AbstractRenderer.Abstract(text);

        AssertInert(html);
        var anchors = Regex.Matches(html, "<a [^>]*>");
        Assert.Equal(anchors.Count, Regex.Matches(html, "</a>").Count);
        foreach (Match anchor in anchors)
        {
            Assert.Matches("^<a rel=\"nofollow noopener\" href=\"https://example\\.org/[^\"<>]*\">$", anchor.Value);
            Assert.DoesNotContain("math", anchor.Value);
        }
        Assert.EndsWith("and more.</p>", html);
    }

    [Fact]
    public void Paragraphs_are_kept_apart()
    {
        var html = AbstractRenderer.Abstract("First paragraph.\n\nSecond paragraph.");

        Assert.Equal(2, Regex.Matches(html, "<p>").Count);
    }
}
