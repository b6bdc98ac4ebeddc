using System.Text;

namespace PaperBrowser.Import;

/// <summary>
/// Turns the TeX accent markup of arXiv author names into Unicode: {\"o}, \"o, \'{e}, \v{s}, \c c,
/// \ss, {\o}, \aa, \'\i and the like. Grouping braces are dropped; unknown control words are kept
/// as written, since guessing at them would corrupt a name.
/// </summary>
public static class TexAccents
{
    public static string Decode(string text)
    {
        if (text.AsSpan().IndexOfAny('\\', '{', '}') < 0) return text;

        var output = new StringBuilder(text.Length);
        var marked = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '{' or '}') { i++; continue; }
            if (c != '\\' || i + 1 >= text.Length) { output.Append(c); i++; continue; }

            var next = text[i + 1];
            if (SymbolAccent(next) is { } symbolMark)
            {
                // Control symbols (\" \' \^ ...) take the very next character or group; TeX skips no space after them.
                i += 2;
                marked |= AppendAccented(text, ref i, symbolMark, output);
                continue;
            }
            if (!char.IsAsciiLetter(next))
            {
                // \& \{ \_ and friends stand for the character itself; a lone "\\" stays.
                output.Append(next is '\\' ? "\\\\" : next.ToString());
                i += 2;
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < text.Length && char.IsAsciiLetter(text[end])) end++;
            var word = text[start..end];
            if (LetterAccent(word) is { } letterMark)
            {
                i = SkipSpaces(text, end);
                marked |= AppendAccented(text, ref i, letterMark, output);
            }
            else if (SpecialLetter(word) is { } letter)
            {
                output.Append(letter);
                // A control word swallows the spaces after it: "Gro\ss e" is "Große".
                i = SkipSpaces(text, end);
            }
            else
            {
                output.Append(text, i, end - i);
                i = end;
            }
        }
        // Composing is only needed where a combining mark went in, and it is the costly part.
        return marked ? output.ToString().Normalize(NormalizationForm.FormC) : output.ToString();
    }

    /// <summary>Reads the accent's argument at <paramref name="i"/> ({x}, {\i}, \i or a single character) and writes it with the mark.</summary>
    /// <returns>Whether a mark was written.</returns>
    private static bool AppendAccented(string text, ref int i, char mark, StringBuilder output)
    {
        if (i >= text.Length) return false;
        string argument;
        if (text[i] == '{')
        {
            var close = text.IndexOf('}', i + 1);
            if (close < 0) close = text.Length;
            argument = text[(i + 1)..close].Trim();
            i = Math.Min(close + 1, text.Length);
            // {\i} and {\j}: dotless letters under an accent are just i and j in Unicode.
            if (argument is "\\i" or "\\j") argument = argument[1..];
            else if (argument.Contains('\\')) argument = Decode(argument);
        }
        else if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is 'i' or 'j'
                 && (i + 2 >= text.Length || !char.IsAsciiLetter(text[i + 2])))
        {
            argument = text[i + 1].ToString();
            i = SkipSpaces(text, i + 2);
        }
        else
        {
            argument = text[i].ToString();
            i++;
        }

        if (argument.Length == 0) return false; // an accent over nothing ({\'{}}) has nothing to mark
        output.Append(argument[0]).Append(mark).Append(argument, 1, argument.Length - 1);
        return true;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ') i++;
        return i;
    }

    /// <summary>The combining mark of an accent written as a control symbol.</summary>
    private static char? SymbolAccent(char c) => c switch
    {
        '"' => '\u0308', // diaeresis
        '\'' => '\u0301', // acute
        '`' => '\u0300', // grave
        '^' => '\u0302', // circumflex
        '~' => '\u0303', // tilde
        '=' => '\u0304', // macron
        '.' => '\u0307', // dot above
        _ => null,
    };

    /// <summary>The combining mark of an accent written as a control word (\v{s}, \c c).</summary>
    private static char? LetterAccent(string word) => word switch
    {
        "u" => '\u0306', // breve
        "v" => '\u030C', // caron
        "H" => '\u030B', // double acute
        "c" => '\u0327', // cedilla
        "k" => '\u0328', // ogonek
        "r" => '\u030A', // ring above
        "d" => '\u0323', // dot below
        "b" => '\u0331', // macron below
        _ => null,
    };

    private static string? SpecialLetter(string word) => word switch
    {
        "ss" => "ß",
        "o" => "ø",
        "O" => "Ø",
        "aa" => "å",
        "AA" => "Å",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "dh" => "ð",
        "DH" => "Ð",
        "th" => "þ",
        "TH" => "Þ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        _ => null,
    };
}
