using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using PaperBrowser.Import;
using PaperBrowser.Papers;
using PaperBrowser.Search.Vocabulary;

namespace PaperBrowser.Search.Indexing;

/// <summary>Turns a paper row into its Lucene document. The index holds what search needs; the database holds the rest.</summary>
public sealed class PaperDocumentBuilder(TopicTaxonomy topics)
{
    private static readonly FieldType WordsOnly = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true };

    public Document Build(Paper paper, IEnumerable<string> sourceFiles)
    {
        var id = paper.Id.ToString(CultureInfo.InvariantCulture);
        var doc = new Document
        {
            new StringField(PaperFields.Id, id, Field.Store.YES),
            new NumericDocValuesField(PaperFields.IdSort, paper.Id),
            new StringField(PaperFields.Key, paper.NormalizedTitle, Field.Store.NO),
            // No term vectors: reading a hit's vector cost as much as analysing its abstract again
            // (which the highlighter does), and they were a sixth of indexing time and most of the index's size.
            new TextField(PaperFields.Title, paper.Title, Field.Store.NO),
            new TextField(PaperFields.Abstract, paper.Abstract, Field.Store.NO),
            new Field(PaperFields.Spell, paper.Title + "\n" + paper.Abstract, WordsOnly),
            new Field(PaperFields.TitleWords, paper.Title, WordsOnly),
            new StoredField(PaperFields.StoredTitle, paper.Title),
            new NumericDocValuesField(PaperFields.DateSort, paper.Published.SortKey),
            new NumericDocValuesField(PaperFields.UpvotesSort, paper.Upvotes ?? 0),
            new SortedDocValuesField(PaperFields.TitleSort, new BytesRef(paper.Title.ToLowerInvariant())),
        };
        foreach (var author in paper.Authors)
            doc.Add(new TextField(PaperFields.Author, author, Field.Store.NO));

        // Topics are also indexed as terms: related papers score shared topics. Result lists read a hit's
        // topics, and facets count and filter all values, from the doc values.
        foreach (var topic in topics.Classify(paper.Title, paper.Abstract))
        {
            doc.Add(new StringField(PaperFields.Topic, topic, Field.Store.NO));
            AddFacet(doc, PaperFields.Topic, topic);
        }
        if (paper.Published.Year is { } year)
            AddFacet(doc, PaperFields.Year, year.ToString(CultureInfo.InvariantCulture));
        AddFacet(doc, PaperFields.HasCode, paper.Urls.Any(UrlExtractor.IsCodeUrl) ? PaperFields.HasCodeYes : PaperFields.HasCodeNo);
        foreach (var source in SourceNames(sourceFiles))
            AddFacet(doc, PaperFields.Source, source);
        foreach (var category in paper.Categories)
            AddFacet(doc, PaperFields.Category, category);
        return doc;
    }

    /// <summary>Where a paper came from, for the source facet: the names of the files it was imported from.</summary>
    public static IEnumerable<string> SourceNames(IEnumerable<string> sourceFiles) =>
        sourceFiles.Select(Path.GetFileNameWithoutExtension).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <remarks>
    /// Doc values only: FacetCounter filters and counts from them in one pass, so an indexed term per value
    /// (as schema 8 had) was written for every paper and never read.
    /// </remarks>
    private static void AddFacet(Document doc, string field, string value) =>
        doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
}
