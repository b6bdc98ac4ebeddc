namespace PaperBrowser.Search.Querying;

/// <summary>A query as the person wrote it, parsed into clauses, before analysis.</summary>
public sealed record UserQuery(IReadOnlyList<QueryClause> Clauses, IReadOnlyList<string> Messages, bool SearchedAsPlainText)
{
    public static readonly UserQuery Empty = new([], [], false);
    public bool IsEmpty => Clauses.Count == 0;

    /// <summary>The text as typed (trimmed, cut to the longest searched): a title pasted in is recognised from it whole.</summary>
    public string Text { get; init; } = "";
}

public enum ClauseOccur { Default, Required, Excluded }

public sealed record QueryClause(ClauseOccur Occur, QueryNode Node);

public abstract record QueryNode;

/// <summary>A word; <see cref="Field"/> is null for "title or abstract".</summary>
public sealed record WordNode(string? Field, string Text, bool Prefix = false, int? FuzzyEdits = null) : QueryNode;

public sealed record PhraseNode(string? Field, string Text) : QueryNode;

/// <summary>Alternatives joined with OR.</summary>
public sealed record OrNode(IReadOnlyList<QueryNode> Alternatives) : QueryNode;

/// <summary>Clauses in parentheses.</summary>
public sealed record GroupNode(IReadOnlyList<QueryClause> Clauses) : QueryNode;
