namespace PaperBrowser.Search;

/// <summary>The names of the index's fields, shared by the writer and the searcher.</summary>
public static class PaperFields
{
    /// <summary>The paper's database id, as a string term (for updates) and stored (to map hits back to rows).</summary>
    public const string Id = "id";
    /// <summary>The paper's id as a number, for a stable tie-break order.</summary>
    public const string IdSort = "id_sort";
    /// <summary>The dedup key; related-paper lists leave out the paper itself and any copy of it.</summary>
    public const string Key = "key";

    public const string Title = "title";
    public const string Abstract = "abstract";
    public const string Author = "author";
    /// <summary>
    /// Unstemmed words of title and abstract: the analysis the word list is counted with, and the word list's
    /// term field (see WordList). Not a field of paper documents since schema 11.
    /// </summary>
    public const string Spell = "spell";
    /// <summary>The word list's count: how many papers a word is in.</summary>
    public const string WordPapers = "papers";
    /// <summary>Unstemmed title words, for type-ahead suggestions.</summary>
    public const string TitleWords = "title_words";
    /// <summary>The title as written, stored for suggestions.</summary>
    public const string StoredTitle = "title_stored";

    public const string Topic = "topic";
    public const string Year = "year";
    public const string HasCode = "code";
    public const string Source = "source";
    public const string Category = "category";

    public const string DateSort = "date_sort";
    public const string UpvotesSort = "upvotes_sort";
    public const string TitleSort = "title_sort";

    /// <summary>Commit metadata: how many papers and which database state the index holds.</summary>
    public const string CommitPaperCount = "paperCount";
    public const string CommitWatermark = "watermark";
    public const string CommitSchema = "schema";

    /// <summary>Bump when the document layout or analysis changes: the app then rebuilds the index at start.</summary>
    public const string SchemaVersion = "12";

    public const string HasCodeYes = "yes";
    public const string HasCodeNo = "no";
}
