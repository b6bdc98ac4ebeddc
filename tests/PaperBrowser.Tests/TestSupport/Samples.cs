namespace PaperBrowser.Tests.TestSupport;

/// <summary>The project's bundled sample captures, copied next to the test assembly.</summary>
public static class Samples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "samples");

    public static string File(string prefix) =>
        System.IO.Directory.GetFiles(Directory, prefix + "*.txt").Single();

    public const int Entries = 424;
    public const int UniquePapers = 352;
}
