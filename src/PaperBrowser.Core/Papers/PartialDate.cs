using System.Globalization;

namespace PaperBrowser.Papers;

/// <summary>
/// A publication date that may lack its year ("Sep 25") or day. Missing parts stay null:
/// we never invent a year the source did not give.
/// </summary>
public sealed record PartialDate
{
    public int? Year { get; init; }
    public int? Month { get; init; }
    public int? Day { get; init; }

    public bool IsEmpty => Year is null && Month is null && Day is null;
    public bool IsComplete => Year is not null && Month is not null && Day is not null;

    /// <summary>How much of the date is known; used to keep the most complete copy when merging.</summary>
    public int Completeness => (Year is null ? 0 : 4) + (Month is null ? 0 : 2) + (Day is null ? 0 : 1);

    public override string ToString()
    {
        var month = Month is { } m ? CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m) : null;
        return (Year, month, Day) switch
        {
            ({ } y, { } mo, { } d) => $"{mo} {d}, {y}",
            ({ } y, { } mo, null) => $"{mo} {y}",
            ({ } y, null, _) => y.ToString(CultureInfo.InvariantCulture),
            (null, { } mo, { } d) => $"{mo} {d}",
            (null, { } mo, null) => mo,
            _ => "",
        };
    }

    /// <summary>A sortable number (yyyymmdd, unknown parts as 0) so partial dates sort after full ones of the same year.</summary>
    public int SortKey => (Year ?? 0) * 10000 + (Month ?? 0) * 100 + (Day ?? 0);
}
