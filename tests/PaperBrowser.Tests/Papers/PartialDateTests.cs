using PaperBrowser.Papers;

namespace PaperBrowser.Tests.PapersModel;

public class PartialDateTests
{
    [Theory]
    [InlineData(2024, 9, 29, "Sep 29, 2024")]
    [InlineData(null, 9, 25, "Sep 25")]
    [InlineData(2024, 2, null, "Feb 2024")]
    [InlineData(2020, null, null, "2020")]
    [InlineData(null, 5, null, "May")]
    [InlineData(null, null, null, "")]
    public void Shows_only_the_known_parts(int? year, int? month, int? day, string expected)
    {
        Assert.Equal(expected, new PartialDate { Year = year, Month = month, Day = day }.ToString());
    }

    [Fact]
    public void Completeness_prefers_a_year_over_a_day()
    {
        var full = new PartialDate { Year = 2024, Month = 9, Day = 25 };
        var noYear = new PartialDate { Month = 9, Day = 25 };
        var yearOnly = new PartialDate { Year = 2024 };

        Assert.True(full.Completeness > yearOnly.Completeness);
        Assert.True(yearOnly.Completeness > noYear.Completeness);
        Assert.True(full.IsComplete);
        Assert.False(noYear.IsComplete);
        Assert.True(new PartialDate().IsEmpty);
        Assert.False(noYear.IsEmpty);
    }

    [Fact]
    public void Sort_key_orders_by_year_then_month_then_day()
    {
        PartialDate[] dates =
        [
            new() { Year = 2024, Month = 9, Day = 29 },
            new() { Year = 2023, Month = 12, Day = 31 },
            new() { Year = 2024, Month = 9 },
            new() { Year = 2024, Month = 10, Day = 1 },
        ];

        var sorted = dates.OrderBy(d => d.SortKey).Select(d => d.ToString());

        Assert.Equal(["Dec 31, 2023", "Sep 2024", "Sep 29, 2024", "Oct 1, 2024"], sorted);
    }

    [Fact]
    public void Equal_parts_make_equal_dates()
    {
        Assert.Equal(new PartialDate { Month = 9, Day = 25 }, new PartialDate { Month = 9, Day = 25 });
        Assert.NotEqual(new PartialDate { Month = 9, Day = 25 }, new PartialDate { Year = 2024, Month = 9, Day = 25 });
    }
}
