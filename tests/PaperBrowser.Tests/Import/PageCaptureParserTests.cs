using System.Text;
using PaperBrowser.Import;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Import;

public class PageCaptureParserTests
{
    // Abstracts long enough to look like abstracts (two sentences, over 80 characters).
    private const string AbstractA =
        "We study sparse fine-tuning of large language models. Our method trains a small subset of weights and matches full fine-tuning.";
    private const string AbstractB =
        "Graph neural networks are trained with backpropagation. We propose a forward-only alternative that needs no backward pass at all.";
    private const string AbstractC =
        "Diagrams matter for deep learning. We introduce a diagramming scheme that captures architectures precisely and compactly.";

    private static ParseResult Parse(params string[] lines) => PageCaptureParser.Parse(string.Join("\n", lines));

    private static ParseResult ParseSample(string prefix) =>
        PageCaptureParser.Parse(TextDecoder.Decode(File.ReadAllBytes(Samples.File(prefix))).Text!);

    // --- The real sample captures ---

    [Fact]
    public void The_five_samples_hold_424_entries_and_no_problems()
    {
        var results = new[] { "000", "001", "002", "003", "004" }.Select(ParseSample).ToList();

        Assert.Equal(Samples.Entries, results.Sum(r => r.Entries.Count));
        Assert.All(results, r => Assert.Empty(r.Problems));
        // Every entry pairs a title with a longer abstract.
        Assert.All(results.SelectMany(r => r.Entries), e => Assert.True(e.Abstract.Length > e.Title.Length, e.Title));
    }

    [Fact]
    public void Blank_line_separated_sample_skips_the_chrome_and_keeps_the_listing_date()
    {
        var result = ParseSample("000");
        var lines = File.ReadAllLines(Samples.File("000"));

        var first = result.Entries[0];
        Assert.StartsWith("S$^{2}$FT: Efficient, Scalable and Generalizable LLM Fine-tuning", first.Title);
        Assert.Equal(Array.IndexOf(lines, first.Title) + 1, first.Line);
        Assert.Equal(1, first.Position);
        Assert.All(result.Entries, e => Assert.Equal("Mar 11", e.ListingDate));
        Assert.Equal(Enumerable.Range(1, result.Entries.Count), result.Entries.Select(e => e.Position));
        string[] chrome = ["new", "Subscribe", "byAK and the research community", "Get trending papers in your email inbox!", "Mar 11"];
        Assert.DoesNotContain(result.Entries, e => chrome.Contains(e.Title) || chrome.Contains(e.Abstract));
        // As many entries as the file has title/abstract pairs after its 5 chrome lines.
        Assert.Equal((lines.Count(l => l.Trim().Length > 0) - 5) / 2, result.Entries.Count);
    }

    [Fact]
    public void Unseparated_sample_with_the_first_title_glued_to_Subscribe()
    {
        var result = ParseSample("001");
        var lines = File.ReadAllLines(Samples.File("001"));

        Assert.StartsWith("SubscribeConfigurable EBEN", lines[2]);
        var first = result.Entries[0];
        Assert.Equal(lines[2]["Subscribe".Length..], first.Title);
        Assert.Equal(3, first.Line);
        Assert.Equal(lines[3], first.Abstract);
        Assert.Equal("SAM-UNet:Enhancing Zero-Shot Segmentation of SAM for Universal Medical Images", result.Entries[1].Title);
        Assert.Equal(5, result.Entries[1].Line);
        Assert.All(result.Entries, e => Assert.Null(e.ListingDate));
        Assert.DoesNotContain(result.Entries, e => e.Title.StartsWith("Get trending", StringComparison.Ordinal));
        // No blank lines: two chrome lines, then one title line and one abstract line per entry.
        Assert.Equal((lines.Count(l => l.Trim().Length > 0) - 2) / 2, result.Entries.Count);
    }

    [Fact]
    public void Metadata_sample_reads_author_counts_dates_and_upvotes()
    {
        var result = ParseSample("003");
        var byTitle = result.Entries.ToDictionary(e => e.Title);

        Assert.Equal("Oct 15", result.Entries[0].ListingDate);
        var covid = byTitle["Exploration of Interpretability Techniques for Deep COVID-19 Classification using Chest X-ray Images"];
        Assert.Equal(13, covid.AuthorCount);
        Assert.Equal((2020, 6, 3), (covid.Published.Year, covid.Published.Month, covid.Published.Day));
        Assert.Null(covid.Upvotes);

        // "Feb 8, 2024 1": a full date followed by an upvote count.
        var diagrams = byTitle.Single(kv => kv.Key.StartsWith("Neural Circuit Diagrams", StringComparison.Ordinal)).Value;
        Assert.Equal(1, diagrams.AuthorCount);
        Assert.Equal((2024, 2, 8), (diagrams.Published.Year, diagrams.Published.Month, diagrams.Published.Day));
        Assert.Equal(1, diagrams.Upvotes);

        // "Sep 25": no year, and none is invented.
        var grokking = byTitle.Single(kv => kv.Key.StartsWith("Provable Scaling Laws", StringComparison.Ordinal)).Value;
        Assert.Null(grokking.Published.Year);
        Assert.Equal((9, 25), (grokking.Published.Month, grokking.Published.Day));
        Assert.False(grokking.Published.IsComplete);

        // Every entry of this capture carries an author count and a date, as its lines do.
        var text = File.ReadAllText(Samples.File("003"));
        Assert.Equal(text.Split('\n').Count(l => l.Trim() == "·"), result.Entries.Count);
        Assert.All(result.Entries, e => Assert.NotNull(e.AuthorCount));
        Assert.All(result.Entries, e => Assert.NotNull(e.Published.Month));
        Assert.DoesNotContain(result.Entries, e => e.Title.StartsWith('•') || e.Title == "·" || e.Abstract.StartsWith('•'));
    }

