using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBrowser.Search.Analysis;
using Directory = Lucene.Net.Store.Directory;

namespace PaperBrowser.Search.Indexing;

/// <summary>
/// The on-disk index and the searchers over it. Searchers are only ever lent out through a
/// <see cref="SearcherLease"/>; a timer calls <see cref="Refresh"/> so that commits made by an
/// import (in this process or another) become visible without a restart.
/// </summary>
public sealed class PaperIndex : IDisposable
{
    private readonly ILogger<PaperIndex> _logger;
    private readonly System.Threading.Lock _gate = new();
    private SearcherManager? _manager;
    private ReaderManager? _wordsManager;

    public PaperIndex(IOptions<PaperBrowserOptions> options, ILogger<PaperIndex> logger)
    {
        _logger = logger;
        Path = options.Value.IndexDirectory;
        System.IO.Directory.CreateDirectory(Path);
        Directory = FSDirectory.Open(Path);
        // A folder inside the index's: Lucene lists only files, so the papers' index never sees it, and whatever
        // removes or replaces the index folder takes the word list with it.
        WordsDirectory = FSDirectory.Open(System.IO.Path.Combine(Path, "words"));
    }

    public string Path { get; }
    public Directory Directory { get; }
    /// <summary>The word list (see <see cref="WordList"/>), written with every commit of the papers' index.</summary>
    public Directory WordsDirectory { get; }
    public bool WordsExist => DirectoryReader.IndexExists(WordsDirectory);
    public PaperSimilarity Similarity { get; } = new();
    public PaperAnalyzer IndexAnalyzer { get; } = new(indexMode: true);
    public PaperAnalyzer QueryAnalyzer { get; } = new(indexMode: false);

    public bool Exists => DirectoryReader.IndexExists(Directory);

    /// <summary>
    /// Raised after searchers switched to a newer index state. Anything cached from the older
    /// state (rendered pages, API answers) is stale from then on.
    /// </summary>
    public event Action? Changed;

    /// <summary>Borrows the current searcher; dispose the lease to give it back.</summary>
    public SearcherLease Acquire()
    {
        var manager = Manager();
        var words = WordsManager();
        var searcher = manager.Acquire();
        try
        {
            return new SearcherLease(manager, searcher, words, words.Acquire());
        }
        catch
        {
            manager.Release(searcher);
            throw;
        }
    }

    /// <summary>Picks up the latest commit, if there is a newer one. Cheap when nothing changed.</summary>
    public void Refresh()
    {
        try
        {
            if (!Exists) return;
            // Words first: a commit writes them before the papers, so a page that sees the new papers sees their words.
            WordsManager().MaybeRefresh();
            Manager().MaybeRefresh();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A writer in another process may be mid-commit; the next tick will see the finished state.
            _logger.LogDebug(ex, "Index refresh skipped");
        }
    }

    /// <summary>Blocks until searchers see the latest commit (used after an in-process import).</summary>
    public void RefreshNow()
    {
        if (!Exists) return;
        WordsManager().MaybeRefreshBlocking();
        Manager().MaybeRefreshBlocking();
    }

    public IndexWriter OpenWriter(OpenMode mode)
    {
        var config = new IndexWriterConfig(PaperAnalyzer.Version, IndexAnalyzer)
        {
            OpenMode = mode,
            Similarity = Similarity,
            // Larger flushed segments mean less merging during a big rebuild; still well inside the import's memory budget.
            RAMBufferSizeMB = 256,
            // Plain segment files: a compound file copies each new segment once more into one file, to save file
            // handles that a library of a few dozen segments does not run short of. Without compound files a
            // 150,000-paper import spent about 15% less on its final flush and commit, and a fifth less system time.
            UseCompoundFile = false,
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 },
            // Another process (an import in a second container) may hold the lock for a while.
            WriteLockTimeout = 60_000,
        };
        return new IndexWriter(Directory, config);
    }

    private SearcherManager Manager()
    {
        if (_manager is { } manager) return manager;
        lock (_gate)
        {
            if (_manager is not null) return _manager;
            if (!Exists)
            {
                // An empty commit, so there is always something to search.
                using var writer = OpenWriter(OpenMode.CREATE_OR_APPEND);
                writer.Commit();
            }
            var created = new SearcherManager(Directory, new PaperSearcherFactory(Similarity));
            created.AddListener(new ChangeListener(this));
            _manager = created;
            return _manager;
        }
    }

    private ReaderManager WordsManager()
    {
        if (_wordsManager is { } manager) return manager;
        lock (_gate)
        {
            if (_wordsManager is not null) return _wordsManager;
            WordList.CreateEmptyIfMissing(WordsDirectory);
            _wordsManager = new ReaderManager(WordsDirectory);
            return _wordsManager;
        }
    }

    public void Dispose()
    {
        _manager?.Dispose();
        _wordsManager?.Dispose();
        Directory.Dispose();
        WordsDirectory.Dispose();
        IndexAnalyzer.Dispose();
        QueryAnalyzer.Dispose();
    }

    private sealed class ChangeListener(PaperIndex index) : ReferenceManager.IRefreshListener
    {
        public void BeforeRefresh() { }

        public void AfterRefresh(bool didRefresh)
        {
            if (!didRefresh) return;
            try
            {
                index.Changed?.Invoke();
            }
            catch (Exception ex)
            {
                // A listener's failure must not fail the refresh that searches depend on.
                index._logger.LogError(ex, "A listener for index changes failed");
            }
        }
    }

    private sealed class PaperSearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}

/// <summary>A borrowed searcher. Never keep the searcher beyond the lease's <c>using</c> block.</summary>
public sealed class SearcherLease(SearcherManager manager, IndexSearcher searcher, ReaderManager wordsManager, DirectoryReader wordsReader) : IDisposable
{
    private bool _released;
    private WordList? _words;

    public IndexSearcher Searcher => _released ? throw new ObjectDisposedException(nameof(SearcherLease)) : searcher;

    /// <summary>The library's words and their paper counts, as of the same refresh as <see cref="Searcher"/>.</summary>
    public WordList Words => _released ? throw new ObjectDisposedException(nameof(SearcherLease)) : _words ??= new WordList(wordsReader);

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        manager.Release(searcher);
        wordsManager.Release(wordsReader);
    }
}
