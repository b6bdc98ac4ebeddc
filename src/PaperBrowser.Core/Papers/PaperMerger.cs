using PaperBrowser.Import;

namespace PaperBrowser.Papers;

/// <summary>
/// Computes a paper's fields from all of its sources. The result depends only on the set of
/// sources, never on the order they were imported in, which is what makes re-imports idempotent.
/// </summary>
public static class PaperMerger
{
    /// <returns>True when any field of <paramref name="paper"/> changed.</returns>
    public static bool Apply(Paper paper, IReadOnlyCollection<PaperSource> sources)
    {
        if (sources.Count == 0) return false; // Keep what we had: a paper is never emptied by a re-import.

        // The most complete copy wins: longest abstract first, then a stable order.
        var ordered = sources
            .OrderByDescending(s => s.Abstract.Length)
            .ThenBy(s => s.FileName, StringComparer.Ordinal)
            .ThenBy(s => s.Position)
            .ToList();
        var best = ordered[0];

        var authors = ordered.OrderByDescending(s => s.Authors.Count).First().Authors;
        var authorCount = ordered.Max(s => Math.Max(s.AuthorCount ?? 0, s.Authors.Count));
        var published = ordered.OrderByDescending(s => s.Published.Completeness).First().Published;
        var upvotes = ordered.Max(s => s.Upvotes);
        var urls = ordered.SelectMany(s => UrlExtractor.Extract(s.Abstract)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var categories = ordered.SelectMany(s => s.Categories).Distinct(StringComparer.Ordinal).ToList();

        var changed = false;
        Set(paper.Title, best.Title, v => paper.Title = v);
        Set(paper.Abstract, best.Abstract, v => paper.Abstract = v);
        Set(paper.AuthorCount, authorCount == 0 ? null : authorCount, v => paper.AuthorCount = v);
        Set(paper.Published, published, v => paper.Published = v);
        Set(paper.Upvotes, upvotes, v => paper.Upvotes = v);
        Set(paper.ArxivId, ordered.Select(s => s.ArxivId).FirstOrDefault(v => v is not null), v => paper.ArxivId = v);
        Set(paper.Doi, ordered.Select(s => s.Doi).FirstOrDefault(v => v is not null), v => paper.Doi = v);
        Set(paper.JournalRef, ordered.Select(s => s.JournalRef).FirstOrDefault(v => v is not null), v => paper.JournalRef = v);
        Set(paper.Comments, ordered.Select(s => s.Comments).FirstOrDefault(v => v is not null), v => paper.Comments = v);
        if (!paper.Authors.SequenceEqual(authors)) { paper.Authors = [.. authors]; changed = true; }
        if (!paper.Urls.SequenceEqual(urls)) { paper.Urls = urls; changed = true; }
        if (!paper.Categories.SequenceEqual(categories)) { paper.Categories = categories; changed = true; }
        return changed;

        void Set<T>(T current, T value, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(current, value)) return;
            assign(value);
            changed = true;
        }
    }
}