    [Fact]
    public void Date_without_year_but_with_upvotes_is_kept_partial()
    {
        var result = Parse("Oct 15", "", "A Title", "", AbstractA, "", "  • 4 authors", "·", "May 30 4");

        var entry = Assert.Single(result.Entries);
        Assert.Null(entry.Published.Year);
        Assert.Equal((5, 30), (entry.Published.Month, entry.Published.Day));
        Assert.Equal(4, entry.Upvotes);
        Assert.Equal(4, entry.AuthorCount);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void TeX_in_titles_and_abstracts_is_kept_as_written()
    {
        var result = ParseSample("000");
        Assert.Contains(result.Entries, e => e.Title.Contains("S$^{2}$FT", StringComparison.Ordinal));

        var crafted = Parse(@"\textbf{Bold} Poincar\'e Maps", @"We revisit Poincar\'e maps with $\alpha$-divergences. Results hold for S$^{2}$FT and more, as \textbf{shown} here.");
        var entry = Assert.Single(crafted.Entries);
        Assert.Equal(@"\textbf{Bold} Poincar\'e Maps", entry.Title);
        Assert.Contains(@"$\alpha$", entry.Abstract, StringComparison.Ordinal);
    }

    // --- Crafted captures, one per variant ---

    [Fact]
    public void Entries_separated_by_blank_lines()
    {
        var result = Parse("First Paper", "", AbstractA, "", "", "Second Paper", "", AbstractB, "");

        Assert.Equal(["First Paper", "Second Paper"], result.Entries.Select(e => e.Title));
        Assert.Equal([AbstractA, AbstractB], result.Entries.Select(e => e.Abstract));
        Assert.Equal([1, 6], result.Entries.Select(e => e.Line));
        Assert.Equal([1, 2], result.Entries.Select(e => e.Position));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Entries_not_separated_at_all()
    {
        var result = Parse("First Paper", AbstractA, "Second Paper", AbstractB, "Third Paper", AbstractC);

        Assert.Equal(["First Paper", "Second Paper", "Third Paper"], result.Entries.Select(e => e.Title));
        Assert.Equal([1, 3, 5], result.Entries.Select(e => e.Line));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Short_abstract_is_still_the_abstract_of_the_title_before_it()
    {
        var result = Parse("First Paper", "A one-line abstract.", "Second Paper", AbstractB);

        Assert.Equal(["First Paper", "Second Paper"], result.Entries.Select(e => e.Title));
        Assert.Equal("A one-line abstract.", result.Entries[0].Abstract);
    }

    [Theory]
    [InlineData("new")]
    [InlineData("Subscribe")]
    [InlineData("Get trending papers in your email inbox!")]
    [InlineData("Get trending papers in your email inbox once a day!")]
    [InlineData("byAK and the research community")]
    [InlineData("Daily Papers")]
    public void Page_chrome_at_the_top_is_ignored(string chrome)
    {
        var result = Parse(chrome, "", "Mar 11", "", "Only Paper", "", AbstractA);

        var entry = Assert.Single(result.Entries);
        Assert.Equal("Only Paper", entry.Title);
        Assert.Equal("Mar 11", entry.ListingDate);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void All_the_chrome_together_then_a_title_glued_to_Subscribe()
    {
        var result = Parse("new", "Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!",
            "SubscribeSparse Models at Scale", AbstractA, "Dense Models", AbstractB);

        Assert.Equal(["Sparse Models at Scale", "Dense Models"], result.Entries.Select(e => e.Title));
        Assert.Equal(4, result.Entries[0].Line);
        Assert.Null(result.Entries[0].ListingDate);
    }

    [Fact]
    public void A_title_that_merely_starts_with_Subscribe_is_kept_whole()
    {
        var result = Parse("Subscriber Churn Prediction with Transformers", AbstractA);

        Assert.Equal("Subscriber Churn Prediction with Transformers", Assert.Single(result.Entries).Title);
    }

    [Fact]
    public void Listing_date_is_only_read_at_the_top()
    {
        var result = Parse("Mar 12", "First Paper", AbstractA, "Second Paper", AbstractB);

        Assert.All(result.Entries, e => Assert.Equal("Mar 12", e.ListingDate));
        Assert.All(result.Entries, e => Assert.True(e.Published.IsEmpty));
    }

    [Fact]
    public void CRLF_line_endings_BOM_and_trailing_whitespace_read_like_clean_text()
    {
        var clean = Parse("new", "", "Mar 11", "", "First Paper", "", AbstractA, "", "Second Paper", "", AbstractB);
        var messy = string.Join("\r\n", "new  ", "", "Mar 11\t", "  ", "First Paper   ", "", AbstractA + "  ", "\t", "Second Paper ", "", AbstractB + " ") + "\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(messy)).ToArray();

        var decoded = TextDecoder.Decode(bytes);
        var result = PageCaptureParser.Parse(decoded.Text!);

        Assert.Null(decoded.Warning);
        Assert.Equal(clean.Entries, result.Entries);
        Assert.Equal("First Paper", result.Entries[0].Title);
        Assert.Equal(AbstractB, result.Entries[1].Abstract);
    }

    [Fact]
    public void Old_Mac_line_endings_count_lines_too()
    {
        var result = PageCaptureParser.Parse("First Paper\r" + AbstractA + "\rSecond Paper\r" + AbstractB);

        Assert.Equal([1, 3], result.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Title_with_no_abstract_before_another_entry_is_reported_with_its_line()
    {
        var result = Parse("First Paper", "", AbstractA, "", "Lonely Title", "", "Third Paper", "", AbstractC);

        Assert.Equal(["First Paper", "Third Paper"], result.Entries.Select(e => e.Title));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(5, problem.Line);
        Assert.Contains("Lonely Title", problem.Message);
        Assert.Contains("no abstract", problem.Message);
    }

    [Fact]
    public void Title_with_no_abstract_at_the_end_is_reported_with_its_line()
    {
        var result = Parse("First Paper", AbstractA, "Dangling Title");

        Assert.Single(result.Entries);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("Dangling Title", problem.Message);
    }

    [Fact]
    public void Title_with_no_abstract_but_metadata_does_not_take_the_metadata_as_abstract()
    {
        var result = Parse(
            "First Paper", "", AbstractA, "", "  • 3 authors", "·", "Sep 29, 2024", "",
            "Lonely Title", "", "  • 2 authors", "·", "May 24", "",
            "Third Paper", "", AbstractC, "", "  • 5 authors", "·", "Jun 3, 2020");

        Assert.Equal(["First Paper", "Third Paper"], result.Entries.Select(e => e.Title));
        Assert.Equal([3, 5], result.Entries.Select(e => e.AuthorCount));
        Assert.Equal([2024, 2020], result.Entries.Select(e => e.Published.Year));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(9, problem.Line);
        Assert.Contains("Lonely Title", problem.Message);
    }

    [Fact]
    public void Abstract_with_no_title_is_reported_with_its_line_and_skipped()
    {
        var result = Parse("Mar 11", "", AbstractC, "", "First Paper", "", AbstractA, "", AbstractB, "", "Second Paper", "", AbstractC);

        Assert.Equal(["First Paper", "Second Paper"], result.Entries.Select(e => e.Title));
        Assert.Equal([AbstractA, AbstractC], result.Entries.Select(e => e.Abstract));
        Assert.Equal([3, 9], result.Problems.Select(p => p.Line));
        Assert.All(result.Problems, p => Assert.Contains("no title", p.Message));
    }

    [Fact]
    public void Metadata_with_no_entry_is_reported()
    {
        var result = Parse("  • 3 authors", "First Paper", AbstractA);

        Assert.Single(result.Entries);
        Assert.Equal(1, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void Overlong_line_is_skipped_with_its_line_number_and_the_rest_is_read()
    {
        var huge = new string('x', PageCaptureParser.MaxLineLength + 1);
        var result = Parse("First Paper", AbstractA, huge, "Second Paper", AbstractB);

        Assert.Equal(["First Paper", "Second Paper"], result.Entries.Select(e => e.Title));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("characters long", problem.Message);
    }

    [Fact]
    public void Empty_and_chrome_only_text_have_no_entries()
    {
        Assert.Empty(PageCaptureParser.Parse("").Entries);
        Assert.Empty(PageCaptureParser.Parse(" \n\t\r\n").Entries);
        var chromeOnly = Parse("new", "Subscribe", "Daily Papers", "Mar 11");
        Assert.Empty(chromeOnly.Entries);
        Assert.Empty(chromeOnly.Problems);
    }

    [Fact]
    public void Page_capture_format_reads_a_UTF16_file_and_says_so()
    {
        using var temp = new TempDirectory();
        var text = string.Join("\n", "Mar 11", "First Paper", AbstractA);
        var path = temp.Write("utf16.txt", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray());

        var items = new PageCaptureFormat().Read(path).ToList();

        var entry = Assert.Single(items, i => i.Entry is not null).Entry!;
        Assert.Equal("First Paper", entry.Title);
        Assert.Equal(AbstractA, entry.Abstract);
        Assert.Contains(items, i => i.Problem?.Message.Contains("UTF-16") == true);
    }

    [Fact]
    public void Page_capture_format_yields_no_entries_for_a_binary_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("image.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R']);

        var items = new PageCaptureFormat().Read(path).ToList();

        Assert.DoesNotContain(items, i => i.Entry is not null);
    }
}
