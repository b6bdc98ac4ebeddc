using PaperBrowser.Bench;
using PaperBrowser.Bench.Infra;

// PaperBrowser benchmarks. Run through bench/run.sh, which builds Release and publishes the app first.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PaperBrowser.Bench search|web|scale|fts5-build [--options]  (see bench/README.md)");
    return 2;
}
var options = new Args(args.Skip(1));
return args[0] switch
{
    "search" => await SearchBench.RunAsync(options),
    "web" => await WebBench.RunAsync(options),
    "scale" => await ScaleBench.RunAsync(options),
    "fts5-build" => await Fts5Index.BuildCommandAsync(options),
    "profile" => await ProfileCommand.RunAsync(options),
    "startup-profile" => await StartupProfile.RunAsync(options),
    "analysis-profile" => await AnalysisProfile.RunAsync(options),
    "index-profile" => await IndexProfile.RunAsync(options),
    "relevance-profile" => await RelevanceProfile.RunAsync(options),
    _ => Fail($"unknown benchmark {args[0]}"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
