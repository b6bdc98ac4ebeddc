using System.Text;

namespace PaperBrowser.Bench.Infra;

/// <summary>A results file: a title, the facts of the run, then sections of tables and notes.</summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    /// <summary>A bare part of a report, with no header.</summary>
    public Report() { }

    public Report(string title, string command)
    {
        _text.AppendLine($"# {title}").AppendLine();
        _text.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        foreach (var (key, value) in Machine.Facts())
            _text.AppendLine($"- {key}: {value}");
        _text.AppendLine($"- command: `{command}`").AppendLine();
    }

    public Report Heading(string text)
    {
        _text.AppendLine($"## {text}").AppendLine();
        return this;
    }

    public Report Line(string text = "")
    {
        _text.AppendLine(text);
        return this;
    }

    public Report Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int left = 1)
    {
        _text.AppendLine("| " + string.Join(" | ", header) + " |");
        _text.AppendLine("|" + string.Concat(header.Select((_, i) => i < left ? " --- |" : " ---: |")));
        foreach (var row in rows)
            _text.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|"))) + " |");
        _text.AppendLine();
        return this;
    }

    public Report Code(string text)
    {
        _text.AppendLine("```").AppendLine(text.TrimEnd()).AppendLine("```").AppendLine();
        return this;
    }

    public override string ToString() => _text.ToString();

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, _text.ToString());
        Console.WriteLine($"wrote {path}");
    }
}
