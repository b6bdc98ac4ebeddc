namespace PaperBrowser.Web.Hosting;

/// <summary>Whether the database is migrated and the index loaded; /readyz and the start-up page report it.</summary>
public sealed class StartupState
{
    private volatile string _status = "starting";
    private volatile bool _ready;
    private volatile bool _failed;

    public bool IsReady => _ready;
    public bool HasFailed => _failed;
    public string Status => _status;

    public void Report(string status) => _status = status;

    public void MarkReady()
    {
        _status = "ready";
        _ready = true;
    }

    public void Fail(string status)
    {
        _status = status;
        _failed = true;
    }
}
