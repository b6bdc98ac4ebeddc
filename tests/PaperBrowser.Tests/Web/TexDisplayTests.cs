using PaperBrowser.Web.Papers;

namespace PaperBrowser.Tests.Web;

/// <summary>TeX in titles and abstracts shown as MathML and symbols, never as raw markup and never as live HTML.</summary>
public sealed class TexDisplayTests
{
    [Fact]
    public void Inline_math_becomes_mathml_with_scripts_attached_to_their_base()
    {
        var html = TexDisplay.ToMathMl("O(n^2)");

        Assert.Equal(
            "<math display=\"inline\"><mrow><mi>O</mi><mo>(</mo><msup><mi>n</mi><mrow><mn>2</mn></mrow></msup><mo>)</mo></mrow></math>",
            html);
    }

    [Fact]
    public void Groups_subscripts_and_greek_letters_are_converted()
    {
        var html = TexDisplay.ToMathMl(@"x_{i+1} \leq \alpha");

        Assert.Contains("<msub><mi>x</mi><mrow><mrow><mi>i</mi><mo>+</mo><mn>1</mn></mrow></mrow></msub>", html);
        Assert.Contains("<mi>≤</mi>", html);
        Assert.Contains("<mi>α</mi>", html);
        Assert.DoesNotContain("\\", html);
    }

    [Fact]
    public void Unknown_formatting_commands_drop_out_and_keep_their_argument()
    {
        var html = TexDisplay.ToMathMl(@"\mathbf{W}");

        Assert.Contains("<mi>W</mi>", html);
        Assert.DoesNotContain("mathbf", html);
    }

    [Fact]
    public void Markup_inside_math_is_encoded()
    {
        var html = TexDisplay.ToMathMl("<img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<img", html);
        Assert.Contains("<mo>&lt;</mo>", html);
        Assert.Contains("<mo>&gt;</mo>", html);
    }

    [Theory]
    [InlineData("x^")]
    [InlineData("{a")]
    [InlineData("a}")]
    [InlineData("\\")]
    [InlineData("^_^")]
    [InlineData("{{{{")]
    public void Malformed_tex_does_not_throw_and_gives_balanced_markup(string tex)
    {
        var html = TexDisplay.ToMathMl(tex);

        Assert.StartsWith("<math", html);
        Assert.EndsWith("</math>", html);
        foreach (var tag in new[] { "mrow", "msup", "msub" })
            Assert.Equal(Count(html, $"<{tag}>"), Count(html, $"</{tag}>"));
    }

    [Fact]
    public void Prettify_turns_dollar_math_into_mathml()
    {
        var html = TexDisplay.Prettify("runs in $O(n^2)$ time");

        Assert.StartsWith("runs in <math", html);
        Assert.EndsWith("</math> time", html);
        Assert.DoesNotContain("$", html);
    }

    [Fact]
    public void Prettify_shows_bare_superscripts_subscripts_and_symbols()
    {
        Assert.Equal("S<sup>2</sup>FT", TexDisplay.Prettify("S^{2}FT"));
        Assert.Equal("x<sub>max</sub>", TexDisplay.Prettify("x_{max}"));
        Assert.Equal("α-entmax", TexDisplay.Prettify(@"\alpha-entmax"));
        Assert.Equal("bold text", TexDisplay.Prettify(@"\textbf{bold} text"));
    }

    [Fact]
    public void Prettify_leaves_unknown_commands_alone()
    {
        Assert.Equal(@"\foo bar", TexDisplay.Prettify(@"\foo bar"));
    }

    [Fact]
    public void Prettify_keeps_highlight_marks_and_encoding()
    {
        var html = TexDisplay.Prettify("&lt;b&gt; <mark>diffusion</mark> models");

        Assert.Equal("&lt;b&gt; <mark>diffusion</mark> models", html);
    }

    [Fact]
    public void Highlight_marks_inside_math_do_not_show_up_as_text()
    {
        var html = TexDisplay.Prettify("cost $O(<mark>n</mark>^2)$");

        Assert.Contains("<math", html);
        Assert.DoesNotContain("&lt;mark", html);
        Assert.DoesNotContain("<mi>m</mi><mi>a</mi><mi>r</mi><mi>k</mi>", html);
        Assert.Contains("<mi>n</mi>", html);
    }

    [Fact]
    public void ToHtml_encodes_plain_text_before_showing_its_tex()
    {
        var html = TexDisplay.ToHtml("<script>alert(1)</script> with $x^2$");

        Assert.StartsWith("&lt;script&gt;alert(1)&lt;/script&gt; with <math", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Markup_hidden_in_dollar_math_stays_text()
    {
        var html = TexDisplay.ToHtml("$<img src=x onerror=alert(1)>$");

        Assert.DoesNotContain("<img", html);
        var tags = System.Text.RegularExpressions.Regex.Matches(html, "</?([A-Za-z]+)").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(tags, tag => Assert.Contains(tag, MathTags));
    }

    private static readonly string[] MathTags = ["math", "mrow", "mi", "mo", "mn", "msup", "msub"];

    [Fact]
    public void A_lone_dollar_sign_is_left_as_it_is()
    {
        Assert.Equal("costs $5 per hour", TexDisplay.Prettify("costs $5 per hour"));
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
