namespace PaperBrowser.Search.Facets;

/// <summary>A facet: its index field, the URL parameter that selects values, and how values read.</summary>
public sealed record FacetDimension(string Field, string Parameter, string Label, bool SortByValue = false)
{
    public static readonly FacetDimension Topic = new(PaperFields.Topic, "topic", "Topic");
    public static readonly FacetDimension Year = new(PaperFields.Year, "year", "Year", SortByValue: true);
    public static readonly FacetDimension Code = new(PaperFields.HasCode, "code", "Code");
    public static readonly FacetDimension Category = new(PaperFields.Category, "category", "Category");
    public static readonly FacetDimension Source = new(PaperFields.Source, "source", "Source");

    public static readonly IReadOnlyList<FacetDimension> All = [Topic, Year, Code, Category, Source];
}
