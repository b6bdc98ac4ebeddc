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
    // Term vectors with offsets let the highlighter mark a hit without analysing its text again.
    private static readonly FieldType TextWithOffsets = new(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS,
        StoreTermVectors = true,
        StoreTermVectorPositions = true,
        StoreTermVectorOffsets = true,
    };
    private static readonly FieldType WordsOnly = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true };

    public Document Build(Paper paper, IEnumerable<string> sourceFiles)
    {
        var id = paper.Id.ToString(CultureInfo.InvariantCulture);
        var doc = new Document
        {
            new StringField(PaperFields.Id, id, Field.Store.YES),
            new NumericDocValuesField(PaperFields.IdSort, paper.Id),
            new StringField(PaperFields.Key, paper.NormalizedTitle, Field.Store.NO),
            new Field(PaperFields.Title, paper.Title, TextWithOffsets),
            new Field(PaperFields.Abstract, paper.Abstract, TextWithOffsets),
            new Field(PaperFields.Spell, paper.Title + "\n" + paper.Abstract, WordsOnly),
            new Field(PaperFields.TitleWords, paper.Title, WordsOnly),
            new StoredField(PaperFields.StoredTitle, paper.Title),
            new NumericDocValuesField(PaperFields.TextFingerprint, TextFingerprint.Of(paper.Title, paper.Abstract)),
            new NumericDocValuesField(PaperFields.DateSort, paper.Published.SortKey),
            new NumericDocValuesField(PaperFields.UpvotesSort, paper.Upvotes ?? 0),
            new SortedDocValuesField(PaperFields.TitleSort, new BytesRef(paper.Title.ToLowerInvariant())),
        };
        foreach (var author in paper.Authors)
            doc.Add(new Field(PaperFields.Author, author, TextWithOffsets));

        foreach (var topic in topics.Classify(paper.Title, paper.Abstract))
            AddFacet(doc, PaperFields.Topic, topic, Field.Store.YES); // stored: result lists show topics without re-classifying
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

    private static void AddFacet(Document doc, string field, string value, Field.Store store = Field.Store.NO)
    {
        // Indexed for filtering, doc values for counting.
        doc.Add(new StringField(field, value, store));
        doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }
}
