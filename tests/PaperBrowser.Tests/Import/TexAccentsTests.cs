using System.Text;
using PaperBrowser.Import;

namespace PaperBrowser.Tests.Import;

public class TexAccentsTests
{
    [Theory]
    [InlineData("Schr{\\\"o}dinger", "Schrödinger")]
    [InlineData("Schr\\\"odinger", "Schrödinger")]
    [InlineData("Schr\\\"{o}dinger", "Schrödinger")]
    [InlineData("{\\'E}douard", "Édouard")]
    [InlineData("Jos\\'e", "José")]
    [InlineData("Lef{\\`e}vre", "Lefèvre")]
    [InlineData("J{\\^o}me", "Jôme")]
    [InlineData("Nu\\~nez", "Nuñez")]
    [InlineData("Fran\\c{c}ois", "François")]
    [InlineData("Fran{\\c c}ois", "François")]
    [InlineData("Ho\\v{s}ek", "Hošek")]
    [InlineData("Dvo{\\v{r}}{\\'a}k", "Dvořák")]
    [InlineData("Erd{\\H{o}}s", "Erdős")]
    [InlineData("Wei\\ss", "Weiß")]
    [InlineData("Gro\\ss e", "Große")]
    [InlineData("S{\\o}rensen", "Sørensen")]
    [InlineData("{\\AA}str{\\\"o}m", "Åström")]
    [InlineData("H\\aa kon", "Håkon")]
    [InlineData("{\\L}ukasz", "Łukasz")]
    [InlineData("Garc{\\'\\i}a", "García")]
    [InlineData("Garc\\'{\\i}a", "García")]
    [InlineData("Ji{\\v{r}}{\\'\\i}", "Jiří")]
    [InlineData("{\\c{C}}elik", "Çelik")]
    [InlineData("Ca\\~{n}ete", "Cañete")]
    [InlineData("Pr\\r{u}cha", "Průcha")]
    [InlineData("\\k{A}ndrzej", "Ąndrzej")]
    public void Decodes_accents_to_composed_unicode(string tex, string expected)
    {
        var decoded = TexAccents.Decode(tex);

        Assert.Equal(expected, decoded);
        Assert.True(decoded.IsNormalized(NormalizationForm.FormC), "the result should be composed, so it compares equal to typed text");
    }

    [Theory]
    [InlineData("{Smith}", "Smith")]
    [InlineData("{van der Berg}", "van der Berg")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("A \\& B", "A & B")]
    public void Strips_grouping_braces_and_unescapes_symbols(string tex, string expected) =>
        Assert.Equal(expected, TexAccents.Decode(tex));

    [Fact]
    public void Plain_text_comes_back_as_the_same_instance()
    {
        const string plain = "Ada Lovelace";

        Assert.Same(plain, TexAccents.Decode(plain));
    }

    [Theory]
    [InlineData("\\alpha-Team", "\\alpha-Team")]
    [InlineData("trailing \\", "trailing \\")]
    [InlineData("unclosed \\\"{o", "unclosed ö")]
    [InlineData("accent at end \\'", "accent at end ")]
    public void Leaves_unknown_commands_alone_and_survives_broken_markup(string tex, string expected) =>
        Assert.Equal(expected, TexAccents.Decode(tex));
}
