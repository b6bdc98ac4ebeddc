using System.Collections.Concurrent;
using Lucene.Net.Index;
using PaperBrowser.Papers;

namespace PaperBrowser.Search.Indexing;

/// <summary>
/// A whole new index written while the import stores the papers, instead of read back from the database
/// after it: the import takes one core (parse, dedup, SQLite) and analysis the rest, so a first import of a
/// large file costs about its CPU time spread over the cores rather than the two steps one after the other.
/// The new index replaces the old one only at <see cref="CommitAsync"/>; disposing without a commit rolls it
/// back and searchers never see it. Holds the index's write gate from start to end.
/// </summary>
public sealed class StreamingIndexBuild : IDisposable
{
    private const int QueuedBatches = 4;
    private readonly IndexWriter _writer;
    private readonly PaperDocumentBuilder _documents;
    private readonly WordCounter _words;
    private readonly Lucene.Net.Store.Directory _wordsDirectory;
    private readonly Action _release;
    // Bounded, so a fast import waits for analysis instead of holding the whole file in memory.
    private readonly BlockingCollection<IReadOnlyList<Paper>> _queue = new(QueuedBatches);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _consumer;
    // Each paper written so far, with a hash of the text its words were counted from.
    private readonly Dictionary<int, ulong> _written = [];
    private long _watermark;
    private bool _done;

    internal StreamingIndexBuild(IndexWriter writer, PaperDocumentBuilder documents, WordCounter words,
        Lucene.Net.Store.Directory wordsDirectory, Action release)
    {
        _writer = writer;
        _documents = documents;
        _words = words;
        _wordsDirectory = wordsDirectory;
        _release = release;
        _consumer = Task.Factory.StartNew(Consume, TaskCreationOptions.LongRunning);
    }

    /// <summary>Why the build cannot be committed (null while it is healthy).</summary>
    public string? Failure { get; private set; }

    /// <summary>Hands over papers as the import stored them. Blocks while analysis is behind; never throws.</summary>
    public void Add(IReadOnlyList<Paper> papers)
    {
        if (_stop.IsCancellationRequested || _done) return;
        try
        {
            _queue.Add(papers, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The consumer failed; Failure says why and the caller falls back to a rebuild.
        }
    }

    private void Consume()
    {
        try
        {
            foreach (var batch in _queue.GetConsumingEnumerable(_stop.Token))
            {
                // A paper may come back later in the import (a new version, another file's copy):
                // the first time it is added, after that its document is replaced.
                // Its words are counted again only when its text changed (a new version), not for another source;
                // the old version's words then stay counted too, until a rebuild (see WordList.Add).
                PaperIndexWriter.WriteDocuments(_writer, _documents, _words, [.. batch.Select(Item)], _stop.Token);
                foreach (var paper in batch)
                    _watermark = Math.Max(_watermark, paper.UpdatedUtc.Ticks);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failure = ex.Message;
            _stop.Cancel();
        }
    }

    private (Paper, IEnumerable<string>, bool Replace, bool CountWords) Item(Paper paper)
    {
        var hash = TextHash(paper);
        var seen = _written.TryGetValue(paper.Id, out var old);
        _written[paper.Id] = hash;
        return (paper, paper.Sources.Select(s => s.FileName), seen, !seen || old != hash);
    }

    /// <summary>FNV-1a over title and abstract: equal text, equal hash (within this build).</summary>
    private static ulong TextHash(Paper paper)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in paper.Title) hash = (hash ^ c) * 1099511628211UL;
        hash = (hash ^ '\n') * 1099511628211UL;
        foreach (var c in paper.Abstract) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    /// <summary>
    /// Finishes the analysis and commits the new index if it holds exactly <paramref name="expectedPapers"/>
    /// papers (the database's count after the import). Returns the count, or null when the build failed or
    /// does not match (then nothing was committed; see <see cref="Failure"/>).
    /// </summary>
    public async Task<int?> CommitAsync(int expectedPapers, CancellationToken ct = default)
    {
        if (_done) throw new InvalidOperationException("The build has ended.");
        _queue.CompleteAdding();
        await _consumer.WaitAsync(ct);
        if (Failure is not null) return null;
        var count = await Task.Run(() =>
        {
            if (_written.Count <= PaperIndexWriter.SingleSegmentLimit) _writer.ForceMerge(1);
            return PaperIndexWriter.Commit(_writer, _watermark, () => WordList.Replace(_wordsDirectory, _words.Counts), expectedPapers);
        }, ct);
        if (count is null)
        {
            Failure = "the new index did not hold the same papers as the database";
            return null;
        }
        _done = true;
        return count;
    }

    public void Dispose()
    {
        if (!_done)
        {
            // Not committed: the index stays as it was before the import.
            _stop.Cancel();
            _queue.CompleteAdding();
            try { _consumer.Wait(); } catch (AggregateException) { }
            _writer.Rollback();
            _done = true;
        }
        _writer.Dispose();
        _queue.Dispose();
        _stop.Dispose();
        _release();
    }
}
