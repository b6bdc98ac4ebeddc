using PaperBrowser.Search;
using PaperBrowser.Search.Querying;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>The query syntax researchers expect, over a small library written so each operator has one right answer.</summary>
public sealed class QuerySyntaxTests(QuerySyntaxTests.Corpus corpus) : IClassFixture<QuerySyntaxTests.Corpus>
{
    private const string Filler = " Results are reported on public benchmarks with ablations of every component.";

    private const string AllThree = "Kernel methods for quantum annealing schedules";
    private const string QuantumKernelOnly = "Quantum kernel quantum kernel estimation";
    private const string QuantumAnnealingOnly = "Quantum annealing for portfolio selection";
    private const string KernelOnly = "Kernel smoothing of noisy sensor streams";
    private const string AnnealingReversed = "Annealing the learning rate with a kernel";
    private const string Giraffe = "Counting giraffe herds from drone footage";
    private const string Zebra = "Zebra stripe patterns emerge from reaction diffusion";
    private const string TitleOnlyWord = "Tomography of cold atoms";
    private const string AbstractOnlyWord = "Imaging cold atoms in optical lattices";
    private const string ByGarcia = "Tensor sketches for streaming regression";
    private const string Hyphenated = "Fine-tuning giant lizards by structured sparsity";
    private const string Joined = "Finetuning komodo dragons on sparse rewards";

    public static readonly CraftedPaper[] Papers =
    [
        new(AllThree, "We design kernel estimators that tune quantum annealing schedules online." + Filler) { Authors = ["Alice Smith", "Bo Chen"] },
        new(QuantumKernelOnly, "A quantum kernel is estimated with fewer circuit shots; quantum kernel values converge." + Filler) { Authors = ["Carol Jones"] },
        new(QuantumAnnealingOnly, "Quantum annealing selects portfolios under cardinality constraints." + Filler) { Authors = ["Dan Smithson"] },
        new(KernelOnly, "Kernel smoothing removes noise from sensor streams in real time." + Filler) { Authors = ["Eve Adams"] },
        new(AnnealingReversed, "Simulated annealing of the learning rate is compared with a kernel based schedule." + Filler),
        new(Giraffe, "A detector counts each giraffe in aerial drone footage of the savanna." + Filler),
        new(Zebra, "Stripe patterns of the zebra emerge from a reaction diffusion system." + Filler),
        new(TitleOnlyWord, "We reconstruct density profiles of ultracold gases from absorption images." + Filler),
        new(AbstractOnlyWord, "Tomography of ultracold gases in optical lattices recovers density profiles." + Filler),
        new(ByGarcia, "Sketching tensors keeps regression on streams within a memory budget." + Filler) { Authors = ["Maria Garcia-Lopez", "Alice Smith"] },
        new(Hyphenated, "Self-supervised iguana footage trains the lizard models." + Filler),
        new(Joined, "Komodo agents learn from sparse rewards." + Filler),
    ];

    public sealed class Corpus : IAsyncLifetime
    {
        public SearchLibrary Library { get; private set; } = null!;
        public async Task InitializeAsync() => Library = await SearchLibrary.WithPapersAsync(Papers);
        public Task DisposeAsync() { Library.Dispose(); return Task.CompletedTask; }
    }

    private Task<SearchResponse> Search(string query) => corpus.Library.SearchAsync(query);

    private static List<string> Titles(SearchResponse r) => [.. r.Hits.Select(h => h.Title)];

    private static void HasExactly(SearchResponse r, params string[] titles)
    {
        Assert.Equal(titles.Order(StringComparer.Ordinal), Titles(r).Order(StringComparer.Ordinal));
        Assert.Equal(titles.Length, r.Total);
    }

    [Fact]
    public async Task Plain_words_rank_papers_with_all_of_them_first()
    {
        // The two-word papers repeat their words (and one has them in its title twice), yet the paper
        // holding all three words must come first.
        var r = await Search("quantum kernel annealing");
        Assert.Equal(AllThree, r.Hits[0].Title);
        Assert.Contains(QuantumKernelOnly, Titles(r));
        Assert.Contains(QuantumAnnealingOnly, Titles(r));
        Assert.DoesNotContain(Giraffe, Titles(r));
        // One word of three is not enough (most words must match).
        Assert.DoesNotContain(KernelOnly, Titles(r));
        Assert.Empty(r.Messages);
    }

