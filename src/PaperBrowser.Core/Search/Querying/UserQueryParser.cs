using System.Text;

namespace PaperBrowser.Search.Querying;

/// <summary>
/// Parses the query syntax researchers expect: words, "quoted phrases", -exclusion (and NOT),
/// OR, parentheses, title:/abstract:/author: fields, prefix* and fuzzy~. It never throws: a query
/// with a syntax error is searched as plain text and the result says so.
/// </summary>
public static class UserQueryParser
{
    public const int MaxLength = 500;
    public const int MaxClauses = 32;
    public const int MinPrefixLength = 2;

    private static readonly Dictionary<string, string> FieldAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = PaperFields.Title, ["ti"] = PaperFields.Title,
        ["abstract"] = PaperFields.Abstract, ["abs"] = PaperFields.Abstract,
        ["author"] = PaperFields.Author, ["au"] = PaperFields.Author,
    };

    public static UserQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return UserQuery.Empty;
        var messages = new List<string>();
        text = text.Trim();
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
            messages.Add($"Your query was longer than {MaxLength} characters; only the first {MaxLength} were searched.");
        }

        var parser = new Parser(text, messages, plainText: false);
        try
        {
            var clauses = parser.ParseClauses(topLevel: true);
            return Finish(clauses, messages, plainText: false) with { Text = text };
        }
        catch (QuerySyntaxException ex)
        {
            messages.Add($"Your query has a syntax error ({ex.Message}), so it was searched as plain text.");
            var plain = new Parser(text, messages, plainText: true).ParseClauses(topLevel: true);
            return Finish(plain, messages, plainText: true) with { Text = text };
        }
    }

    private static UserQuery Finish(List<QueryClause> clauses, List<string> messages, bool plainText)
    {
        if (clauses.Count > MaxClauses)
        {
            clauses = clauses[..MaxClauses];
            messages.Add($"Only the first {MaxClauses} terms of your query were used.");
        }
        return new UserQuery(clauses, messages, plainText);
    }

    private sealed class QuerySyntaxException(string message) : Exception(message);

    private sealed class Parser(string text, List<string> messages, bool plainText)
    {
        private int _pos;

        public List<QueryClause> ParseClauses(bool topLevel)
        {
            var clauses = new List<QueryClause>();
            var pendingOr = false;
            while (true)
            {
                SkipWhitespace();
                if (_pos >= text.Length) break;
                if (!plainText && text[_pos] == ')')
                {
                    if (topLevel) throw new QuerySyntaxException("a closing parenthesis without an opening one");
                    break;
                }

                var occur = ClauseOccur.Default;
                if (!plainText && (text[_pos] is '-' or '+') && _pos + 1 < text.Length && !char.IsWhiteSpace(text[_pos + 1]))
                {
                    occur = text[_pos] == '-' ? ClauseOccur.Excluded : ClauseOccur.Required;
                    _pos++;
                }
                else if (!plainText && PeekKeyword("NOT"))
                {
                    _pos += 3;
                    SkipWhitespace();
                    if (_pos >= text.Length) throw new QuerySyntaxException("NOT at the end");
                    occur = ClauseOccur.Excluded;
                }
                else if (!plainText && PeekKeyword("AND"))
                {
                    _pos += 3;
                    if (clauses.Count == 0) throw new QuerySyntaxException("AND at the start");
                    continue;
                }
                else if (!plainText && PeekKeyword("OR"))
                {
                    _pos += 2;
                    if (clauses.Count == 0 || pendingOr) throw new QuerySyntaxException("OR without a term before it");
                    pendingOr = true;
                    continue;
                }

                var node = ParseNode();
                if (node is null) continue;
                if (pendingOr)
                {
                    var previous = clauses[^1];
                    var alternatives = previous.Node is OrNode or ? [.. or.Alternatives, node] : new List<QueryNode> { previous.Node, node };
                    clauses[^1] = previous with { Node = new OrNode(alternatives) };
                    pendingOr = false;
                }
                else
                {
                    clauses.Add(new QueryClause(occur, node));
                }
            }
            if (pendingOr) throw new QuerySyntaxException("OR without a term after it");
            return clauses;
        }

        private QueryNode? ParseNode()
        {
            string? field = null;
            if (!plainText)
            {
                if (text[_pos] == '(')
                {
                    _pos++;
                    var inner = ParseClauses(topLevel: false);
                    if (_pos >= text.Length || text[_pos] != ')') throw new QuerySyntaxException("an opening parenthesis without a closing one");
                    _pos++;
                    return inner.Count == 0 ? null : new GroupNode(inner);
                }
                field = TryReadField();
            }

            if (!plainText && _pos < text.Length && text[_pos] == '"')
            {
                var close = text.IndexOf('"', _pos + 1);
                if (close < 0) throw new QuerySyntaxException("a quotation mark without its closing pair");
                var phrase = text[(_pos + 1)..close].Trim();
                _pos = close + 1;
                // A trailing ~ after a phrase (proximity) is accepted and ignored.
                if (_pos < text.Length && text[_pos] == '~') { _pos++; while (_pos < text.Length && char.IsDigit(text[_pos])) _pos++; }
                return phrase.Length == 0 ? null : new PhraseNode(field, phrase);
            }

            var word = ReadWord();
            if (word.Length == 0)
            {
                if (field is not null) throw new QuerySyntaxException("a field name with nothing after it");
                return null;
            }
            return plainText ? PlainWord(word) : ToWordNode(field, word);
        }

        private WordNode? PlainWord(string word)
        {
            var cleaned = new string([.. word.Where(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '$' or '^' or '{' or '}' or '\\' or '/')]).Trim('-', '.', '/');
            return cleaned.Length == 0 ? null : new WordNode(null, cleaned);
        }

        private WordNode? ToWordNode(string? field, string word)
        {
            int? fuzzy = null;
            var tilde = word.IndexOf('~');
            if (tilde > 0)
            {
                var edits = word[(tilde + 1)..];
                fuzzy = int.TryParse(edits, out var n) ? Math.Clamp(n, 1, 2) : edits.Length == 0 ? 2 : 2;
                word = word[..tilde];
            }
            else if (tilde == 0)
            {
                word = word.TrimStart('~');
            }

            if (word.StartsWith('*') || word.StartsWith('?'))
            {
                messages.Add($"Wildcards at the start of a word are not supported, so \"{word}\" was searched as \"{word.Trim('*', '?')}\".");
                word = word.Trim('*', '?');
                if (word.Length == 0) return null;
            }

            var prefix = false;
            if (word.EndsWith('*'))
            {
                var stem = word.TrimEnd('*');
                if (stem.Length < MinPrefixLength)
                {
                    messages.Add($"A wildcard needs at least {MinPrefixLength} letters before the *, so \"{word}\" was searched as \"{stem}\".");
                }
                else
                {
                    prefix = true;
                }
                word = stem;
            }
            if (word.Contains('*') || word.Contains('?'))
            {
                messages.Add($"Wildcards inside a word are not supported, so \"{word}\" was searched without them.");
                word = word.Replace("*", "", StringComparison.Ordinal).Replace("?", "", StringComparison.Ordinal);
            }
            return word.Length == 0 ? null : new WordNode(field, word, prefix, prefix ? null : fuzzy);
        }

        private string? TryReadField()
        {
            var colon = text.IndexOf(':', _pos);
            if (colon <= _pos) return null;
            var name = text[_pos..colon];
            if (!FieldAliases.TryGetValue(name, out var field)) return null; // "arXiv:2101.1" is a word, not a field.
            _pos = colon + 1;
            return field;
        }

        private string ReadWord()
        {
            var sb = new StringBuilder();
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]))
            {
                var c = text[_pos];
                if (!plainText && (c is '(' or ')' or '"')) break;
                sb.Append(c);
                _pos++;
            }
            return sb.ToString();
        }

        private bool PeekKeyword(string keyword) =>
            string.CompareOrdinal(text, _pos, keyword, 0, keyword.Length) == 0
            && (_pos + keyword.Length == text.Length || char.IsWhiteSpace(text[_pos + keyword.Length]) || text[_pos + keyword.Length] is '(' or '"');

        private void SkipWhitespace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }
    }
}
