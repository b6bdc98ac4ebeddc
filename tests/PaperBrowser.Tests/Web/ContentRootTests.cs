using PaperBrowser.Tests.TestSupport;
using PaperBrowser.Web.Hosting;

namespace PaperBrowser.Tests.Web;

/// <summary>A published app started from another folder must still find its styles and scripts.</summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Folder(string name, bool withWebRoot)
    {
        var path = Path.Combine(_temp.Path, name);
        Directory.CreateDirectory(withWebRoot ? Path.Combine(path, "wwwroot") : path);
        return path;
    }

    [Fact]
    public void Started_from_another_folder_the_app_folder_is_the_content_root()
    {
        var app = Folder("app", withWebRoot: true);
        var elsewhere = Folder("elsewhere", withWebRoot: false);

        Assert.Equal(app, PaperBrowserApp.ContentRootFor(elsewhere, app, []));
    }

    [Fact]
    public void Started_in_a_folder_with_its_own_web_root_the_default_stays()
    {
        var app = Folder("app", withWebRoot: true);
        var project = Folder("project", withWebRoot: true);

        Assert.Null(PaperBrowserApp.ContentRootFor(project, app, []));
        // Tests and tools that run the app from a folder without a web root beside an app without one: the default too.
        Assert.Null(PaperBrowserApp.ContentRootFor(Folder("a", false), Folder("b", false), []));
    }

    [Fact]
    public void A_content_root_on_the_command_line_wins()
    {
        var app = Folder("app", withWebRoot: true);
        var elsewhere = Folder("elsewhere", withWebRoot: false);

        Assert.Null(PaperBrowserApp.ContentRootFor(elsewhere, app, ["--contentRoot", "/srv/site"]));
    }

    public void Dispose() => _temp.Dispose();
}
