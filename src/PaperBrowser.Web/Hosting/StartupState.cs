namespace PaperBrowser.Web.Hosting;

/// <summary>Whether the database is migrated and the index loaded; /readyz reports it.</summary>
public sealed class StartupState
{
    private volatile string _status = "starting";
    private volatile bool _ready;

    public bool IsReady => _ready;
    public string Status => _status;

    public void Report(string status) => _status = status;

    public void MarkReady()
    {
        _status = "ready";
        _ready = true;
    }
}
