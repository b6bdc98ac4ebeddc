using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PaperBrowser.Bench.Infra;
using PaperBrowser.Import;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Bench;

/// <summary>
/// The comparison engine for `scale`: SQLite FTS5 (the SQLite bundled with Microsoft.Data.Sqlite), built from the
/// same JSON Lines file with the same parser, the same dedup key and the same topic taxonomy, and queried for the same
/// work as the app: bm25 ranking with the title weighted (10:1), snippet()/highlight() for highlights, and facet counts
/// by GROUP BY over the whole match set through side tables joined on rowid.
/// </summary>
public sealed class Fts5Index : IDisposable
{
    public const string Tokenizer = "porter unicode61 remove_diacritics 2";

    private readonly SqliteConnection _connection;

    public Fts5Index(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _connection.Open();
        Exec("PRAGMA cache_size = -262144"); // up to 256 MiB of page cache, as a tuned deployment would give it
        Exec("PRAGMA temp_store = MEMORY");
        RowCount = Convert.ToInt32(Scalar("SELECT count(*) FROM meta"), CultureInfo.InvariantCulture);
    }

    public int RowCount { get; }

    public void Dispose() => _connection.Dispose();

    private void Exec(string sql)
    {
        using var c = _connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var c = _connection.CreateCommand();
        c.CommandText = sql;
        return c.ExecuteScalar();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var c = _connection.CreateCommand();
        c.CommandText = sql;
        foreach (var p in parameters) c.Parameters.Add(new SqliteParameter(p, ""));
        c.Prepare();
        return c;
    }

    private SqliteCommand? _top, _topHighlighted, _facets, _browseTop, _browseFacets, _relatedSource, _related;

    /// <summary>(a) Top 10 by bm25 (title weight 10, abstract 1): rowids only.</summary>
    public int Top10(string match)
    {
        _top ??= Prepare("SELECT rowid FROM fts WHERE fts MATCH $q ORDER BY bm25(fts, 10.0, 1.0) LIMIT 10", "$q");
        _top.Parameters[0].Value = match;
        using var r = _top.ExecuteReader();
        var n = 0;
        while (r.Read()) { _ = r.GetInt64(0); n++; }
        return n;
    }

    /// <summary>(b) Top 10 with the title highlighted and an abstract snippet, plus total and category/year/topic counts over every match.</summary>
    public int Top10WithFacets(string match)
    {
        _topHighlighted ??= Prepare(
            "SELECT rowid, highlight(fts, 0, '<mark>', '</mark>'), snippet(fts, 1, '<mark>', '</mark>', '…', 32) " +
            "FROM fts WHERE fts MATCH $q ORDER BY bm25(fts, 10.0, 1.0) LIMIT 10", "$q");
        _topHighlighted.Parameters[0].Value = match;
        using (var r = _topHighlighted.ExecuteReader())
            while (r.Read()) { _ = r.GetInt64(0); _ = r.GetString(1); _ = r.GetString(2); }

        _facets ??= Prepare("""
            WITH m AS MATERIALIZED (SELECT rowid AS id FROM fts WHERE fts MATCH $q)
            SELECT 'total', NULL, count(*) FROM m
            UNION ALL SELECT 'year', meta.year, count(*) FROM m JOIN meta ON meta.id = m.id GROUP BY meta.year
            UNION ALL SELECT 'category', c.category, count(*) FROM m JOIN paper_category c ON c.paper = m.id GROUP BY c.category
            UNION ALL SELECT 'topic', t.topic, count(*) FROM m JOIN paper_topic t ON t.paper = m.id GROUP BY t.topic
            """, "$q");
        _facets.Parameters[0].Value = match;
        var total = 0;
        using (var r = _facets.ExecuteReader())
            while (r.Read())
                if (r.GetString(0) == "total") total = r.GetInt32(2);
        return total;
    }