    [Fact]
    public async Task When_no_paper_has_all_words_the_ones_with_some_are_shown_and_the_person_is_told()
    {
        var r = await Search("quantum giraffe");
        Assert.True(r.Total > 0);
        Assert.Contains(Giraffe, Titles(r));
        Assert.Contains(QuantumKernelOnly, Titles(r));
        Assert.Contains(r.Messages, m => m.Contains("No paper matches all of your words", StringComparison.Ordinal));

        // With a paper holding both words, there is no such message.
        var both = await Search("quantum annealing");
        Assert.DoesNotContain(both.Messages, m => m.Contains("No paper matches all", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"Fine-tuning giant lizards by structured sparsity\"", Hyphenated)] // a title pasted in quotes
    [InlineData("\"self-supervised iguana footage\"", Hyphenated)]
    [InlineData("title:\"fine-tuning giant\"", Hyphenated)]
    [InlineData("\"fine-tuning komodo\"", Joined)] // typed with a hyphen, written as one word
    public async Task Quoted_phrases_with_hyphenated_words_find_the_paper_however_it_writes_them(string query, string title)
    {
        HasExactly(await Search(query), title);
    }

    [Fact]
    public async Task Quoted_phrase_needs_the_words_together_and_in_order()
    {
        var r = await Search("\"quantum annealing\"");
        HasExactly(r, AllThree, QuantumAnnealingOnly);

        var kernelSchedule = await Search("\"kernel based schedule\"");
        HasExactly(kernelSchedule, AnnealingReversed);
    }

    [Theory]
    [InlineData("quantum -annealing")]
    [InlineData("quantum NOT annealing")]
    public async Task Exclusion_removes_papers_with_the_word(string query)
    {
        var r = await Search(query);
        HasExactly(r, QuantumKernelOnly);
    }

    [Fact]
    public async Task Or_matches_either_word()
    {
        HasExactly(await Search("giraffe OR zebra"), Giraffe, Zebra);
        // Without OR both words are wanted and no paper has both: the relaxed search says so.
        var and = await Search("giraffe zebra");
        Assert.Contains(and.Messages, m => m.Contains("No paper matches all", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parentheses_group_alternatives()
    {
        HasExactly(await Search("(giraffe OR zebra) drone"), Giraffe);
        HasExactly(await Search("kernel (smoothing OR online)"), KernelOnly, AllThree);
    }

    [Fact]
    public async Task Field_prefixes_restrict_where_a_word_is_looked_for()
    {
        HasExactly(await Search("title:tomography"), TitleOnlyWord);
        HasExactly(await Search("abstract:tomography"), AbstractOnlyWord);
        HasExactly(await Search("tomography"), TitleOnlyWord, AbstractOnlyWord);
        HasExactly(await Search("ti:tomography"), TitleOnlyWord);
    }

    [Fact]
    public async Task Author_prefix_searches_authors()
    {
        HasExactly(await Search("author:smith"), AllThree, ByGarcia);
        HasExactly(await Search("author:\"alice smith\""), AllThree, ByGarcia);
        HasExactly(await Search("author:garcia"), ByGarcia);
        HasExactly(await Search("author:smithson"), QuantumAnnealingOnly);
        // The author's name is not searched as a topic word.
        Assert.Equal(0, (await Search("smithson")).Total);
    }

    [Fact]
    public async Task An_author_phrase_does_not_run_from_one_author_into_the_next()
    {
        // AllThree is by "Alice Smith" and "Bo Chen": the words "smith bo" stand side by side only across the two.
        Assert.Equal(0, (await Search("author:\"smith bo\"")).Total);
        HasExactly(await Search("author:\"bo chen\""), AllThree);
        // Lopez is the end of one author and Alice the start of the next in ByGarcia.
        Assert.Equal(0, (await Search("author:\"lopez alice\"")).Total);
    }

    [Fact]
    public async Task Prefix_wildcard_matches_word_beginnings()
    {
        var r = await Search("anneal*");
        HasExactly(r, AllThree, QuantumAnnealingOnly, AnnealingReversed);
        var streams = await Search("strea*");
        HasExactly(streams, KernelOnly, ByGarcia);
    }

    [Fact]
    public async Task Fuzzy_tilde_tolerates_misspellings()
    {
        var r = await Search("giraffa~");
        HasExactly(r, Giraffe);
        var r1 = await Search("zebre~1");
        HasExactly(r1, Zebra);
    }

    [Theory]
    [InlineData("\"quantum annealing", "quotation mark")]
    [InlineData("(quantum annealing", "parenthesis")]
    [InlineData("quantum annealing)", "parenthesis")]
    [InlineData("quantum annealing OR", "OR")]
    [InlineData("OR quantum annealing", "OR")]
    [InlineData("quantum OR OR annealing", "OR")]
    [InlineData("quantum annealing NOT", "NOT")]
    [InlineData("title: quantum annealing", "field")]
    public async Task Syntax_errors_are_searched_as_plain_text_and_said_so(string query, string reason)
    {
        var r = await Search(query);
        var message = Assert.Single(r.Messages, m => m.Contains("searched as plain text", StringComparison.Ordinal));
        Assert.Contains(reason, message, StringComparison.OrdinalIgnoreCase);
        // As plain text the words still find what they find without the stray syntax.
        Assert.Contains(AllThree, Titles(r));
        Assert.Contains(QuantumAnnealingOnly, Titles(r));
    }

    [Fact]
    public async Task Over_long_queries_are_cut_and_said_so()
    {
        var query = "quantum annealing " + string.Join(' ', Enumerable.Repeat("padding", 200));
        Assert.True(query.Length > UserQueryParser.MaxLength);
        var r = await Search(query);
        Assert.Contains(r.Messages, m => m.Contains($"longer than {UserQueryParser.MaxLength} characters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_terms_are_cut_and_said_so()
    {
        var query = string.Join(' ', Enumerable.Range(0, UserQueryParser.MaxClauses + 10).Select(i => "w" + i));
        var r = await Search(query);
        Assert.Contains(r.Messages, m => m.Contains($"first {UserQueryParser.MaxClauses} terms", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("*nnealing")]
    [InlineData("?nnealing")]
    public async Task Leading_wildcards_are_refused_and_said_so(string query)
    {
        var r = await Search(query);
        Assert.Contains(r.Messages, m => m.Contains("Wildcards at the start of a word are not supported", StringComparison.Ordinal));
        // The rest of the word is searched as a word.
        Assert.DoesNotContain(QuantumAnnealingOnly, Titles(r));
    }

    [Fact]
    public async Task A_too_short_prefix_is_refused_and_said_so()
    {
        var r = await Search("q*");
        Assert.Contains(r.Messages, m => m.Contains("needs at least", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_words_alone_show_everything_with_a_message()
    {
        var r = await Search("the of and");
        Assert.Equal(Papers.Length, r.Total);
        Assert.Contains(r.Messages, m => m.Contains("very common words", StringComparison.Ordinal));
    }

    /// <summary>Inputs that break naive parsers, HTML, SQL or text handling; shared with the API fuzz test.</summary>
    public static readonly IReadOnlyList<string> HostileQueries =
    [
        "*", "**", "?", ":", "::", "\\", "\\\\", "\"", "\"\"", "\"\"\"", "((((", "))))", "()", "(\")", "-", "--", "+", "-*", "~", "~2", "a~9",
        "^", "^2", "$", "$$", "{}", "{{}}", "[", "]", "[a TO z]", "title:", "title:*", "author:", "author:\"", "abstract:(", "foo:bar",
        "AND", "OR", "NOT", "AND OR NOT", "NOT NOT", "( OR )", "(a OR (b AND (c NOT d)))", "\"a (b\" c)", "-(a)", "+\"\"", "title:(a OR b)",
        "'; DROP TABLE Papers; --", "1 OR 1=1", "\" OR \"\"=\"", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;&amp;",
        "\0", "\u0001\u0002\u001f", "quantum\u0000annealing", "\t\r\n", "\u200b", "\ud800", "\udc00x", "😀 quantum", "ｑｕａｎｔｕｍ",
        "%00", "%22", "../../etc/passwd", "${jndi:ldap://x}", "S$^{2}$FT", "\\textbf{x}", "a-", "-a-", "a--b", "a..b", "./", "x/y/z", "a*b?c",
        "quantum~0", "quantum~-1", "quantum~99999999999", "\"quantum\"~", "\"quantum annealing\"~5", "anneal**", "an*",
        new string('(', 300), new string('"', 301), new string('*', 500), new string('a', 10_000), string.Join(' ', Enumerable.Repeat("quantum", 5000)),
        string.Join(" OR ", Enumerable.Repeat("kernel", 400)), string.Concat(Enumerable.Repeat("title:", 200)), string.Concat(Enumerable.Repeat("(a ", 200)),
        string.Concat(Enumerable.Range(0, 2000).Select(i => (char)i)),
    ];

    [Fact]
    public async Task Hostile_inputs_never_throw()
    {
        var failures = new List<string>();
        foreach (var query in HostileQueries)
        {
            try
            {
                var r = await Search(query);
                Assert.InRange(r.Total, 0, Papers.Length);
                Assert.True(r.Hits.Count <= r.Total);
                Assert.All(r.Hits, h => Assert.DoesNotContain("<script", h.TitleHtml, StringComparison.OrdinalIgnoreCase));
                Assert.All(r.Hits.SelectMany(h => h.Fragments), f => Assert.DoesNotContain("<script", f, StringComparison.OrdinalIgnoreCase));
                // The parser alone never yields more clauses than allowed.
                Assert.True(UserQueryParser.Parse(query).Clauses.Count <= UserQueryParser.MaxClauses);
            }
            catch (Exception ex)
            {
                failures.Add($"{Show(query)}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Pathologically_long_words_are_answered_quickly()
    {
        // Edit-distance matching (spelling help, word~) on a word of hundreds of letters took seconds per query.
        var letters = new string([.. Enumerable.Range(161, 340).Select(i => (char)i).Where(char.IsLetter)]);
        string[] queries = [letters, letters + "~", new string('a', 400), new string('a', 400) + "~", "title:" + letters + "~", letters + " " + letters];
        await Search("warm up");
        foreach (var query in queries)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var r = await Search(query);
            clock.Stop();
            Assert.Equal(0, r.Total);
            Assert.True(clock.ElapsedMilliseconds < 1000, $"{Show(query)} took {clock.ElapsedMilliseconds} ms");
        }
    }

    private static string Show(string query)
    {
        var shown = query.Length > 40 ? query[..40] + $"... ({query.Length} chars)" : query;
        return string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
