using PaperBrowser.Import;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Import;

public class UrlExtractorTests
{
    [Fact]
    public void Sentence_full_stop_is_not_part_of_the_url()
    {
        var urls = UrlExtractor.Extract("Code is available at https://github.com/facebookresearch/forwardgnn.");

        Assert.Equal(["https://github.com/facebookresearch/forwardgnn"], urls);
    }

    [Fact]
    public void Url_wrapped_in_braces_gives_both_links_without_braces_or_full_stop()
    {
        var urls = UrlExtractor.Extract("Code can be available at https://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}.");

        Assert.Equal(["https://github.com/xuke225/EQ-Net.git", "https://github.com/xuke225/EQ-Net"], urls);
    }

    [Fact]
    public void Closing_parenthesis_of_the_prose_is_dropped()
    {
        var urls = UrlExtractor.Extract("(code and models: https://github.com/chakkritte/EEEA-Net).");

        Assert.Equal(["https://github.com/chakkritte/EEEA-Net"], urls);
    }

    [Fact]
    public void Parenthesis_that_belongs_to_the_url_is_kept()
    {
        var urls = UrlExtractor.Extract("See https://en.wikipedia.org/wiki/Transformer_(machine_learning). And (https://en.wikipedia.org/wiki/Mamba_(model)).");

        Assert.Equal(["https://en.wikipedia.org/wiki/Transformer_(machine_learning)", "https://en.wikipedia.org/wiki/Mamba_(model)"], urls);
    }

    [Fact]
    public void Link_broken_by_a_space_after_the_colon_is_mended()
    {
        var urls = UrlExtractor.Extract("The link to the code: https: //github.com/Graph-COM/Neighborhood-Aware-Temporal-Network.");

        Assert.Equal(["https://github.com/Graph-COM/Neighborhood-Aware-Temporal-Network"], urls);
    }

    [Theory]
    [InlineData("Code for our experiments can be found at github.com/edwardjhu/TP4.", "https://github.com/edwardjhu/TP4")]
    [InlineData("(code: gitlab.com/group/project)", "https://gitlab.com/group/project")]
    [InlineData("Weights at huggingface.co/org/model, code elsewhere.", "https://huggingface.co/org/model")]
    public void Code_repository_without_a_scheme_is_found(string text, string expected)
    {
        Assert.Equal([expected], UrlExtractor.Extract(text));
    }

    [Theory]
    [InlineData("We compare with github.com and gitlab.com users.")]
    [InlineData("Write to me@github.com/help for access.")]
    [InlineData("See notgithub.com/a/b and my.site/github.com/x.")]
    public void Bare_host_names_are_not_links(string text)
    {
        Assert.Empty(UrlExtractor.Extract(text));
    }

    [Theory]
    [InlineData("Project page: https://flowchef.github.io, with demos.", "https://flowchef.github.io")]
    [InlineData("at https://chenyangsi.top/FreeU/.", "https://chenyangsi.top/FreeU/")]
    [InlineData("\"https://example.org/a\"; then", "https://example.org/a")]
    [InlineData(@"\url{http://example.org/data}", "http://example.org/data")]
    [InlineData("<https://example.org/x?y=1&z=2>!", "https://example.org/x?y=1&z=2")]
    public void Trailing_punctuation_and_markup_are_trimmed(string text, string expected)
    {
        Assert.Equal([expected], UrlExtractor.Extract(text));
    }

    [Fact]
    public void Each_url_is_listed_once_and_text_without_urls_gives_none()
    {
        Assert.Single(UrlExtractor.Extract("https://a.io/x and again https://a.io/x."));
        Assert.Empty(UrlExtractor.Extract("No links here, only https:// and www.example.org."));
    }

    [Theory]
    [InlineData("https://github.com/a/b", true)]
    [InlineData("https://gitlab.com/a/b", true)]
    [InlineData("https://huggingface.co/org/model", true)]
    [InlineData("https://gist.github.com/x", true)]
    [InlineData("https://flowchef.github.io", false)]
    [InlineData("https://notgithub.com/a", false)]
    [InlineData("not a url", false)]
    public void Code_hosts_are_told_from_project_pages(string url, bool isCode)
    {
        Assert.Equal(isCode, UrlExtractor.IsCodeUrl(url));
    }

    [Fact]
    public void Every_url_in_the_samples_is_absolute_and_ends_cleanly()
    {
        var abstracts = Directory.GetFiles(Samples.Directory, "*.txt")
            .SelectMany(f => PageCaptureParser.Parse(TextDecoder.Decode(File.ReadAllBytes(f)).Text!).Entries)
            .Select(e => e.Abstract)
            .ToList();

        var withLinks = abstracts.Where(a => a.Contains("http", StringComparison.Ordinal) || a.Contains("github.com/", StringComparison.Ordinal)).ToList();
        var urls = withLinks.SelectMany(UrlExtractor.Extract).ToList();

        Assert.NotEmpty(withLinks);
        Assert.Contains("https://github.com/Graph-COM/Neighborhood-Aware-Temporal-Network", urls);
        Assert.Contains("https://github.com/edwardjhu/TP4", urls);
        Assert.All(withLinks, a => Assert.NotEmpty(UrlExtractor.Extract(a)));
        Assert.All(urls, u =>
        {
            Assert.True(Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal), u);
            Assert.DoesNotMatch(@"[.,;:}\]]$", u);
            Assert.DoesNotContain("{", u);
        });
    }
}
