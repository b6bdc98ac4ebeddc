using AngleSharp.Dom;
using Bunit;
using PaperBrowser.Search;
using PaperBrowser.Web.Components.Shared;
using static PaperBrowser.Tests.Components.ComponentTestSupport;

namespace PaperBrowser.Tests.Components;

public sealed class FacetPanelTests : BunitContext
{
    private IRenderedComponent<FacetPanel> RenderPanel(SearchRequest request, string? expanded, params FacetResult[] facets) =>
        Render<FacetPanel>(p => p
            .Add(x => x.Request, request)
            .Add(x => x.Facets, facets)
            .Add(x => x.ExpandedFacet, expanded));

    private static FacetResult Topics(int count, params string[] selected) =>
        Facet("topic", "Topic", [.. Enumerable.Range(1, count).Select(i => ($"Topic {i:D2}", 100 - i, selected.Contains($"Topic {i:D2}")))]);

    private static IElement Fieldset(IRenderedComponent<FacetPanel> cut, string facet) => cut.Find($"fieldset#facet-{facet}");

    [Fact]
    public void Each_value_is_a_checkbox_named_after_its_facet_with_its_count()
    {
        var cut = RenderPanel(new SearchRequest(), null,
            Facet("topic", "Topic", ("Vision", 42, false), ("Graph Neural Networks", 7, false)));

        var boxes = Fieldset(cut, "topic").QuerySelectorAll("input[type=checkbox]");
        Assert.Equal(2, boxes.Length);
        Assert.All(boxes, b => Assert.Equal("topic", b.GetAttribute("name")));
        Assert.Equal(["Vision", "Graph Neural Networks"], boxes.Select(b => b.GetAttribute("value")));

        var labels = Fieldset(cut, "topic").QuerySelectorAll("label");
        Assert.Equal("Vision", labels[0].QuerySelector(".facet-label")!.TextContent);
        Assert.Equal("42", labels[0].QuerySelector(".count")!.TextContent);
        Assert.Equal("7", labels[1].QuerySelector(".count")!.TextContent);
        Assert.Equal("Topic", Fieldset(cut, "topic").QuerySelector("legend")!.TextContent);
    }

    [Fact]
    public void Selected_values_are_checked_and_the_others_are_not()
    {
        var cut = RenderPanel(new SearchRequest { Topics = ["Vision"] }, null,
            Facet("topic", "Topic", ("Vision", 42, true), ("Robotics", 7, false)));

        var boxes = Fieldset(cut, "topic").QuerySelectorAll("input[type=checkbox]");
        Assert.True(boxes[0].HasAttribute("checked"));
        Assert.False(boxes[1].HasAttribute("checked"));
    }

