using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperBrowser.Web.Papers;

/// <summary>
/// Shows the TeX that abstracts carry as math instead of raw markup: inline <c>$…$</c> becomes
/// MathML (which browsers render natively, no script needed), and the bare forms that occur
/// outside math ("S^{2}FT", "\alpha") become superscripts and symbols.
/// </summary>
public static partial class TexDisplay
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["varepsilon"] = "ε", ["zeta"] = "ζ",
        ["eta"] = "η", ["theta"] = "θ", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν", ["xi"] = "ξ", ["pi"] = "π",
        ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["phi"] = "φ", ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω",
        ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Pi"] = "Π", ["Sigma"] = "Σ", ["Phi"] = "Φ", ["Omega"] = "Ω",
        ["sim"] = "∼", ["approx"] = "≈", ["times"] = "×", ["cdot"] = "·", ["leq"] = "≤", ["le"] = "≤", ["geq"] = "≥", ["ge"] = "≥",
        ["neq"] = "≠", ["infty"] = "∞", ["in"] = "∈", ["to"] = "→", ["rightarrow"] = "→", ["leftarrow"] = "←", ["pm"] = "±",
        ["sum"] = "∑", ["prod"] = "∏", ["partial"] = "∂", ["nabla"] = "∇", ["ell"] = "ℓ", ["log"] = "log", ["exp"] = "exp",
        ["ae"] = "æ", ["ss"] = "ß", ["o"] = "ø", ["L"] = "Ł", ["l"] = "ł",
    };

    /// <summary>Renders already HTML-encoded text (a highlighted title or fragment) with light TeX cleanup.</summary>
    public static string Prettify(string encodedHtml)
    {
        // Highlight marks inside math would turn into the letters of "<mark>"; the math goes unmarked.
        var text = DollarMath().Replace(encodedHtml, m => ToMathMl(WebUtility.HtmlDecode(
            m.Groups[1].Value.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal))));
        text = BareSuperscript().Replace(text, m => $"<sup>{m.Groups[1].Value}</sup>");
        text = BareSubscript().Replace(text, m => $"<sub>{m.Groups[1].Value}</sub>");
        text = TexFormatting().Replace(text, "$1");
        text = Command().Replace(text, m => Symbols.TryGetValue(m.Groups[1].Value, out var s) ? s : m.Value);
        return text;
    }

    /// <summary>Plain text to safe HTML with TeX shown as math; used for the paper page's title and abstract.</summary>
    public static string ToHtml(string plain) => Prettify(WebUtility.HtmlEncode(plain));

    /// <summary>A small TeX-to-MathML converter for the inline math abstracts use: scripts, groups, symbols.</summary>
    public static string ToMathMl(string tex)
    {
        var sb = new StringBuilder("<math display=\"inline\"><mrow>");
        var i = 0;
        AppendRow(tex, ref i, sb, stopAtBrace: false);
        sb.Append("</mrow></math>");
        return sb.ToString();
    }

    private static void AppendRow(string tex, ref int i, StringBuilder sb, bool stopAtBrace)
    {
        // Atoms are kept apart so a script can take the atom before it as its base: x^{2} -> <msup>x 2</msup>.
        var atoms = new List<string>();
        while (i < tex.Length)
        {
            var c = tex[i];
            if (c == '}' && stopAtBrace) { i++; break; }
            if (c is '^' or '_')
            {
                i++;
                var script = new StringBuilder();
                ReadAtom(tex, ref i, script);
                var baseAtom = atoms.Count > 0 ? atoms[^1] : "<mrow></mrow>";
                if (atoms.Count > 0) atoms.RemoveAt(atoms.Count - 1);
                var tag = c == '^' ? "msup" : "msub";
                atoms.Add($"<{tag}>{baseAtom}<mrow>{script}</mrow></{tag}>");
                continue;
            }
            var atom = new StringBuilder();
            ReadAtom(tex, ref i, atom);
            if (atom.Length > 0) atoms.Add(atom.ToString());
        }
        foreach (var atom in atoms) sb.Append(atom);
    }

    private static void ReadAtom(string tex, ref int i, StringBuilder sb)
    {
        if (i >= tex.Length) return;
        var c = tex[i];
        if (c == '{')
        {
            i++;
            sb.Append("<mrow>");
            AppendRow(tex, ref i, sb, stopAtBrace: true);
            sb.Append("</mrow>");
        }
        else if (c == '\\')
        {
            var start = ++i;
            while (i < tex.Length && char.IsLetter(tex[i])) i++;
            if (i == start && i < tex.Length) i++; // an escaped symbol such as \{ or \%
            var name = tex[start..i];
            if (Symbols.TryGetValue(name, out var symbol)) sb.Append("<mi>").Append(WebUtility.HtmlEncode(symbol)).Append("</mi>");
            else if (name.Length == 1) sb.Append("<mo>").Append(WebUtility.HtmlEncode(name)).Append("</mo>");
            // Unknown formatting commands (\mathbf, \text) drop out; their argument group follows.
        }
        else if (char.IsDigit(c))
        {
            var start = i;
            while (i < tex.Length && (char.IsDigit(tex[i]) || tex[i] == '.')) i++;
            sb.Append("<mn>").Append(tex[start..i]).Append("</mn>");
        }
        else if (char.IsLetter(c))
        {
            sb.Append("<mi>").Append(WebUtility.HtmlEncode(c.ToString())).Append("</mi>");
            i++;
        }
        else if (char.IsWhiteSpace(c))
        {
            i++;
        }
        else
        {
            sb.Append("<mo>").Append(WebUtility.HtmlEncode(c.ToString())).Append("</mo>");
            i++;
        }
    }

    // $…$ with no nested dollars, up to 200 characters: longer spans are prose with stray dollars.
    [GeneratedRegex(@"\$([^$]{1,200})\$")]
    private static partial Regex DollarMath();

    [GeneratedRegex(@"\^\{([\w.+\-]{1,12})\}")]
    private static partial Regex BareSuperscript();

    [GeneratedRegex(@"_\{([\w.+\-]{1,12})\}")]
    private static partial Regex BareSubscript();

    [GeneratedRegex(@"\\(?:textbf|textit|emph|mathbf|mathrm|text)\{([^{}]*)\}")]
    private static partial Regex TexFormatting();

    [GeneratedRegex(@"\\([A-Za-z]+)")]
    private static partial Regex Command();
}
