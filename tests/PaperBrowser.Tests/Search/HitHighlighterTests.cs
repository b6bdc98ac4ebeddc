using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperBrowser.Search;
using PaperBrowser.Search.Querying;
using PaperBrowser.Search.Results;
using PaperBrowser.Tests.TestSupport;

namespace PaperBrowser.Tests.Search;

/// <summary>
/// The highlighter reads matches from term vectors and falls back to analysing the text. Both paths
/// must mark the same words, fragments must sit where the query's words meet, and a row changed
/// since indexing must still be highlighted from its own text.
/// </summary>
public sealed class HitHighlighterTests(SampleLibraryFixture samples) : IClassFixture<SampleLibraryFixture>
{
    [Theory]
    [InlineData("diffusion models")]
    [InlineData("GNN")]
    [InlineData("\"large language models\" pruning")]
    [InlineData("U-Net segmentation")]
    [InlineData("spiking OR neuromorphic")]
    public async Task Every_marked_word_is_a_query_term_and_most_hits_have_one(string text)
    {
        var library = samples.Library;
        using var lease = library.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        var built = library.Services.GetRequiredService<PaperQueryBuilder>().Build(UserQueryParser.Parse(text), reader, lease.Words);
        var query = built.Query.Rewrite(reader);
        var highlighter = new HitHighlighter(library.Index.IndexAnalyzer, query, reader);
        var terms = new HashSet<Lucene.Net.Index.Term>();
        query.ExtractTerms(terms);
        var queryWords = terms.Where(t => t.Field is PaperFields.Title or PaperFields.Abstract).Select(t => t.Text).ToHashSet();
        var top = lease.Searcher.Search(built.Query, 20);
        Assert.NotEmpty(top.ScoreDocs);

        await using var db = library.CreateDb();
        var marked = 0;
        foreach (var hit in top.ScoreDocs)
        {
            var leaf = reader.Leaves[Lucene.Net.Index.ReaderUtil.SubIndex(hit.Doc, reader.Leaves)];
            var id = (int)leaf.AtomicReader.GetNumericDocValues(PaperFields.IdSort).Get(hit.Doc - leaf.DocBase);
            var paper = await db.Papers.SingleAsync(p => p.Id == id);
            var fragments = highlighter.Fragments(paper.Abstract);
            foreach (var html in fragments.Append(highlighter.Title(paper.Title)))
            {
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "<mark>(.*?)</mark>"))
                {
                    var analysed = PaperBrowser.Search.Querying.AnalyzedText.Positions(library.Index.IndexAnalyzer, PaperFields.Abstract, System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
                    Assert.True(analysed.SelectMany(p => p).Any(queryWords.Contains), $"'{m.Groups[1].Value}' is marked but is no query term ({string.Join(", ", queryWords)})");
                }
            }
            marked += fragments.Count(f => f.Contains("<mark>", StringComparison.Ordinal));
        }
        Assert.True(marked >= top.ScoreDocs.Length / 2, $"only {marked} of {top.ScoreDocs.Length} hits had a marked fragment");
    }

    private const string Padding =
        "The remaining sections describe the training setup, the data pipeline, the evaluation protocol and the " +
        "hardware in detail, and discuss limitations and the broader impact of this line of work at some length. ";

    [Fact]
    public async Task The_fragment_is_where_the_query_words_meet_and_is_cut_at_word_boundaries()
    {
        var text = "Quokka populations are counted from the air. " + Padding + Padding +
                   "Our quokka census combines thermal drones with acoustic wombat surveys. " + Padding + Padding;
        using var library = await SearchLibrary.WithPapersAsync(new CraftedPaper("Counting marsupials on islands", text));

        var hit = Assert.Single((await library.SearchAsync("quokka thermal wombat")).Hits);
        var best = hit.Fragments.Single(f => f.Contains("<mark>thermal</mark>", StringComparison.Ordinal));
        Assert.Contains("<mark>quokka</mark>", best, StringComparison.Ordinal);
        Assert.Contains("<mark>wombat</mark>", best, StringComparison.Ordinal);
        // It starts at its sentence, and the text around it is marked as cut.
        Assert.StartsWith("… Our <mark>quokka</mark> census", best, StringComparison.Ordinal);
        Assert.EndsWith(" …", best, StringComparison.Ordinal);
        Assert.True(hit.Fragments.Count <= 2);
        foreach (var fragment in hit.Fragments)
        {
            var plain = fragment.Replace("<mark>", "").Replace("</mark>", "").Trim('…', ' ');
            Assert.Contains(plain, text, StringComparison.Ordinal); // whole words of the text, nothing invented
            Assert.InRange(plain.Length, 20, 260);
        }
    }

    [Fact]
    public async Task A_row_changed_since_indexing_is_highlighted_from_its_own_text()
    {
        using var library = await SearchLibrary.WithPapersAsync(
            new CraftedPaper("Axolotl limb regrowth", "Axolotl limbs regrow after amputation through a blastema of dedifferentiated cells. " + Padding));
        // The row changes behind the index's back (an import in flight): the stored offsets no longer fit.
        await using (var db = library.CreateDb())
        {
            var paper = await db.Papers.SingleAsync();
            paper.Abstract = "Short: axolotl.";
            await db.SaveChangesAsync();
        }

        var hit = Assert.Single((await library.SearchAsync("axolotl blastema")).Hits);
        Assert.Equal(["Short: <mark>axolotl</mark>."], hit.Fragments);
        Assert.Equal("<mark>Axolotl</mark> limb regrowth", hit.TitleHtml);
    }
}