    /// <summary>(c) Newest 10 and the facet counts over the whole library.</summary>
    public int BrowseNewest()
    {
        _browseTop ??= Prepare("SELECT m.id, f.title, substr(f.abstract, 1, 280) FROM meta m JOIN fts f ON f.rowid = m.id ORDER BY m.date_key DESC, m.id DESC LIMIT 10");
        using (var r = _browseTop.ExecuteReader())
            while (r.Read()) { _ = r.GetInt64(0); _ = r.GetString(1); }
        _browseFacets ??= Prepare("""
            SELECT 'year', year, count(*) FROM meta GROUP BY year
            UNION ALL SELECT 'category', category, count(*) FROM paper_category GROUP BY category
            UNION ALL SELECT 'topic', topic, count(*) FROM paper_topic GROUP BY topic
            """);
        var groups = 0;
        using (var r = _browseFacets.ExecuteReader())
            while (r.Read()) groups++;
        return groups;
    }

    /// <summary>
    /// Related papers: the paper's title words and its 20 longest distinct abstract words as an OR query, ranked by
    /// bm25, the paper itself left out. (A simple more-like-this; the app weighs terms by idf and topics too.)
    /// </summary>
    public int Related(long rowid)
    {
        _relatedSource ??= Prepare("SELECT title, abstract FROM fts WHERE rowid = $id", "$id");
        _relatedSource.Parameters[0].Value = rowid;
        string title, @abstract;
        using (var r = _relatedSource.ExecuteReader())
        {
            if (!r.Read()) return 0;
            (title, @abstract) = (r.GetString(0), r.GetString(1));
        }
        var words = QuerySet.Words(title).Concat(QuerySet.Words(@abstract).Distinct().OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Take(20))
            .Distinct().Take(30).Select(Quote);
        var match = string.Join(" OR ", words);
        if (match.Length == 0) return 0;
        _related ??= Prepare("SELECT rowid FROM fts WHERE fts MATCH $q AND rowid <> $id ORDER BY bm25(fts, 10.0, 1.0) LIMIT 8", "$q", "$id");
        _related.Parameters[0].Value = match;
        _related.Parameters[1].Value = rowid;
        var n = 0;
        using (var r = _related.ExecuteReader())
            while (r.Read()) n++;
        return n;
    }

    public List<long> RowIds()
    {
        using var c = _connection.CreateCommand();
        c.CommandText = "SELECT id FROM meta ORDER BY id";
        using var r = c.ExecuteReader();
        var ids = new List<long>(RowCount);
        while (r.Read()) ids.Add(r.GetInt64(0));
        return ids;
    }

    public static string Quote(string word) => "\"" + word.Replace("\"", "\"\"") + "\"";

    // ---- building -------------------------------------------------------------------------------------------

    public sealed record BuildStats(int Rows, int Skipped, double ParseSeconds, double ClassifySeconds, double InsertSeconds,
        double IndexSeconds, double OptimizeSeconds, double TotalSeconds);

    /// <summary>`fts5-build --jsonl FILE --db FILE`: run under /usr/bin/time by `scale`; prints its stats as JSON.</summary>
    public static Task<int> BuildCommandAsync(Args args)
    {
        var stats = Build(args.Required("jsonl"), args.Required("db"));
        Console.WriteLine(JsonSerializer.Serialize(stats));
        return Task.FromResult(0);
    }

