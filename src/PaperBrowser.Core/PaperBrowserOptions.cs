using System.ComponentModel.DataAnnotations;
using PaperBrowser.Search;

namespace PaperBrowser;

/// <summary>Settings shared by the web app and the command-line verbs (section "PaperBrowser").</summary>
public sealed class PaperBrowserOptions
{
    public const string SectionName = "PaperBrowser";

    /// <summary>Folder holding the SQLite database and the search index. Created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>How long a command waits for a locked database before it gives up, in seconds.</summary>
    [Range(0, 600)]
    public int DatabaseTimeoutSeconds { get; set; } = 30;

    /// <summary>Import the bundled sample captures when the database holds no papers (first start).</summary>
    public bool ImportSamplesWhenEmpty { get; set; } = true;

    /// <summary>Where the bundled sample captures are; by default the "samples" folder next to the executable.</summary>
    public string SamplesDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>How often the site looks for a newer index state (written by an import in another process).</summary>
    [Range(0.05, 3600)]
    public double IndexRefreshSeconds { get; set; } = 1;

    /// <summary>
    /// How long the site keeps a rendered search page, paper page, feed or API answer for the same URL,
    /// in seconds; 0 turns the cache off. Entries are dropped as soon as the index changes.
    /// </summary>
    [Range(0, 86400)]
    public int PageCacheSeconds { get; set; } = 600;

    /// <summary>
    /// How many threads one search may use: its index segments are split into that many groups searched at once.
    /// 0 means one per core; 1 searches on the request's thread only (for a machine that is busy with other work).
    /// </summary>
    [Range(0, 64)]
    public int SearchThreads { get; set; }

    /// <summary>Searches split over threads only when the index holds at least this many papers (small indexes answer in a few milliseconds anyway).</summary>
    [Range(0, int.MaxValue)]
    public int ParallelSearchMinPapers { get; set; } = SlicedSearch.DefaultMinDocsToSplit;

    public int EffectiveSearchThreads => SearchThreads > 0 ? SearchThreads : Environment.ProcessorCount;

    /// <summary>An edited acronym list to use instead of the built-in one (format: see Search/Data/acronyms.txt).</summary>
    public string? AcronymsFile { get; set; }

    /// <summary>An edited topic taxonomy to use instead of the built-in one (format: see Search/Data/topics.txt).</summary>
    public string? TopicsFile { get; set; }

    public static string DefaultDataDirectory => Path.Combine(Environment.CurrentDirectory, ".data");

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "papers.db");
    public string IndexDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "index");

    public string ConnectionString => $"Data Source={DatabasePath};Default Timeout={DatabaseTimeoutSeconds};Pooling=True";
}