    [Fact]
    public void Each_label_belongs_to_its_own_checkbox()
    {
        // Values that differ only in punctuation must not share an element id.
        var cut = RenderPanel(new SearchRequest(), null,
            Facet("source", "Source", ("2024-01.txt", 3, false), ("2024_01.txt", 2, false), ("2024 01 txt", 1, false)),
            Facet("topic", "Topic", ("C++", 3, false), ("C#", 2, false), ("", 1, false)));

        var boxes = cut.FindAll("input[type=checkbox]");
        var ids = boxes.Select(b => b.Id).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var box in boxes)
        {
            var label = Assert.Single(cut.FindAll($"label[for='{box.Id}']"));
            Assert.Equal(box.GetAttribute("value"), label.QuerySelector(".facet-label")!.TextContent);
        }
    }

    [Fact]
    public void Only_the_first_six_values_show_and_a_more_link_opens_the_rest()
    {
        var request = new SearchRequest { Query = "diffusion", Topics = ["Topic 02"] };
        var cut = RenderPanel(request, null, Topics(9, "Topic 02"));

        var fieldset = Fieldset(cut, "topic");
        Assert.Equal(6, fieldset.QuerySelectorAll("input[type=checkbox]").Length);
        var more = fieldset.QuerySelector("a.more")!;
        Assert.Equal("More (3)", more.TextContent);

        var href = more.GetAttribute("href")!;
        Assert.EndsWith("#facet-topic", href);
        Assert.Contains("more=topic", href);
        // The link keeps the view it was on.
        Assert.Equal(Canonical(request), Canonical(ViewOf(href)));
    }

    [Fact]
    public void A_selected_value_beyond_the_first_six_is_still_shown_checked()
    {
        // Counts are drill-sideways, so a chosen rare topic ranks low; hiding it would make the
        // next submission of the form drop it.
        var cut = RenderPanel(new SearchRequest { Topics = ["Topic 09"] }, null, Topics(9, "Topic 09"));

        var boxes = Fieldset(cut, "topic").QuerySelectorAll("input[type=checkbox]");
        Assert.Equal(7, boxes.Length);
        Assert.True(Fieldset(cut, "topic").QuerySelector("input[value='Topic 09']")!.HasAttribute("checked"));
        Assert.Equal("More (2)", Fieldset(cut, "topic").QuerySelector("a.more")!.TextContent);
    }

    [Fact]
    public void Submitting_the_form_unchanged_keeps_every_filter_of_the_view()
    {
        var request = new SearchRequest
        {
            Query = "graph",
            Topics = ["Topic 02", "Topic 09", "Unknown topic"],
            YearFrom = 2020,
            Code = ["yes"],
            Categories = ["cs.XX"],
            Sources = ["gone.txt"],
            Sort = SearchSort.Oldest,
        };
        var cut = RenderPanel(request, null,
            Topics(9, "Topic 02", "Topic 09"),
            Facet("code", "Code", ("yes", 3, true), ("no", 5, false)),
            Facet("category", "Category"),
            Facet("source", "Source", ("other.txt", 4, false)));

        // What a browser would send: checked boxes, hidden fields, filled text fields.
        var sent = cut.FindAll("form.facets input")
            .Where(i => i.GetAttribute("type") switch { "checkbox" => i.HasAttribute("checked"), _ => !string.IsNullOrEmpty(i.GetAttribute("value")) })
            .Select(i => new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(i.GetAttribute("name")!, i.GetAttribute("value")))
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => new Microsoft.Extensions.Primitives.StringValues([.. g.SelectMany(p => p.Value.ToArray())]));
        var (view, problems) = PaperBrowser.Web.Search.SearchUrl.Parse(sent);

        Assert.Empty(problems);
        Assert.Equal(Canonical(request), Canonical(view));
    }

    [Fact]
    public void Six_values_or_fewer_have_no_more_link()
    {
        var cut = RenderPanel(new SearchRequest(), null, Topics(6));

        Assert.Equal(6, Fieldset(cut, "topic").QuerySelectorAll("input[type=checkbox]").Length);
        Assert.Empty(cut.FindAll("a.more"));
    }

    [Fact]
    public void The_expanded_facet_shows_every_value_and_a_fewer_link()
    {
        var request = new SearchRequest { Topics = ["Topic 08"] };
        var cut = RenderPanel(request, "topic", Topics(9, "Topic 08"), Facet("source", "Source", [.. Enumerable.Range(1, 8).Select(i => ($"s{i}.txt", i, false))]));

        Assert.Equal(9, Fieldset(cut, "topic").QuerySelectorAll("input[type=checkbox]").Length);
        Assert.True(Fieldset(cut, "topic").QuerySelector("input[value='Topic 08']")!.HasAttribute("checked"));
        var fewer = Fieldset(cut, "topic").QuerySelector("a.more")!;
        Assert.Equal("Fewer", fewer.TextContent);
        Assert.DoesNotContain("more=", fewer.GetAttribute("href"));
        Assert.Equal(Canonical(request), Canonical(ViewOf(fewer.GetAttribute("href"))));

        // Another facet stays collapsed.
        Assert.Equal(6, Fieldset(cut, "source").QuerySelectorAll("input[type=checkbox]").Length);
        Assert.Equal("More (2)", Fieldset(cut, "source").QuerySelector("a.more")!.TextContent);
    }

    [Fact]
    public void Facets_without_values_are_left_out_and_years_are_a_text_field()
    {
        var cut = RenderPanel(new SearchRequest { YearFrom = 2020, YearTo = 2024 }, null,
            Facet("topic", "Topic"),
            Facet("year", "Year", ("2023", 5, false), ("2024", 9, false)),
            Facet("code", "Code", ("yes", 4, false), ("no", 10, false)));

        Assert.Empty(cut.FindAll("fieldset#facet-topic"));
        Assert.Empty(cut.FindAll("fieldset#facet-year"));
        Assert.Empty(cut.FindAll("input[type=checkbox][name=year]"));
        Assert.Equal("2020-2024", cut.Find("input#f-year").GetAttribute("value"));
        Assert.Equal(["Has code", "No code"], Fieldset(cut, "code").QuerySelectorAll(".facet-label").Select(l => l.TextContent));
    }

    [Fact]
    public void Categories_show_their_readable_names_and_keep_their_codes_as_values()
    {
        var cut = RenderPanel(new SearchRequest(), null, Facet("category", "Category", ("cs.CV", 3, false), ("xx.YY", 1, false)));

        var labels = Fieldset(cut, "category").QuerySelectorAll(".facet-label").Select(l => l.TextContent).ToList();
        Assert.Equal(["Computer Vision (cs.CV)", "xx.YY"], labels);
        Assert.Equal("cs.CV", Fieldset(cut, "category").QuerySelector("input")!.GetAttribute("value"));
    }

    [Fact]
    public void The_form_carries_the_query_sort_and_size_but_not_the_page()
    {
        var cut = RenderPanel(new SearchRequest { Query = "graph <b>", Sort = SearchSort.Oldest, Size = 50, Page = 4 }, null, Topics(2));

        var form = cut.Find("form.facets");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/", form.GetAttribute("action"));
        var hidden = cut.FindAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value"));
        Assert.Equal("graph <b>", hidden["q"]);
        Assert.Equal("oldest", hidden["sort"]);
        Assert.Equal("50", hidden["size"]);
        Assert.False(hidden.ContainsKey("page"));
        Assert.NotNull(cut.Find("button[type=submit]"));
    }

    [Fact]
    public void Values_with_markup_are_text()
    {
        var cut = RenderPanel(new SearchRequest(), null, Facet("source", "Source", ("<img src=x onerror=alert(1)>.txt", 1, false)));

        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("<img src=x onerror=alert(1)>.txt", cut.Find(".facet-label").TextContent);
    }
}
