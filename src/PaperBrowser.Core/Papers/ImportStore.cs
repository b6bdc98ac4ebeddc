using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PaperBrowser.Papers;

/// <summary>
/// The import job's access to the paper tables. EF Core owns the schema (model and migrations) and
/// the rest of the app reads through it; the import talks SQL to the same connection because EF's
/// query compilation and change tracking cost more than the import itself on a cold start (seconds
/// for a few hundred papers). Values are stored the way EF stores them: lists as JSON arrays, dates
/// as "yyyy-MM-dd HH:mm:ss.FFFFFFF", the publication date in Published_* columns.
/// The column lists must follow the model; ImportStoreTests compares them with it.
/// </summary>
internal sealed class ImportStore(SqliteConnection connection) : IDisposable
{
    internal static readonly string[] PaperColumns =
    [
        "Id", "NormalizedTitle", "Title", "Abstract", "AuthorCount", "Authors", "Upvotes", "Urls", "ArxivId", "Categories",
        "Doi", "JournalRef", "Comments", "CreatedUtc", "UpdatedUtc", "Published_Year", "Published_Month", "Published_Day",
    ];

    internal static readonly string[] SourceColumns =
    [
        "Id", "PaperId", "FileName", "ListingDate", "Position", "Line", "Title", "Abstract", "AuthorCount", "Authors", "Upvotes",
        "ArxivId", "Categories", "Doi", "JournalRef", "Comments", "ContentHash", "ImportRunId",
        "Published_Year", "Published_Month", "Published_Day",
    ];

    internal static readonly string[] RunColumns =
    [
        "Id", "StartedUtc", "FinishedUtc", "Files", "EntriesRead", "NewPapers", "UpdatedPapers", "UnchangedEntries",
        "DuplicatesMerged", "FilesFailed",
    ];

    internal static readonly string[] ProblemColumns = ["Id", "ImportRunId", "File", "Line", "Severity", "Message"];

    private static readonly string SelectPapers = $"SELECT {string.Join(", ", PaperColumns)} FROM Papers";
    private static readonly string SelectSources = $"SELECT {string.Join(", ", SourceColumns)} FROM PaperSources";
    private static readonly string InsertPaperSql = InsertSql("Papers", PaperColumns) + " RETURNING Id";
    private static readonly string InsertSourceSql = InsertSql("PaperSources", SourceColumns);
    private static readonly string UpdatePaperSql =
        $"UPDATE Papers SET {string.Join(", ", PaperColumns.Skip(1).Select((c, i) => $"{c} = $p{i + 1}"))} WHERE Id = $p0";

    // Commands are kept by their text so each statement is prepared once per store, not once per row.
    private readonly Dictionary<string, SqliteCommand> _commands = [];

    /// <summary>The transaction the commands run in; null for autocommit.</summary>
    public SqliteTransaction? Transaction { get; set; }

    public SqliteConnection Connection => connection;

    public string DatabasePath => connection.DataSource;

