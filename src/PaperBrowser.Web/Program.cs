using PaperBrowser.Web.Hosting;

// One executable, two jobs: with a verb (import, reindex, generate) it is the command-line tool,
// without one it serves the site.
if (CommandLine.IsCommand(args))
    return await CommandLine.RunAsync(args);

var app = PaperBrowserApp.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point marker for WebApplicationFactory in the tests.</summary>
public partial class Program;