    public static BuildStats Build(string jsonl, string dbPath)
    {
        var total = Stopwatch.StartNew();
        foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
            if (File.Exists(f)) File.Delete(f);
        var topics = TopicTaxonomy.Load();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        connection.Open();
        void Exec(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            c.ExecuteNonQuery();
        }
        // The app's database settings: WAL, default synchronous. One transaction for the whole build.
        Exec("PRAGMA journal_mode = WAL");
        Exec($"CREATE VIRTUAL TABLE fts USING fts5(title, abstract, tokenize = '{Tokenizer}')");
        Exec("CREATE TABLE meta (id INTEGER PRIMARY KEY, date_key INTEGER NOT NULL, year INTEGER)");
        Exec("CREATE TABLE paper_category (paper INTEGER NOT NULL, category TEXT NOT NULL, PRIMARY KEY (paper, category)) WITHOUT ROWID");
        Exec("CREATE TABLE paper_topic (paper INTEGER NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (paper, topic)) WITHOUT ROWID");

        using var tx = connection.BeginTransaction();
        SqliteCommand Insert(string sql, params string[] names)
        {
            var c = connection.CreateCommand();
            c.Transaction = tx;
            c.CommandText = sql;
            foreach (var n in names) c.Parameters.Add(new SqliteParameter(n, ""));
            c.Prepare();
            return c;
        }
        using var insertFts = Insert("INSERT INTO fts (rowid, title, abstract) VALUES ($id, $t, $a)", "$id", "$t", "$a");
        using var insertMeta = Insert("INSERT INTO meta (id, date_key, year) VALUES ($id, $d, $y)", "$id", "$d", "$y");
        using var insertCategory = Insert("INSERT OR IGNORE INTO paper_category (paper, category) VALUES ($id, $c)", "$id", "$c");
        using var insertTopic = Insert("INSERT OR IGNORE INTO paper_topic (paper, topic) VALUES ($id, $t)", "$id", "$t");

        // The app's dedup identity: arXiv id, else the normalized title. Later copies are skipped (the app merges them).
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenTitles = new HashSet<string>(StringComparer.Ordinal);
        double parse = 0, classify = 0, insert = 0;
        int rows = 0, skipped = 0;
        using var entries = new ArxivJsonLinesFormat().Read(jsonl).GetEnumerator();
        while (true)
        {
            var t = Stopwatch.GetTimestamp();
            if (!entries.MoveNext()) break;
            var entry = entries.Current.Entry;
            var key = entry is null ? null : TitleNormalizer.Normalize(entry.Title);
            parse += Stopwatch.GetElapsedTime(t).TotalSeconds;
            if (entry is null || key is null) continue;
            if ((entry.ArxivId is { } aid && !seenIds.Add(aid)) | !seenTitles.Add(key)) { skipped++; continue; }

            t = Stopwatch.GetTimestamp();
            var paperTopics = topics.Classify(entry.Title, entry.Abstract);
            classify += Stopwatch.GetElapsedTime(t).TotalSeconds;

            t = Stopwatch.GetTimestamp();
            var id = ++rows;
            insertFts.Parameters[0].Value = id; insertFts.Parameters[1].Value = entry.Title; insertFts.Parameters[2].Value = entry.Abstract;
            insertFts.ExecuteNonQuery();
            insertMeta.Parameters[0].Value = id; insertMeta.Parameters[1].Value = entry.Published.SortKey;
            insertMeta.Parameters[2].Value = entry.Published.Year is { } y ? y : DBNull.Value;
            insertMeta.ExecuteNonQuery();
            foreach (var category in entry.Categories)
            {
                insertCategory.Parameters[0].Value = id; insertCategory.Parameters[1].Value = category;
                insertCategory.ExecuteNonQuery();
            }
            foreach (var topic in paperTopics)
            {
                insertTopic.Parameters[0].Value = id; insertTopic.Parameters[1].Value = topic;
                insertTopic.ExecuteNonQuery();
            }
            insert += Stopwatch.GetElapsedTime(t).TotalSeconds;
        }
        var ti = Stopwatch.GetTimestamp();
        using (var c = connection.CreateCommand())
        {
            c.Transaction = tx;
            c.CommandText = "CREATE INDEX meta_date ON meta (date_key DESC, id DESC)";
            c.ExecuteNonQuery();
        }
        tx.Commit();
        var indexSeconds = Stopwatch.GetElapsedTime(ti).TotalSeconds;
        var to = Stopwatch.GetTimestamp();
        Exec("INSERT INTO fts (fts) VALUES ('optimize')");
        Exec("PRAGMA wal_checkpoint(TRUNCATE)");
        Exec("ANALYZE");
        var optimize = Stopwatch.GetElapsedTime(to).TotalSeconds;
        return new BuildStats(rows, skipped, parse, classify, insert, indexSeconds, optimize, total.Elapsed.TotalSeconds);
    }
}