    /// <summary>
    /// A file is imported in one transaction, so a million-record file keeps its whole new database in the
    /// WAL until the commit. Inserts touch index pages all over that file (dedup key, arXiv id, sources), and
    /// a page not in the cache is looked up in a WAL of millions of frames and read back with a system call.
    /// At a million records, 512 MiB instead of 128 MiB took the import (with the index written beside it)
    /// from 626 s to 581 s and its system time from 167 s to 143 s; 384 MiB keeps the import's peak memory
    /// (this cache, the index writer's buffer and the queued papers) well under 2 GiB.
    /// </summary>
    public void PrepareForBulkWrites()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size = -393216;"; // KiB: 384 MiB
        command.ExecuteNonQuery();
    }

    public int InsertRun(ImportRun run) =>
        Convert.ToInt32(Scalar(InsertSql("ImportRuns", RunColumns) + " RETURNING Id", RunValues(run)), CultureInfo.InvariantCulture);

    public void UpdateRun(ImportRun run) =>
        Execute($"UPDATE ImportRuns SET {string.Join(", ", RunColumns.Skip(1).Select((c, i) => $"{c} = $p{i + 1}"))} WHERE Id = $p0", RunValues(run));

    public void InsertProblem(ImportProblem problem) =>
        Execute(InsertSql("ImportProblems", ProblemColumns),
            null, problem.ImportRunId, problem.File, problem.Line, problem.Severity.ToString(), problem.Message);

    /// <summary>Position, dedup key and content hash of every entry stored for a file.</summary>
    public List<(int Position, string Key, string Hash)> LoadFileEntries(string fileName) =>
        Query("SELECT s.Position, p.NormalizedTitle, s.ContentHash FROM PaperSources AS s JOIN Papers AS p ON p.Id = s.PaperId WHERE s.FileName = $p0",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2)), fileName);

    /// <summary>The sources a file has at the given positions (id and paper only).</summary>
    public List<(long Id, int PaperId)> FindFileSources(string fileName, IEnumerable<int> positions) =>
        Query("SELECT Id, PaperId FROM PaperSources WHERE FileName = $p0 AND Position IN (SELECT value FROM json_each($p1))",
            r => (r.GetInt64(0), r.GetInt32(1)), fileName, JsonNumbers(positions));

    /// <summary>Papers with any of the dedup keys or arXiv ids, with all their sources.</summary>
    public List<Paper> FindPapers(IReadOnlyCollection<string> titleKeys, IReadOnlyCollection<string> arxivIds)
    {
        // Two queries rather than one with OR, so each can use its index.
        var papers = Query($"{SelectPapers} WHERE NormalizedTitle IN (SELECT value FROM json_each($p0))", ReadPaper, JsonStrings(titleKeys));
        if (arxivIds.Count > 0)
        {
            var found = papers.Select(p => p.Id).ToHashSet();
            papers.AddRange(Query($"{SelectPapers} WHERE ArxivId IN (SELECT value FROM json_each($p0))", ReadPaper, JsonStrings(arxivIds))
                .Where(p => found.Add(p.Id)));
        }
        LoadSources(papers);
        return papers;
    }

    /// <summary>Papers by id, with all their sources.</summary>
    public List<Paper> LoadPapers(IEnumerable<int> ids)
    {
        var papers = Query($"{SelectPapers} WHERE Id IN (SELECT value FROM json_each($p0))", ReadPaper, JsonNumbers(ids));
        LoadSources(papers);
        return papers;
    }

    public void InsertPaper(Paper paper)
    {
        var values = PaperValues(paper);
        values[0] = null; // the database numbers papers
        paper.Id = Convert.ToInt32(Scalar(InsertPaperSql, values), CultureInfo.InvariantCulture);
    }

    public void UpdatePaper(Paper paper) => Execute(UpdatePaperSql, PaperValues(paper));

    public void InsertSource(PaperSource s) =>
        Execute(InsertSourceSql,
            null, s.PaperId, s.FileName, s.ListingDate, s.Position, s.Line, s.Title, s.Abstract, s.AuthorCount, JsonStrings(s.Authors), s.Upvotes,
            s.ArxivId, JsonStrings(s.Categories), s.Doi, s.JournalRef, s.Comments, s.ContentHash, s.ImportRunId,
            s.Published.Year, s.Published.Month, s.Published.Day);

    public void DeleteSources(IEnumerable<long> ids) =>
        Execute("DELETE FROM PaperSources WHERE Id IN (SELECT value FROM json_each($p0))", JsonNumbers(ids));

    private void LoadSources(List<Paper> papers)
    {
        if (papers.Count == 0) return;
        var byId = papers.ToDictionary(p => p.Id);
        foreach (var source in Query($"{SelectSources} WHERE PaperId IN (SELECT value FROM json_each($p0))", ReadSource, JsonNumbers(byId.Keys)))
        {
            var paper = byId[source.PaperId];
            source.Paper = paper;
            paper.Sources.Add(source);
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }

    private static object?[] PaperValues(Paper p) =>
    [
        p.Id, p.NormalizedTitle, p.Title, p.Abstract, p.AuthorCount, JsonStrings(p.Authors), p.Upvotes, JsonStrings(p.Urls), p.ArxivId,
        JsonStrings(p.Categories), p.Doi, p.JournalRef, p.Comments, p.CreatedUtc, p.UpdatedUtc,
        p.Published.Year, p.Published.Month, p.Published.Day,
    ];

    private static object?[] RunValues(ImportRun r) =>
    [
        r.Id == 0 ? null : r.Id, r.StartedUtc, r.FinishedUtc, JsonStrings(r.Files), r.EntriesRead, r.NewPapers, r.UpdatedPapers,
        r.UnchangedEntries, r.DuplicatesMerged, r.FilesFailed,
    ];

    private static Paper ReadPaper(SqliteDataReader r) => new()
    {
        Id = r.GetInt32(0),
        NormalizedTitle = r.GetString(1),
        Title = r.GetString(2),
        Abstract = r.GetString(3),
        AuthorCount = NullableInt(r, 4),
        Authors = ParseStrings(r.GetString(5)),
        Upvotes = NullableInt(r, 6),
        Urls = ParseStrings(r.GetString(7)),
        ArxivId = NullableString(r, 8),
        Categories = ParseStrings(r.GetString(9)),
        Doi = NullableString(r, 10),
        JournalRef = NullableString(r, 11),
        Comments = NullableString(r, 12),
        CreatedUtc = r.GetDateTime(13),
        UpdatedUtc = r.GetDateTime(14),
        Published = new PartialDate { Year = NullableInt(r, 15), Month = NullableInt(r, 16), Day = NullableInt(r, 17) },
    };

    private static PaperSource ReadSource(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        PaperId = r.GetInt32(1),
        FileName = r.GetString(2),
        ListingDate = NullableString(r, 3),
        Position = r.GetInt32(4),
        Line = r.GetInt32(5),
        Title = r.GetString(6),
        Abstract = r.GetString(7),
        AuthorCount = NullableInt(r, 8),
        Authors = ParseStrings(r.GetString(9)),
        Upvotes = NullableInt(r, 10),
        ArxivId = NullableString(r, 11),
        Categories = ParseStrings(r.GetString(12)),
        Doi = NullableString(r, 13),
        JournalRef = NullableString(r, 14),
        Comments = NullableString(r, 15),
        ContentHash = r.GetString(16),
        ImportRunId = r.GetInt32(17),
        Published = new PartialDate { Year = NullableInt(r, 18), Month = NullableInt(r, 19), Day = NullableInt(r, 20) },
    };

    private static int? NullableInt(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string InsertSql(string table, string[] columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";

    private SqliteCommand Prepare(string sql, object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            _commands[sql] = command;
        }
        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    private void Execute(string sql, params object?[] values) => Prepare(sql, values).ExecuteNonQuery();

    private object? Scalar(string sql, params object?[] values) => Prepare(sql, values).ExecuteScalar();

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params object?[] values)
    {
        var rows = new List<T>();
        using var reader = Prepare(sql, values).ExecuteReader();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    internal static string JsonStrings(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values) writer.WriteStringValue(value);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string JsonNumbers<T>(IEnumerable<T> values) where T : IFormattable =>
        "[" + string.Join(",", values.Select(v => v.ToString(null, CultureInfo.InvariantCulture))) + "]";

    internal static List<string> ParseStrings(string json)
    {
        var values = new List<string>();
        if (json is "[]" or "") return values;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.String) values.Add(reader.GetString()!);
        return values;
    }
}
