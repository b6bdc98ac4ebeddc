using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PaperBrowser.Papers;

namespace PaperBrowser.Import;

/// <summary>
/// The arXiv metadata snapshot: one JSON object per line (id, title, abstract, authors_parsed,
/// versions, categories, ...). Files run to several gigabytes, so they are read line by line and
/// memory stays flat whatever their size.
/// </summary>
public sealed class ArxivJsonLinesFormat : IImportFormat
{
    /// <summary>Longer lines are refused unread: no paper's metadata is that long.</summary>
    public const int MaxLineLength = 1_000_000;

    private const int ReadBufferBytes = 1 << 20;

    public string Name => "arXiv JSON Lines";

    public bool Matches(string head)
    {
        var text = head.AsSpan().TrimStart().TrimStart('\uFEFF');
        if (text.IsEmpty || text[0] != '{') return false;
        var newline = text.IndexOf('\n');
        // The importer samples only the start of a file, so a long first line arrives cut off.
        var complete = newline >= 0;
        var firstLine = complete ? text[..newline] : text;

        var bytes = new byte[Encoding.UTF8.GetByteCount(firstLine)];
        Encoding.UTF8.GetBytes(firstLine, bytes);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: complete, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1
                    && (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("title"u8) || reader.ValueTextEquals("abstract"u8)))
                    return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }
        // Ran out of text before a key we know; a cut-off object that names one further on still counts.
        return !complete && (firstLine.Contains("\"id\"", StringComparison.Ordinal)
                             || firstLine.Contains("\"title\"", StringComparison.Ordinal)
                             || firstLine.Contains("\"abstract\"", StringComparison.Ordinal));
    }

    public IEnumerable<ImportItem> Read(string path)
    {
        var fallback = new FlaggingDecoderFallback();
        var encoding = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, fallback);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferBytes, FileOptions.SequentialScan);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, ReadBufferBytes);
        var lines = new LineReader(reader, MaxLineLength);

        var lineNumber = 0;
        var position = 0;
        var reportedEncoding = false;
        while (lines.ReadLine(out var line, out var length))
        {
            lineNumber++;
            if (length > MaxLineLength)
            {
                yield return new ParseProblem(lineNumber, string.Create(CultureInfo.InvariantCulture,
                    $"line is {length:N0} characters long (the limit is {MaxLineLength:N0}); skipped"));
                continue;
            }
            if (line.Span.IsWhiteSpace()) continue;
            if (fallback.Triggered && !reportedEncoding && line.Span.Contains('\uFFFD'))
            {
                reportedEncoding = true;
                yield return new ParseProblem(lineNumber, "not valid UTF-8; bytes that could not be read were replaced with \uFFFD");
            }

            var (entry, problem) = ParseLine(line, lineNumber, position + 1);
            if (problem is not null) yield return new ParseProblem(lineNumber, problem);
            if (entry is null) continue;
            position++;
            // The stream is ahead of the line by at most the reader's buffer: close enough for a progress display.
            yield return new ImportItem(entry, null) { BytesRead = stream.Position };
        }
    }

    /// <summary>Maps one line of the snapshot to an entry, or says why it cannot.</summary>
    internal static (ParsedEntry? Entry, string? Problem) ParseLine(ReadOnlyMemory<char> line, int lineNumber, int position)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return (null, $"not valid JSON: {DescribeJsonError(ex)}; skipped");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, $"expected a JSON object, found {Describe(root.ValueKind)}; skipped");

            var id = Text(root, "id");
            var title = CollapseWhitespace(Text(root, "title"));
            var @abstract = CleanAbstract(Text(root, "abstract"));
            var which = id is null ? "entry" : $"entry {id}";
            if (title.Length == 0 && @abstract.Length == 0) return (null, $"{which} has no title and no abstract; skipped");
            if (title.Length == 0) return (null, $"{which} has no title; skipped");
            if (@abstract.Length == 0) return (null, $"{which} has no abstract; skipped");

            var authors = ParsedAuthors(root) ?? SplitAuthors(Text(root, "authors"));
            var entry = new ParsedEntry
            {
                Title = title,
                Abstract = @abstract,
                Line = lineNumber,
                Position = position,
                ArxivId = id,
                Authors = authors,
                AuthorCount = authors.Count == 0 ? null : authors.Count,
                Categories = Text(root, "categories") is { } categories
                    ? [.. categories.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)]
                    : [],
                Published = FirstVersionDate(root) ?? DateFromId(id) ?? new PartialDate(),
                Doi = NullIfEmpty(CollapseWhitespace(Text(root, "doi"))),
                JournalRef = NullIfEmpty(CollapseWhitespace(Text(root, "journal-ref"))),
                Comments = NullIfEmpty(CollapseWhitespace(Text(root, "comments"))),
            };
            return (entry, null);
        }
    }

    private static string DescribeJsonError(JsonException ex)
    {
        // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: n." - only the position helps here.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        message = message.TrimEnd('.', ' ');
        return ex.BytePositionInLine is { } at ? $"{message} (at byte {at})" : message;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>A string field; numbers are taken as written (some tools turn ids into numbers), anything else is absent.</summary>
    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    internal static string CollapseWhitespace(string? text) => Clean(text, keepParagraphs: false);

    /// <summary>
    /// The snapshot wraps abstracts at about 80 columns. Wrapped lines are joined into one paragraph;
    /// a blank line between paragraphs is kept as "\n\n".
    /// </summary>
    internal static string CleanAbstract(string? text) => Clean(text, keepParagraphs: true);

    /// <summary>Trims and turns every run of whitespace into one space, or into "\n\n" where it holds a blank line.</summary>
    private static string Clean(string? text, bool keepParagraphs)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var length = 0;
            var inGap = false;
            var lineBreaks = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    inGap = true;
                    // "\r\n" is one line break; a lone "\r" is one too.
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) lineBreaks++;
                    continue;
                }
                if (inGap && length > 0)
                {
                    if (keepParagraphs && lineBreaks >= 2) { buffer[length++] = '\n'; buffer[length++] = '\n'; }
                    else buffer[length++] = ' ';
                }
                inGap = false;
                lineBreaks = 0;
                buffer[length++] = c;
            }
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>authors_parsed holds [last, first, suffix] per author; null when the field is missing.</summary>
    private static List<string>? ParsedAuthors(JsonElement root)
    {
        if (!root.TryGetProperty("authors_parsed", out var parsed) || parsed.ValueKind != JsonValueKind.Array) return null;
        var authors = new List<string>();
        var parts = new string?[3];
        foreach (var author in parsed.EnumerateArray())
        {
            if (author.ValueKind != JsonValueKind.Array) continue;
            Array.Clear(parts);
            var index = 0;
            foreach (var part in author.EnumerateArray())
            {
                // A fourth element, when present, is an affiliation rather than part of the name.
                if (index == 3) break;
                parts[index++] = part.ValueKind == JsonValueKind.String ? part.GetString() : null;
            }
            var name = CollapseWhitespace(TexAccents.Decode(string.Join(' ', parts[1], parts[0], parts[2])));
            if (name.Length > 0) authors.Add(name);
        }
        return authors.Count > 0 ? authors : null;
    }

    /// <summary>The free-text authors field: "A. One, B. Two and C. Three", with affiliations in parentheses.</summary>
    internal static List<string> SplitAuthors(string? text)
    {
        var authors = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return authors;

        var withoutAffiliations = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) withoutAffiliations.Append(c is '\n' or '\r' or '\t' ? ' ' : c);
        }

        foreach (var piece in withoutAffiliations.ToString().Split([',', ';']))
        {
            foreach (var part in piece.Split(" and ", StringSplitOptions.None))
            {
                var name = part.Trim();
                if (name.StartsWith("and ", StringComparison.Ordinal)) name = name[4..];
                name = CollapseWhitespace(TexAccents.Decode(name));
                if (name.Length > 0) authors.Add(name);
            }
        }
        return authors;
    }

    /// <summary>The date of version 1, from RFC 1123 text such as "Mon, 2 Apr 2007 19:18:42 GMT".</summary>
    private static PartialDate? FirstVersionDate(JsonElement root)
    {
        if (!root.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Array) return null;
        foreach (var version in versions.EnumerateArray())
        {
            if (version.ValueKind != JsonValueKind.Object) return null;
            return ParseRfc1123Date(Text(version, "created"));
        }
        return null;
    }

    internal static PartialDate? ParseRfc1123Date(string? text)
    {
        if (text is null) return null;
        // Parse day, month and year ourselves: the weekday is redundant, and a wrong one should not lose the date.
        var comma = text.IndexOf(',');
        var parts = text[(comma + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return null;
        return DateTime.TryParseExact($"{parts[0]} {parts[1]} {parts[2]}", "d MMM yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var date)
            ? new PartialDate { Year = date.Year, Month = date.Month, Day = date.Day }
            : null;
    }

    /// <summary>
    /// Without versions, the id still tells the month of submission: 2403.01234 is March 2024,
    /// hep-th/9901001 is January 1999. The day is left unknown.
    /// </summary>
    internal static PartialDate? DateFromId(string? id)
    {
        if (id is null) return null;
        var slash = id.LastIndexOf('/');
        var digits = slash >= 0 ? id[(slash + 1)..] : id;
        var isNewStyle = slash < 0 && digits.Length >= 9 && digits[4] == '.';
        var isOldStyle = slash > 0 && digits.Length >= 7;
        if (!isNewStyle && !isOldStyle) return null;
        if (!int.TryParse(digits.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var yy)
            || !int.TryParse(digits.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || month is < 1 or > 12)
            return null;
        // New-style ids began in April 2007; old-style ones ran from 1991.
        var year = isNewStyle ? 2000 + yy : (yy >= 91 ? 1900 + yy : 2000 + yy);
        return new PartialDate { Year = year, Month = month };
    }

    /// <summary>Reads lines without ever holding more than the length limit of one line.</summary>
    private sealed class LineReader(TextReader reader, int maxLength)
    {
        private readonly char[] _chunk = new char[64 * 1024];
        private int _chunkStart;
        private int _chunkEnd;
        private char[] _line = new char[16 * 1024];

        /// <param name="line">The line without its terminator; empty when it is too long.</param>
        /// <param name="length">The line's full length, which exceeds the limit for a line that was skipped.</param>
        public bool ReadLine(out ReadOnlyMemory<char> line, out long length)
        {
            var kept = 0;
            length = 0;
            var any = false;
            var limit = maxLength + 1; // room for the '\r' of a "\r\n" line end
            while (true)
            {
                if (_chunkStart == _chunkEnd)
                {
                    _chunkEnd = reader.Read(_chunk, 0, _chunk.Length);
                    _chunkStart = 0;
                    if (_chunkEnd == 0)
                    {
                        if (!any) { line = default; return false; }
                        break; // the last line had no terminator
                    }
                }
                any = true;
                var available = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
                var newline = available.IndexOf('\n');
                var piece = newline >= 0 ? available[..newline] : available;
                if (length + piece.Length <= limit)
                {
                    if (kept + piece.Length > _line.Length)
                        Array.Resize(ref _line, Math.Max(_line.Length * 2, kept + piece.Length));
                    piece.CopyTo(_line.AsSpan(kept));
                    kept += piece.Length;
                }
                length += piece.Length;
                _chunkStart += newline >= 0 ? newline + 1 : piece.Length;
                if (newline >= 0) break;
            }
            if (length <= limit && kept > 0 && _line[kept - 1] == '\r') { kept--; length--; }
            line = length <= maxLength ? _line.AsMemory(0, kept) : ReadOnlyMemory<char>.Empty;
            return true;
        }
    }

    /// <summary>Replaces undecodable bytes as the default decoder does, but remembers that it had to.</summary>
    private sealed class FlaggingDecoderFallback : DecoderFallback
    {
        public bool Triggered { get; private set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(FlaggingDecoderFallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;

            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Triggered = true;
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0) return '\0';
                _remaining--;
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (_remaining == 1) return false;
                _remaining++;
                return true;
            }
        }
    }
}
