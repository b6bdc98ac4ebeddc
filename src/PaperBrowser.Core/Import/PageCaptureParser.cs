using System.Globalization;
using System.Text.RegularExpressions;
using PaperBrowser.Papers;

namespace PaperBrowser.Import;

/// <summary>
/// Reads a text capture of a paper-listing page: page chrome, an optional listing date, then
/// entries of a title line and an abstract line, each optionally followed by metadata lines
/// ("• 3 authors", "·", "Sep 29, 2024 12"). Entries may or may not be separated by blank lines.
/// </summary>
public static partial class PageCaptureParser
{
    /// <summary>Longer lines are refused: no abstract is that long, and such a line is usually a dump of something else.</summary>
    public const int MaxLineLength = 100_000;

    private static readonly HashSet<string> Chrome = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "Subscribe", "Daily Papers", "byAK and the research community",
        "Get trending papers in your email inbox!", "Get trending papers in your email inbox once a day!",
    };

    public static ParseResult Parse(string text)
    {
        var lines = SplitLines(text);
        var entries = new List<ParsedEntry>();
        var problems = new List<ParseProblem>();

        string? listingDate = null;
        var seenEntry = false;
        // Set when a title turned out to have no abstract: its metadata lines are dropped with it.
        var droppedEntry = false;
        (string Text, int Line)? pendingTitle = null;
        EntryBuilder? current = null;

        void Flush()
        {
            if (current is null) return;
            entries.Add(current.Build(entries.Count + 1, listingDate));
            current = null;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var (raw, lineNo) = lines[i];
            if (raw.Length > MaxLineLength)
            {
                problems.Add(new(lineNo, $"line is {raw.Length:N0} characters long (the limit is {MaxLineLength:N0}); skipped"));
                continue;
            }
            var line = raw.Trim();
            if (line.Length == 0) continue;

            if (!seenEntry && pendingTitle is null)
            {
                if (Chrome.Contains(line)) continue;
                if (ListingDate().IsMatch(line)) { listingDate = line; continue; }
                // Some captures glue the first title to the "Subscribe" button text.
                if (line.StartsWith("Subscribe", StringComparison.Ordinal) && line.Length > 9 && !char.IsLower(line[9]))
                    line = line[9..].TrimStart();
            }

            if (current is not null && TryReadMetadata(line, current))
                continue;

            var isMetadata = IsMetadataLine(line);
            if (!isMetadata) droppedEntry = false;

            // Metadata right after a title: the entry has no abstract ("• 3 authors" is not one).
            if (pendingTitle is { } titleOnly && isMetadata)
            {
                problems.Add(new(titleOnly.Line, $"title \"{Shorten(titleOnly.Text)}\" has no abstract; skipped"));
                pendingTitle = null;
                droppedEntry = true;
                continue;
            }

            if (pendingTitle is null)
            {
                if (LooksLikeAbstract(line))
                {
                    problems.Add(new(lineNo, "abstract with no title before it; skipped"));
                    Flush();
                    continue;
                }
                if (isMetadata)
                {
                    if (!droppedEntry)
                        problems.Add(new(lineNo, $"metadata line \"{Shorten(line)}\" does not follow an entry; ignored"));
                    continue;
                }
                Flush();
                pendingTitle = (line, lineNo);
                seenEntry = true;
                continue;
            }

            // We have a title and expect its abstract. A short line followed by an abstract is
            // the next title: the pending one has no abstract.
            if (!LooksLikeAbstract(line) && NextContentLine(lines, i + 1) is { } next && LooksLikeAbstract(next))
            {
                problems.Add(new(pendingTitle.Value.Line, $"title \"{Shorten(pendingTitle.Value.Text)}\" has no abstract; skipped"));
                pendingTitle = (line, lineNo);
                continue;
            }

            current = new EntryBuilder(pendingTitle.Value.Text, line, pendingTitle.Value.Line);
            pendingTitle = null;
        }

        if (pendingTitle is { } last)
            problems.Add(new(last.Line, $"title \"{Shorten(last.Text)}\" has no abstract; skipped"));
        Flush();
        return new ParseResult(entries, problems);
    }

    /// <summary>True when the text has the shape of a page capture (used to pick a parser by content).</summary>
    public static bool LooksLikeAbstract(string line) =>
        line.Length >= 200 || (line.Length >= 80 && SentenceEnd().Matches(line).Count >= 2);

    private static bool IsMetadataLine(string line) =>
        line == "·" || AuthorCount().IsMatch(line) || MetadataDate().IsMatch(line);

    private static bool TryReadMetadata(string line, EntryBuilder entry)
    {
        if (line == "·") return true;
        if (AuthorCount().Match(line) is { Success: true } authors)
        {
            entry.AuthorCount = int.Parse(authors.Groups[1].Value, CultureInfo.InvariantCulture);
            return true;
        }
        if (entry.Published.IsEmpty && MetadataDate().Match(line) is { Success: true } date)
        {
            var month = DateTime.ParseExact(date.Groups["month"].Value, "MMM", CultureInfo.InvariantCulture).Month;
            var day = int.Parse(date.Groups["day"].Value, CultureInfo.InvariantCulture);
            int? year = date.Groups["year"].Success ? int.Parse(date.Groups["year"].Value, CultureInfo.InvariantCulture) : null;
            entry.Published = new PartialDate { Year = year, Month = month, Day = day };
            if (date.Groups["votes"].Success)
                entry.Upvotes = int.Parse(date.Groups["votes"].Value, CultureInfo.InvariantCulture);
            return true;
        }
        return false;
    }

    private static string? NextContentLine(List<(string Text, int Line)> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            var t = lines[i].Text.Trim();
            if (t.Length > 0 && lines[i].Text.Length <= MaxLineLength) return t;
        }
        return null;
    }

    private static List<(string Text, int Line)> SplitLines(string text)
    {
        var lines = new List<(string, int)>();
        var start = 0;
        var lineNo = 1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] is not ('\n' or '\r')) continue;
            lines.Add((text[start..i], lineNo++));
            if (i < text.Length - 1 && text[i] == '\r' && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        return lines;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private sealed class EntryBuilder(string title, string @abstract, int line)
    {
        public int? AuthorCount { get; set; }
        public PartialDate Published { get; set; } = new();
        public int? Upvotes { get; set; }

        public ParsedEntry Build(int position, string? listingDate) => new()
        {
            Title = title,
            Abstract = @abstract,
            Line = line,
            Position = position,
            ListingDate = listingDate,
            AuthorCount = AuthorCount,
            Published = Published,
            Upvotes = Upvotes,
        };
    }

    private const string Months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

    [GeneratedRegex("^(" + Months + @") \d{1,2}$")]
    private static partial Regex ListingDate();

    [GeneratedRegex(@"^•\s*(\d{1,5})\s+authors?$")]
    private static partial Regex AuthorCount();

    [GeneratedRegex("^(?<month>" + Months + @")\s+(?<day>\d{1,2})(,\s*(?<year>(19|20)\d{2}))?(\s+(?<votes>\d{1,7}))?$")]
    private static partial Regex MetadataDate();

    [GeneratedRegex(@"[.!?](\s|$)")]
    private static partial Regex SentenceEnd();
}
