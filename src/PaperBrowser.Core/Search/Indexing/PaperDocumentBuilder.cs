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

    // One set of field objects per indexing thread: see Write.
    [ThreadStatic] private static FieldSet? t_fields;

    /// <summary>A paper's document, made of new field objects (for callers that keep documents).</summary>
    public Document Build(Paper paper, IEnumerable<string> sourceFiles) => Build(paper, sourceFiles, new FieldSet());

    /// <summary>
    /// Adds a paper's document, or replaces the paper's old one by id. The fixed fields are this thread's own
    /// objects, given new values for each paper: a new StringField makes a new token stream whose attributes
    /// are looked up in a table behind a lock, which two indexing threads took turns on for every document.
    /// The document never leaves this method, so reusing its fields is safe.
    /// </summary>
    public void Write(IndexWriter writer, Paper paper, IEnumerable<string> sourceFiles, bool replace)
    {
        var doc = Build(paper, sourceFiles, t_fields ??= new FieldSet());
        if (replace)
            writer.UpdateDocument(new Term(PaperFields.Id, paper.Id.ToString(CultureInfo.InvariantCulture)), doc);
        else
            writer.AddDocument(doc);
    }

    private Document Build(Paper paper, IEnumerable<string> sourceFiles, FieldSet fields)
    {
        fields.Id.SetStringValue(paper.Id.ToString(CultureInfo.InvariantCulture));
        fields.IdSort.SetInt64Value(paper.Id);
        fields.Key.SetStringValue(paper.NormalizedTitle);
        fields.Title.SetStringValue(paper.Title);
        fields.Abstract.SetStringValue(paper.Abstract);
        fields.TitleWords.SetStringValue(paper.Title);
        fields.StoredTitle.SetStringValue(paper.Title);
        fields.DateSort.SetInt64Value(paper.Published.SortKey);
        fields.TitleSort.SetBytesValue(new BytesRef(paper.Title.ToLowerInvariant()));
        var doc = new Document
        {
            fields.Id, fields.IdSort, fields.Key,
            // No term vectors: reading a hit's vector cost as much as analysing its abstract again
            // (which the highlighter does), and they were a sixth of indexing time and most of the index's size.
            // The unstemmed words of title and abstract are counted into the word list (WordCounter), not indexed here.
            fields.Title, fields.Abstract, fields.TitleWords, fields.StoredTitle,
            fields.DateSort, fields.TitleSort,
        };
        // A paper without upvotes (every arXiv record) has no value: doc values read 0 for it all the same,
        // and the value costs more than it looks (Lucene.Net measures its bit set's size on every value).
        if (paper.Upvotes is { } upvotes and not 0)
            doc.Add(new NumericDocValuesField(PaperFields.UpvotesSort, upvotes));
        foreach (var author in paper.Authors)
            doc.Add(new TextField(PaperFields.Author, author, Field.Store.NO));

        // Topics are also indexed as terms: related papers score shared topics. Result lists read a hit's
        // topics, and facets count and filter all values, from the doc values.
        var topicCount = 0;
        foreach (var topic in topics.Classify(paper.Title, paper.Abstract))
        {
            doc.Add(fields.Topic(topicCount++, topic));
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

    /// <summary>The fields every document has, created once and given each paper's values.</summary>
    private sealed class FieldSet
    {
        public readonly StringField Id = new(PaperFields.Id, "", Field.Store.YES);
        public readonly NumericDocValuesField IdSort = new(PaperFields.IdSort, 0);
        public readonly StringField Key = new(PaperFields.Key, "", Field.Store.NO);
        public readonly TextField Title = new(PaperFields.Title, "", Field.Store.NO);
        public readonly TextField Abstract = new(PaperFields.Abstract, "", Field.Store.NO);
        public readonly Field TitleWords = new(PaperFields.TitleWords, "", WordsOnly);
        public readonly StoredField StoredTitle = new(PaperFields.StoredTitle, "");
        public readonly NumericDocValuesField DateSort = new(PaperFields.DateSort, 0);
        public readonly SortedDocValuesField TitleSort = new(PaperFields.TitleSort, new BytesRef());
        private readonly List<StringField> _topics = [];

        public StringField Topic(int index, string value)
        {
            if (index == _topics.Count) _topics.Add(new StringField(PaperFields.Topic, "", Field.Store.NO));
            _topics[index].SetStringValue(value);
            return _topics[index];
        }
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
