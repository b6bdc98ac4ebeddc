using System.Text.Json;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Pages;

/// <summary>
/// A site whose first-start import reads files written by the test instead of the bundled
/// samples: the factory's samples folder points at a temp folder filled before the first request.
/// </summary>
public sealed class CraftedSiteFactory : PaperBrowserFactory
{
    private readonly TempDirectory _samples = new();

    public CraftedSiteFactory(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (name, content) in files) _samples.Write(name, content);
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["PaperBrowser:SamplesDirectory"] = _samples.Path,
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _samples.Dispose();
    }
}

/// <summary>
/// Papers written to attack and to exercise the pages: markup, script links and entities in
/// titles and abstracts (a page capture), and TeX, authors and dates (arXiv JSON Lines).
/// </summary>
public sealed class CraftedSite() : Site(new CraftedSiteFactory(Files))
{
    public const string Collection = "Crafted site";

    /// <summary>A word every crafted attack paper has, to find them all with one search.</summary>
    public const string Marker = "zebrafish";

    public const string ScriptTitle = "<script>alert(1)</script> Scripted Zebrafish Diffusion";
    public const string ImageTitle = "Image <img src=x onerror=alert(1)> Zebrafish Tracking";
    public const string EntityTitle = "Entities &lt;b&gt;bold&lt;/b&gt; &amp; &#60;script&#62; in Zebrafish";
    public const string LinkTitle = "Clicking javascript:alert(1) Zebrafish Links";
    /// <summary>A bell and an escape: characters HTML tolerates and XML cannot hold.</summary>
    public const string ControlTitle = "Bell\u0007 and Escape\u001B Zebrafish Signals";

    public const string AttackAbstract =
        "We study zebrafish while the text tries <script>alert(1)</script> and <img src=x onerror=alert(1)> " +
        "and a [link](javascript:alert(1)) and <javascript:alert(1)> and a bare javascript:alert(1) and " +
        "<a href=\"javascript:alert(1)\">anchor</a> and <svg onload=alert(1)> with entities &lt;b&gt;bold&lt;/b&gt; &amp; " +
        "&#60;script&#62;alert(2)&#60;/script&#62; and quotes \" ' in the middle. Nothing here may run as script. " +
        "The abstract is long enough to be read as one.";

    public const string TexTitle = "Quadratic Sorting Bounds in $O(n^2)$ Time";
    public const string TexAbstract =
        "We prove that insertion sort makes $O(n^2)$ comparisons in the worst case and that $\\alpha_{i} \\leq \\beta$ " +
        "holds for every pass. The analysis is elementary and the bound is tight for reversed input sequences of any length.";

    public const string NewestTitle = "Newest Heron Paper on Sorting";
    public const string MiddleTitle = "Middle Heron Paper on Sorting";
    public const string OldestTitle = "Oldest Heron Paper on Sorting";

    private static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["crafted-capture.txt"] = Capture(
            (ScriptTitle, AttackAbstract, "Mar 3, 2024 5"),
            (ImageTitle, AttackAbstract.Replace("We study", "We track", StringComparison.Ordinal), "Mar 4, 2024 2"),
            (EntityTitle, AttackAbstract.Replace("We study", "We encode", StringComparison.Ordinal), "Mar 5, 2024"),
            (LinkTitle, AttackAbstract.Replace("We study", "We link", StringComparison.Ordinal), "Mar 6, 2024"),
            (ControlTitle, "Zebrafish signal with a bell\u0007 and an escape\u001B in the text. " + AttackAbstract.Replace("We study", "We ring", StringComparison.Ordinal), "Mar 7, 2024")),
        ["crafted-arxiv.jsonl"] = JsonLines(
            Arxiv("2401.00001", TexTitle, TexAbstract, "Ada Lovelace, Alan Turing", new DateOnly(2024, 1, 15), doi: "10.1234/sorting.2024"),
            // Grace Hopper wrote the newest (with others) and the oldest (alone, which ranks it first by relevance).
            Arxiv("2402.00002", NewestTitle, Heron("newest"), "Grace Hopper, Edsger Dijkstra, Donald Knuth", new DateOnly(2025, 6, 30)),
            Arxiv("2403.00003", MiddleTitle, Heron("middle"), "Edsger Dijkstra", new DateOnly(2023, 2, 1)),
            Arxiv("2404.00004", OldestTitle, Heron("oldest"), "Grace Hopper", new DateOnly(2019, 9, 9))),
    };

    private static string Heron(string which) =>
        $"The {which} heron paper compares sorting networks on herons. We measure comparisons, swaps and memory traffic " +
        "for merge sort, heap sort and quick sort on many inputs, and report where each one wins.";

    private static string Capture(params (string Title, string Abstract, string Meta)[] entries)
    {
        var text = new System.Text.StringBuilder("new\n\nSubscribe\n\nMar 11\n\n");
        foreach (var (title, @abstract, meta) in entries)
            text.Append(title).Append('\n').Append(@abstract).Append('\n').Append(meta).Append("\n\n");
        return text.ToString();
    }

    private static Dictionary<string, object?> Arxiv(string id, string title, string @abstract, string authors, DateOnly date, string? doi = null) => new()
    {
        ["id"] = id,
        ["title"] = title,
        ["abstract"] = @abstract,
        ["authors"] = authors,
        ["categories"] = "cs.DS",
        ["doi"] = doi,
        ["versions"] = new[] { new Dictionary<string, string> { ["version"] = "v1", ["created"] = date.ToDateTime(new TimeOnly(12, 0)).ToString("R") } },
    };

    private static string JsonLines(params Dictionary<string, object?>[] objects) =>
        string.Join('\n', objects.Select(o => JsonSerializer.Serialize(o.Where(kv => kv.Value is not null).ToDictionary()))) + "\n";
}

[CollectionDefinition(CraftedSite.Collection)]
public sealed class CraftedSiteCollection : ICollectionFixture<CraftedSite>;
