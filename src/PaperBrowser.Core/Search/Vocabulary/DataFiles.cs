using System.Reflection;

namespace PaperBrowser.Search.Vocabulary;

/// <summary>Reads the editable data files: a file on disk when configured, else the copy built into the app.</summary>
internal static class DataFiles
{
    public static IEnumerable<(int Line, string Text)> ReadLines(string? path, string embeddedName)
    {
        string content;
        if (!string.IsNullOrWhiteSpace(path))
        {
            content = File.ReadAllText(path);
        }
        else
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"PaperBrowser.Search.Data.{embeddedName}")
                ?? throw new InvalidOperationException($"Embedded data file {embeddedName} is missing.");
            using var reader = new StreamReader(stream);
            content = reader.ReadToEnd();
        }
        var lineNo = 0;
        foreach (var raw in content.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            yield return (lineNo, line);
        }
    }
}
