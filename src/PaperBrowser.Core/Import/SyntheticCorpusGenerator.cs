using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PaperBrowser.Import;

/// <summary>What <see cref="SyntheticCorpusGenerator"/> wrote.</summary>
/// <param name="Records">Lines written.</param>
/// <param name="Papers">Distinct papers among them: the records that are not duplicates.</param>
/// <param name="ExactDuplicates">Records that repeat an earlier record byte for byte.</param>
/// <param name="NearDuplicates">Records of an earlier paper under a new id with a re-cased or re-punctuated title, or as a new version with a changed abstract.</param>
/// <param name="Bytes">Size of the output.</param>
public sealed record SyntheticCorpusSummary(int Records, int Papers, int ExactDuplicates, int NearDuplicates, long Bytes);

/// <summary>
/// Writes a synthetic corpus in the arXiv metadata snapshot's JSON Lines schema, for load tests and
/// benchmarks. Text comes from word-bigram Markov models learned from the bundled page captures, with
/// a Zipf-distributed tail of made-up terms so the vocabulary keeps growing with the corpus as real
/// text does. The output depends only on the samples, the count and the seed.
/// </summary>
public sealed class SyntheticCorpusGenerator
{
    public const double ExactDuplicateRate = 0.03;
    public const double NearDuplicateRate = 0.02;
    public const int MinTitleWords = 6;
    public const int MaxTitleWords = 14;
    public const int MinAbstractWords = 120;
    public const int MaxAbstractWords = 250;

    private readonly MarkovModel _titles;
    private readonly MarkovModel _abstracts;

    public SyntheticCorpusGenerator(IReadOnlyList<string> sampleTexts)
    {
        var titles = new List<string>();
        var abstracts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in sampleTexts)
        {
            foreach (var entry in PageCaptureParser.Parse(text).Entries)
            {
                // Captures repeat papers across days; learning a paper twice would only skew the statistics.
                if (!seen.Add(TitleNormalizer.Normalize(entry.Title))) continue;
                titles.Add(entry.Title);
                abstracts.Add(entry.Abstract);
            }
        }
        if (titles.Count == 0)
            throw new ArgumentException("the sample texts hold no paper entries to learn from", nameof(sampleTexts));
        _titles = MarkovModel.Build(titles);
        _abstracts = MarkovModel.Build(abstracts);
        SamplePapers = titles.Count;
    }

    /// <summary>How many distinct sample papers the models were learned from.</summary>
    public int SamplePapers { get; }

    /// <summary>The text of every *.txt file in a folder, in file-name order.</summary>
    public static IReadOnlyList<string> ReadSamples(string folder)
    {
        var texts = new List<string>();
        foreach (var file in Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            if (TextDecoder.Decode(File.ReadAllBytes(file)).Text is { } text) texts.Add(text);
        }
        return texts;
    }

    public static SyntheticCorpusSummary Generate(Stream output, int count, int seed, IReadOnlyList<string> sampleTexts) =>
        new SyntheticCorpusGenerator(sampleTexts).Write(output, count, seed);

    /// <summary>Writes <paramref name="count"/> records as UTF-8 JSON Lines.</summary>
    public SyntheticCorpusSummary Write(Stream output, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new Run(this, output, seed).Write(count);
    }

    /// <summary>One generation pass: all of its state, so the generator itself stays reusable and thread-safe.</summary>
    private sealed class Run
    {
        private const int RingSize = 2048;
        private const int RingSampling = 16;
        private const int FlushBytes = 1 << 20;
        private const double JumpProbability = 0.04;
        private const double RareWordProbability = 0.03;
        private const int RareWordRanks = 1 << 22;

        private static readonly DateTime LastDate = new(2026, 10, 31, 23, 59, 59, DateTimeKind.Utc);

        private readonly SyntheticCorpusGenerator _model;
        private readonly Stream _output;
        private readonly Random _rng;
        private readonly ArrayBufferWriter<byte> _bytes = new(2 * FlushBytes);
        private readonly Utf8JsonWriter _json;
        private readonly CharBuffer _text = new();
        private readonly CharBuffer _format = new();
        private readonly Record[] _ring = new Record[RingSize];
        private int _ringCount;
        private readonly HashSet<ulong> _titleKeys = [];
        private readonly Dictionary<int, int> _nextNumber = [];
        private long _written;

        public Run(SyntheticCorpusGenerator model, Stream output, int seed)
        {
            _model = model;
            _output = output;
            _rng = new Random(seed);
            _json = new Utf8JsonWriter(_bytes, new JsonWriterOptions
            {
                // The file is data, not HTML: keep TeX, quotes and non-ASCII readable as the snapshot does.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                SkipValidation = true,
            });
        }

        public SyntheticCorpusSummary Write(int count)
        {
            int papers = 0, exact = 0, near = 0;
            for (var i = 0; i < count; i++)
            {
                var roll = _rng.NextDouble();
                if (_ringCount > 0 && roll < ExactDuplicateRate)
                {
                    WriteRecord(_ring[_rng.Next(_ringCount)]);
                    exact++;
                }
                else if (_ringCount > 0 && roll < ExactDuplicateRate + NearDuplicateRate)
                {
                    var slot = _rng.Next(_ringCount);
                    if (_rng.Next(2) == 0)
                    {
                        WriteRecord(Reposted(_ring[slot]));
                    }
                    else
                    {
                        // Later revisions build on this one, as v3 follows v2.
                        _ring[slot] = Revised(_ring[slot]);
                        WriteRecord(_ring[slot]);
                    }
                    near++;
                }
                else
                {
                    var record = NewPaper();
                    WriteRecord(record);
                    // Only a sample is kept for duplicating: a record kept alive survives garbage collections,
                    // and keeping every one made collection copying dominate the run time.
                    if (_ringCount < RingSize) _ring[_ringCount++] = record;
                    else if (_rng.Next(RingSampling) == 0) _ring[_rng.Next(RingSize)] = record;
                    papers++;
                }
                if (_bytes.WrittenCount >= FlushBytes) FlushToOutput();
            }
            FlushToOutput();
            _output.Flush();
            return new SyntheticCorpusSummary(count, papers, exact, near, _written);
        }

        private void FlushToOutput()
        {
            _output.Write(_bytes.WrittenSpan);
            _written += _bytes.WrittenCount;
            _bytes.ResetWrittenCount();
        }

        // ---- papers ----

        private Record NewPaper()
        {
            var oldStyle = _rng.NextDouble() < 0.03;
            var (id, created) = oldStyle ? NewOldStyleId() : NewId();
            var versions = new List<DateTime> { created };
            var versionCount = Pick(VersionCountWeights) + 1;
            for (var v = 1; v < versionCount; v++)
            {
                var next = versions[^1].AddDays(1 + _rng.Next(v == 1 ? 180 : 365)).AddSeconds(_rng.Next(-43200, 43200));
                if (next > LastDate) break;
                versions.Add(next);
            }

            var authors = new Author[Pick(AuthorCountWeights) + 1];
            for (var a = 0; a < authors.Length; a++) authors[a] = NewAuthor();
            var submitter = authors[_rng.Next(authors.Length)];
            var year = created.Year;

            return new Record
            {
                Id = id,
                Submitter = TexAccents.Decode($"{submitter.First} {submitter.Last}"),
                Authors = authors,
                Title = NewTitle(),
                Comments = NewComments(year),
                JournalRef = _rng.NextDouble() < 0.2 ? NewJournalRef(year) : null,
                Doi = _rng.NextDouble() < 0.25 ? NewDoi(year) : null,
                ReportNo = _rng.NextDouble() < 0.03 ? NewReportNumber(year) : null,
                Categories = oldStyle ? OldStyleCategories(id) : NewCategories(),
                License = Licenses[Pick(LicenseWeights)],
                Abstract = NewAbstract(),
                Versions = [.. versions],
                Updated = UpdateDate(versions[^1]),
            };
        }

        /// <summary>The same paper posted again under a new id, its title re-cased or re-punctuated.</summary>
        private Record Reposted(Record original)
        {
            var (id, created) = original.Id.Contains('/') ? NewOldStyleId() : NewId();
            return original with
            {
                Id = id,
                Title = TitleVariant(original.Title),
                Versions = [created],
                Updated = UpdateDate(created),
            };
        }

        /// <summary>A new version of the same id: the abstract's last sentence rewritten.</summary>
        private Record Revised(Record original)
        {
            var date = original.Versions[^1].AddDays(1 + _rng.Next(200)).AddSeconds(_rng.Next(86400));
            var text = _text;
            text.Clear();
            var kept = LastSentenceStart(original.Abstract);
            text.Append(original.Abstract.AsSpan(0, kept));
            var words = CountWords(text.Span);
            _model._abstracts.AppendSentences(this, text, ref words, Math.Max(MinAbstractWords, words + 5), MaxAbstractWords);
            return original with
            {
                Abstract = new string(text.Span),
                Versions = [.. original.Versions, date],
                Updated = UpdateDate(date),
            };
        }

        private static int LastSentenceStart(string text)
        {
            for (var i = text.Length - 2; i > 0; i--)
            {
                // Keep a paragraph break; drop the space, which the next sentence brings back.
                if (text[i] is ' ' or '\n' && text[i - 1] is '.' or '?' or '!') return text[i] == '\n' ? i + 1 : i;
            }
            return 0;
        }

        private static int CountWords(ReadOnlySpan<char> text)
        {
            var words = 0;
            var inWord = false;
            foreach (var c in text)
            {
                var space = c is ' ' or '\n';
                if (!space && !inWord) words++;
                inWord = !space;
            }
            return words;
        }

        private DateTime UpdateDate(DateTime lastVersion)
        {
            var date = lastVersion.AddDays(_rng.Next(30));
            return date > LastDate ? lastVersion : date;
        }

        private string NewTitle()
        {
            for (var attempt = 0; ; attempt++)
            {
                var text = _text;
                text.Clear();
                // Many ML titles lead with a system name; after repeated clashes a name makes the title unique.
                if (attempt >= 3 || _rng.NextDouble() < 0.2)
                {
                    AppendRareWord(text, capitalize: true);
                    text.Append(':');
                }
                var words = text.Length > 0 ? 1 : 0;
                _model._titles.AppendTitle(this, text, words, MinTitleWords + _rng.Next(MaxTitleWords - MinTitleWords + 1));
                var title = new string(text.Span);
                // Two fresh papers that share a normalized title would be merged on import: that is not a paper of its own.
                if (_titleKeys.Add(Hash(TitleNormalizer.Normalize(title)))) return title;
            }
        }

        private static ulong Hash(string text)
        {
            // FNV-1a: stable across runs and platforms, unlike string.GetHashCode.
            var hash = 14695981039346656037UL;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
            return hash;
        }

        private string TitleVariant(string title)
        {
            var key = TitleNormalizer.Normalize(title);
            var first = _rng.Next(4);
            for (var k = 0; k < 4; k++)
            {
                var variant = ((first + k) % 4) switch
                {
                    0 => SentenceCase(title),
                    1 => TitleCase(title),
                    2 => title.Contains(": ", StringComparison.Ordinal) ? title.Replace(": ", " - ", StringComparison.Ordinal) : title + ".",
                    _ => title.Replace('-', ' '),
                };
                if (variant != title && TitleNormalizer.Normalize(variant) == key) return variant;
            }
            return title + ".";
        }

        private static string SentenceCase(string title) =>
            title.Length == 0 ? title : char.ToUpperInvariant(title[0]) + title[1..].ToLowerInvariant();

        private static string TitleCase(string title)
        {
            var chars = title.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (i == 0 || chars[i - 1] == ' ') chars[i] = char.ToUpperInvariant(chars[i]);
            }
            return new string(chars);
        }

        private string NewAbstract()
        {
            var text = _text;
            text.Clear();
            var target = MinAbstractWords + _rng.Next(MaxAbstractWords - MinAbstractWords + 1);
            var words = 0;
            if (_rng.NextDouble() < 0.08)
            {
                // A few abstracts have two paragraphs.
                _model._abstracts.AppendSentences(this, text, ref words, target / 2, target / 2 + 40);
                text.Append('\n');
            }
            _model._abstracts.AppendSentences(this, text, ref words, target, MaxAbstractWords);
            return new string(text.Span);
        }

        /// <summary>A made-up term from a Zipf-distributed space of about four million, spelled from syllables.</summary>
        public void AppendRareWord(CharBuffer text, bool capitalize)
        {
            // P(rank) ~ 1/rank: rank = N^u for uniform u.
            var rank = (int)Math.Exp(_rng.NextDouble() * Math.Log(RareWordRanks));
            var value = rank + Syllables.Length;
            Span<int> digits = stackalloc int[8];
            var n = 0;
            while (value > 0) { digits[n++] = value % Syllables.Length; value /= Syllables.Length; }
            var start = text.Length;
            for (var i = n - 1; i >= 0; i--) text.Append(Syllables[digits[i]]);
            if (capitalize) text.Capitalize(start);
        }

        public int NextInt(int maxExclusive) => _rng.Next(maxExclusive);

        public bool Chance(double probability) => _rng.NextDouble() < probability;

        public static double Jump => JumpProbability;

        public static double RareWord => RareWordProbability;

        // ---- ids and dates ----

        private (string Id, DateTime Created) NewId()
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var year = FirstNewStyleYear + Pick(YearWeights);
                var firstMonth = year == FirstNewStyleYear ? 4 : 1; // new-style ids began in April 2007
                var lastMonth = year == LastDate.Year ? LastDate.Month : 12;
                var month = firstMonth + _rng.Next(lastMonth - firstMonth + 1);
                var key = year * 100 + month;
                var digits = year >= 2015 ? 5 : 4;
                var limit = digits == 5 ? 99_999 : 9_999;
                var number = _nextNumber.GetValueOrDefault(key, 1);
                if (number > limit) continue;
                _nextNumber[key] = number + 1 + _rng.Next(2);
                var id = string.Create(CultureInfo.InvariantCulture, $"{year % 100:00}{month:00}.{number.ToString(digits == 5 ? "00000" : "0000", CultureInfo.InvariantCulture)}");
                return (id, RandomMoment(year, month));
            }
            throw new InvalidOperationException("ran out of arXiv ids: the corpus is too large for the id space");
        }

        /// <summary>An id of the 1991–2007 scheme (hep-th/9901001), dated in that era.</summary>
        private (string Id, DateTime Created) NewOldStyleId()
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var archive = Pick(OldArchiveWeights);
                var monthIndex = _rng.Next(15 * 12 + 3); // Jan 1992 to Mar 2007
                var year = 1992 + monthIndex / 12;
                var month = monthIndex % 12 + 1;
                var key = 1_000_000 + archive * 10_000 + year % 100 * 100 + month;
                var number = _nextNumber.GetValueOrDefault(key, 1);
                if (number > 999) continue;
                _nextNumber[key] = number + 1;
                var id = string.Create(CultureInfo.InvariantCulture, $"{OldArchives[archive]}/{year % 100:00}{month:00}{number:000}");
                return (id, RandomMoment(year, month));
            }
            throw new InvalidOperationException("ran out of old-style arXiv ids: the corpus is too large for the id space");
        }

        private DateTime RandomMoment(int year, int month)
        {
            var days = DateTime.DaysInMonth(year, month);
            return new DateTime(year, month, 1 + _rng.Next(days), 0, 0, 0, DateTimeKind.Utc).AddSeconds(_rng.Next(86400));
        }

        // ---- people and metadata ----

        private Author NewAuthor()
        {
            var first = FirstNames[_rng.Next(FirstNames.Length)];
            var roll = _rng.NextDouble();
            if (roll < 0.25) first = Initial(first) + ".";
            else if (roll < 0.35) first = $"{first} {(char)('A' + _rng.Next(26))}.";
            var last = LastNames[_rng.Next(LastNames.Length)];
            // The snapshot writes accents both braced ({\"o}) and bare (\"o).
            if (_rng.NextDouble() < 0.3) { first = Unbraced(first); last = Unbraced(last); }
            var suffix = _rng.NextDouble() < 0.01 ? "Jr" : "";
            return new Author(first, last, suffix);
        }

        /// <summary>The first letter of a name as written in TeX, e.g. "{\L}" for "{\L}ukasz".</summary>
        private static string Initial(string name)
        {
            if (name[0] != '{') return name[..1];
            var close = name.IndexOf('}');
            return name[..(close + 1)];
        }

        private static string Unbraced(string name)
        {
            // {\"o} -> \"o and {\'{e}} -> \'e; letter accents and special letters keep their braces.
            if (!name.Contains("{\\", StringComparison.Ordinal)) return name;
            var result = new System.Text.StringBuilder(name.Length);
            for (var i = 0; i < name.Length; i++)
            {
                if (name[i] == '{' && i + 3 < name.Length && name[i + 1] == '\\' && name[i + 2] is '"' or '\'' or '`' or '^' or '~'
                    && char.IsAsciiLetter(name[i + 3]) && i + 4 < name.Length && name[i + 4] == '}')
                {
                    result.Append('\\').Append(name[i + 2]).Append(name[i + 3]);
                    i += 4;
                }
                else
                {
                    result.Append(name[i]);
                }
            }
            return result.ToString();
        }

        private string NewCategories()
        {
            var count = Pick(CategoryCountWeights) + 1;
            Span<int> chosen = stackalloc int[3];
            var n = 0;
            while (n < count)
            {
                var c = Pick(CategoryWeights);
                if (!chosen[..n].Contains(c)) chosen[n++] = c;
            }
            return n switch
            {
                1 => Categories[chosen[0]],
                2 => $"{Categories[chosen[0]]} {Categories[chosen[1]]}",
                _ => $"{Categories[chosen[0]]} {Categories[chosen[1]]} {Categories[chosen[2]]}",
            };
        }

        private string OldStyleCategories(string id)
        {
            var archive = id[..id.IndexOf('/')];
            if (_rng.NextDouble() >= 0.3) return archive;
            var other = OldArchives[Pick(OldArchiveWeights)];
            return other == archive ? archive : $"{archive} {other}";
        }

        private string? NewComments(int year)
        {
            var roll = _rng.NextDouble();
            var pages = 4 + _rng.Next(40);
            var figures = 1 + _rng.Next(15);
            var venue = Venues[_rng.Next(Venues.Length)];
            var venueYear = year + _rng.Next(2);
            return roll switch
            {
                < 0.30 => null,
                < 0.60 => string.Create(CultureInfo.InvariantCulture, $"{pages} pages, {figures} figures"),
                < 0.72 => string.Create(CultureInfo.InvariantCulture, $"{pages} pages, {figures} figures, {1 + _rng.Next(8)} tables"),
                < 0.88 => string.Create(CultureInfo.InvariantCulture, $"Accepted at {venue} {venueYear}"),
                < 0.95 => string.Create(CultureInfo.InvariantCulture, $"{venue} {venueYear} camera-ready; code is available at https://github.com/{Lower(LastNames[_rng.Next(LastNames.Length)])}-lab/project-{_rng.Next(1000)}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"v{2 + _rng.Next(3)}: corrected typos and added experiments; {pages} pages"),
            };
        }

        private static string Lower(string texName)
        {
            var plain = TexAccents.Decode(texName).Normalize(System.Text.NormalizationForm.FormKD);
            return new string([.. plain.Where(char.IsAsciiLetter).Select(char.ToLowerInvariant)]);
        }

        private string NewJournalRef(int year)
        {
            var journal = Journals[_rng.Next(Journals.Length)];
            var volume = 1 + _rng.Next(120);
            var page = 1 + _rng.Next(3000);
            return string.Create(CultureInfo.InvariantCulture, $"{journal} {volume} ({year + _rng.Next(2)}) {page}-{page + 5 + _rng.Next(30)}");
        }

        private string NewDoi(int year)
        {
            var prefix = DoiPrefixes[_rng.Next(DoiPrefixes.Length)];
            return string.Create(CultureInfo.InvariantCulture, $"10.{prefix}.{year}.{_rng.Next(1_000_000):000000}");
        }

        private string NewReportNumber(int year) => _rng.Next(3) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"MIT-CTP/{1000 + _rng.Next(9000)}"),
            1 => string.Create(CultureInfo.InvariantCulture, $"CERN-TH-{year}-{_rng.Next(1000):000}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"FERMILAB-PUB-{year % 100:00}-{_rng.Next(1000):000}-T"),
        };

        private int Pick(double[] cumulative)
        {
            var x = _rng.NextDouble() * cumulative[^1];
            var i = Array.BinarySearch(cumulative, x);
            return i >= 0 ? Math.Min(i + 1, cumulative.Length - 1) : ~i;
        }

        // ---- serialization ----

        private void WriteRecord(Record r)
        {
            var w = _json;
            w.Reset();
            w.WriteStartObject();
            w.WriteString(Names.Id, r.Id);
            w.WriteString(Names.Submitter, r.Submitter);
            _format.Clear();
            for (var i = 0; i < r.Authors.Length; i++)
            {
                if (i > 0) _format.Append(i == r.Authors.Length - 1 ? " and " : ", ");
                _format.Append(r.Authors[i].First).Append(' ').Append(r.Authors[i].Last);
                if (r.Authors[i].Suffix.Length > 0) _format.Append(' ').Append(r.Authors[i].Suffix);
            }
            w.WriteString(Names.Authors, _format.Span);
            _format.Clear();
            Wrap(_format, r.Title, width: 72, firstIndent: "", continuation: "\n  ");
            w.WriteString(Names.Title, _format.Span);
            WriteNullable(w, Names.Comments, r.Comments);
            WriteNullable(w, Names.JournalRef, r.JournalRef);
            WriteNullable(w, Names.Doi, r.Doi);
            WriteNullable(w, Names.ReportNo, r.ReportNo);
            w.WriteString(Names.Categories, r.Categories);
            WriteNullable(w, Names.License, r.License);
            _format.Clear();
            // The snapshot's layout: two leading spaces, hard breaks at 80 columns, a final newline.
            var paragraphs = r.Abstract.AsSpan();
            var first = true;
            foreach (var range in paragraphs.Split('\n'))
            {
                if (!first) _format.Append("\n\n");
                Wrap(_format, paragraphs[range], width: 80, firstIndent: "  ", continuation: "\n");
                first = false;
            }
            _format.Append('\n');
            w.WriteString(Names.Abstract, _format.Span);
            w.WriteStartArray(Names.Versions);
            for (var i = 0; i < r.Versions.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString(Names.Version, i < VersionLabels.Length ? VersionLabels[i] : $"v{i + 1}");
                _format.Clear();
                _format.AppendDate(r.Versions[i], "ddd, d MMM yyyy HH:mm:ss 'GMT'");
                w.WriteString(Names.Created, _format.Span);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            _format.Clear();
            _format.AppendDate(r.Updated, "yyyy-MM-dd");
            w.WriteString(Names.UpdateDate, _format.Span);
            w.WriteStartArray(Names.AuthorsParsed);
            foreach (var author in r.Authors)
            {
                w.WriteStartArray();
                w.WriteStringValue(author.Last);
                w.WriteStringValue(author.First);
                w.WriteStringValue(author.Suffix);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
            _bytes.GetSpan(1)[0] = (byte)'\n';
            _bytes.Advance(1);
        }

        private static void WriteNullable(Utf8JsonWriter w, JsonEncodedText name, string? value)
        {
            if (value is null) w.WriteNull(name);
            else w.WriteString(name, value);
        }

        private static void Wrap(CharBuffer output, ReadOnlySpan<char> text, int width, string firstIndent, string continuation)
        {
            output.Append(firstIndent);
            var column = firstIndent.Length;
            var firstWord = true;
            foreach (var range in text.Split(' '))
            {
                var word = text[range];
                if (word.IsEmpty) continue;
                if (!firstWord && column + 1 + word.Length > width)
                {
                    output.Append(continuation);
                    column = continuation.Length - 1;
                }
                else if (!firstWord)
                {
                    output.Append(' ');
                    column++;
                }
                output.Append(word);
                column += word.Length;
                firstWord = false;
            }
        }
    }

    /// <summary>
    /// A word-bigram model: for every token, the tokens seen after it, with repeats, so a uniform pick
    /// from that list follows the observed frequencies. Tokens keep their punctuation ("models,"), which
    /// gives sentences their commas and full stops for free.
    /// </summary>
    private sealed class MarkovModel
    {
        private const int End = -1;

        private readonly string[] _tokens;
        private readonly int[] _successorStart;
        private readonly int[] _successors;
        private readonly int[] _starts;
        private readonly int[] _all;
        private readonly bool[] _endsSentence;
        private readonly bool[] _replaceable;
        private readonly bool[] _connector;

        private MarkovModel(string[] tokens, int[] successorStart, int[] successors, int[] starts, int[] all)
        {
            _tokens = tokens;
            _successorStart = successorStart;
            _successors = successors;
            _starts = starts;
            _all = all;
            _endsSentence = [.. tokens.Select(t => t[^1] is '.' or '?' or '!')];
            _replaceable = [.. tokens.Select(t => CoreLength(t) >= 5 && t.AsSpan(0, CoreLength(t)).ContainsAnyExcept(AsciiLetters) == false && char.IsAsciiLetter(t[0]))];
            _connector = [.. tokens.Select(t => t[^1] is ':' or ',' or ';' or '-' || Connectors.Contains(t.ToLowerInvariant()))];
        }

        private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

        private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
        {
            "a", "an", "the", "of", "for", "and", "or", "in", "on", "with", "to", "via", "by", "from", "at", "as",
            "into", "towards", "toward", "through", "is", "are", "&", "-", "–", "—", "using", "without", "beyond",
        };

        private static int CoreLength(string token)
        {
            var n = token.Length;
            while (n > 0 && token[n - 1] is '.' or ',' or ';' or ':' or '?' or '!') n--;
            return n;
        }

        public static MarkovModel Build(IReadOnlyList<string> texts)
        {
            // Ids in order of first appearance: the model must not depend on hash ordering.
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var tokens = new List<string>();
            var next = new List<List<int>>();
            var starts = new List<int>();
            var all = new List<int>();
            foreach (var text in texts)
            {
                var previous = End;
                foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!ids.TryGetValue(token, out var id))
                    {
                        id = tokens.Count;
                        ids.Add(token, id);
                        tokens.Add(token);
                        next.Add([]);
                    }
                    if (previous == End || tokens[previous][^1] is '.' or '?' or '!') starts.Add(id);
                    if (previous != End) next[previous].Add(id);
                    all.Add(id);
                    previous = id;
                }
                if (previous != End) next[previous].Add(End);
            }

            var successorStart = new int[tokens.Count + 1];
            var successors = new int[next.Sum(n => n.Count)];
            var at = 0;
            for (var i = 0; i < tokens.Count; i++)
            {
                successorStart[i] = at;
                next[i].CopyTo(successors, at);
                at += next[i].Count;
            }
            successorStart[tokens.Count] = at;
            return new MarkovModel([.. tokens], successorStart, successors, [.. starts], [.. all]);
        }

        private int Successor(Run run, int token)
        {
            var from = _successorStart[token];
            var count = _successorStart[token + 1] - from;
            return count == 0 ? End : _successors[from + run.NextInt(count)];
        }

        private void AppendToken(Run run, CharBuffer text, int token)
        {
            if (text.Length > 0 && text.Last != '\n') text.Append(' ');
            var value = _tokens[token];
            if (_replaceable[token] && run.Chance(Run.RareWord))
            {
                // Keep the replaced word's punctuation so sentence structure survives.
                var core = CoreLength(value);
                run.AppendRareWord(text, capitalize: char.IsUpper(value[0]));
                text.Append(value.AsSpan(core));
            }
            else
            {
                text.Append(value);
            }
        }

        /// <summary>Appends whole sentences until at least <paramref name="minWords"/>; stops a sentence early at <paramref name="maxWords"/>.</summary>
        public void AppendSentences(Run run, CharBuffer text, ref int words, int minWords, int maxWords)
        {
            var token = _starts[run.NextInt(_starts.Length)];
            while (true)
            {
                AppendToken(run, text, token);
                words++;
                var sentenceEnd = _endsSentence[token];
                if (sentenceEnd && words >= minWords) return;
                if (words >= maxWords) { text.EndSentence(); return; }

                int next;
                if (sentenceEnd)
                {
                    next = _starts[run.NextInt(_starts.Length)];
                }
                else
                {
                    next = Successor(run, token);
                    if (next == End)
                    {
                        // The sample abstract ended without a full stop.
                        text.EndSentence();
                        if (words >= minWords) return;
                        next = _starts[run.NextInt(_starts.Length)];
                    }
                    else if (run.Chance(Run.Jump))
                    {
                        // An occasional jump keeps long stretches of any one sample from being copied verbatim.
                        next = _all[run.NextInt(_all.Length)];
                    }
                }
                token = next;
            }
        }

        /// <summary>Appends a title of about <paramref name="target"/> words that does not end on "of", "and" or a colon.</summary>
        public void AppendTitle(Run run, CharBuffer text, int words, int target)
        {
            var token = _starts[run.NextInt(_starts.Length)];
            while (true)
            {
                AppendToken(run, text, token);
                words++;
                if (words >= MaxTitleWords) break;
                if (words >= target && !_connector[token]) break;
                var next = Successor(run, token);
                if (next == End)
                {
                    if (words >= MinTitleWords && !_connector[token]) break;
                    next = _all[run.NextInt(_all.Length)];
                }
                else if (run.Chance(Run.Jump))
                {
                    next = _all[run.NextInt(_all.Length)];
                }
                token = next;
            }
            text.TrimEnd(":,;-–—");
        }
    }

    /// <summary>A growable char buffer, reused for every record so text is built without per-word strings.</summary>
    private sealed class CharBuffer
    {
        private char[] _chars = new char[4096];

        public int Length { get; private set; }

        public char Last => _chars[Length - 1];

        public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

        public void Clear() => Length = 0;

        public CharBuffer Append(char c)
        {
            if (Length == _chars.Length) Array.Resize(ref _chars, _chars.Length * 2);
            _chars[Length++] = c;
            return this;
        }

        public CharBuffer Append(ReadOnlySpan<char> text)
        {
            if (Length + text.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + text.Length));
            text.CopyTo(_chars.AsSpan(Length));
            Length += text.Length;
            return this;
        }

        public void AppendDate(DateTime date, string format)
        {
            if (Length + 64 > _chars.Length) Array.Resize(ref _chars, _chars.Length * 2);
            date.TryFormat(_chars.AsSpan(Length), out var written, format, CultureInfo.InvariantCulture);
            Length += written;
        }

        public void Capitalize(int index)
        {
            if (index < Length) _chars[index] = char.ToUpperInvariant(_chars[index]);
        }

        public void TrimEnd(string characters)
        {
            while (Length > 0 && (characters.Contains(_chars[Length - 1]) || _chars[Length - 1] == ' ')) Length--;
        }

        /// <summary>Ends the text with a full stop, replacing a trailing comma, colon or semicolon.</summary>
        public void EndSentence()
        {
            TrimEnd(",;:-–—");
            if (Length > 0 && _chars[Length - 1] is not ('.' or '?' or '!')) Append('.');
        }
    }

    private readonly record struct Author(string First, string Last, string Suffix);

    private sealed record Record
    {
        public required string Id { get; init; }
        public required string Submitter { get; init; }
        public required Author[] Authors { get; init; }
        public required string Title { get; init; }
        public string? Comments { get; init; }
        public string? JournalRef { get; init; }
        public string? Doi { get; init; }
        public string? ReportNo { get; init; }
        public required string Categories { get; init; }
        public string? License { get; init; }
        /// <summary>Unwrapped text; paragraphs are separated by a single "\n".</summary>
        public required string Abstract { get; init; }
        public required DateTime[] Versions { get; init; }
        public required DateTime Updated { get; init; }
    }

    private static class Names
    {
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Submitter = JsonEncodedText.Encode("submitter");
        public static readonly JsonEncodedText Authors = JsonEncodedText.Encode("authors");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Comments = JsonEncodedText.Encode("comments");
        public static readonly JsonEncodedText JournalRef = JsonEncodedText.Encode("journal-ref");
        public static readonly JsonEncodedText Doi = JsonEncodedText.Encode("doi");
        public static readonly JsonEncodedText ReportNo = JsonEncodedText.Encode("report-no");
        public static readonly JsonEncodedText Categories = JsonEncodedText.Encode("categories");
        public static readonly JsonEncodedText License = JsonEncodedText.Encode("license");
        public static readonly JsonEncodedText Abstract = JsonEncodedText.Encode("abstract");
        public static readonly JsonEncodedText Versions = JsonEncodedText.Encode("versions");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
        public static readonly JsonEncodedText UpdateDate = JsonEncodedText.Encode("update_date");
        public static readonly JsonEncodedText AuthorsParsed = JsonEncodedText.Encode("authors_parsed");
    }

    private static readonly string[] VersionLabels = ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"];

    private const int FirstNewStyleYear = 2007;

    /// <summary>Cumulative weights for 2007..2026: submissions grow about 15% a year.</summary>
    private static readonly double[] YearWeights = Cumulative(Enumerable.Range(0, 20).Select(i => Math.Pow(1.15, i)));

    private static readonly double[] VersionCountWeights = Cumulative([55, 30, 15]);

    private static readonly double[] AuthorCountWeights = Cumulative([10, 16, 18, 16, 12, 9, 6, 4, 3, 2, 2, 2]);

    private static readonly double[] CategoryCountWeights = Cumulative([50, 35, 15]);

    private static readonly string[] Categories =
    [
        "cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.RO", "eess.IV", "cs.NE", "math.OC", "cs.IR",
        "eess.SP", "cs.CR", "cs.HC", "cs.SD", "eess.AS", "q-bio.NC", "cs.DC", "cs.SE", "physics.comp-ph", "quant-ph",
        "cs.MA", "cs.SI", "math.ST", "stat.ME", "cond-mat.dis-nn", "cs.GT", "cs.DS", "cs.CY", "q-bio.QM", "physics.data-an",
        "econ.EM", "astro-ph.IM", "cs.PL", "cs.LO", "math.NA", "eess.SY",
    ];

    /// <summary>Zipf weights over <see cref="Categories"/>, most popular first.</summary>
    private static readonly double[] CategoryWeights = Cumulative(Enumerable.Range(1, Categories.Length).Select(r => 1 / Math.Pow(r, 1.1)));

    private static readonly string[] OldArchives =
        ["hep-th", "hep-ph", "astro-ph", "cond-mat", "quant-ph", "gr-qc", "math", "physics", "nucl-th", "cs", "hep-ex", "hep-lat"];

    private static readonly double[] OldArchiveWeights = Cumulative(Enumerable.Range(1, OldArchives.Length).Select(r => 1 / Math.Pow(r, 0.8)));

    private static readonly string?[] Licenses =
    [
        null,
        "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
        "http://creativecommons.org/licenses/by/4.0/",
        "http://creativecommons.org/licenses/by-nc-sa/4.0/",
        "http://creativecommons.org/licenses/by-sa/4.0/",
        "http://creativecommons.org/licenses/by-nc-nd/4.0/",
        "http://creativecommons.org/publicdomain/zero/1.0/",
    ];

    private static readonly double[] LicenseWeights = Cumulative([15, 45, 25, 6, 3, 4, 2]);

    private static readonly string[] Venues =
    [
        "NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "NAACL", "AAAI", "IJCAI", "KDD",
        "ICRA", "IROS", "COLT", "AISTATS", "UAI", "WACV", "MICCAI", "SIGIR", "CoRL", "Interspeech",
    ];

    private static readonly string[] Journals =
    [
        "Phys. Rev. D", "Phys. Rev. Lett.", "J. Mach. Learn. Res.", "IEEE Trans. Pattern Anal. Mach. Intell.",
        "Neural Comput.", "Nature Commun.", "Pattern Recognit.", "Trans. Mach. Learn. Res.", "IEEE Trans. Signal Process.",
        "Neural Netw.", "Mach. Learn.", "Ann. Statist.", "SIAM J. Optim.", "Int. J. Comput. Vis.", "Comput. Linguist.",
    ];

    private static readonly string[] DoiPrefixes =
        ["1109/TPAMI", "1103/PhysRevD", "1016/j.patcog", "1162/neco", "1038/s41467", "1007/s10994", "1214/aos", "1137/siopt"];

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "de", "pa", "zo", "fe", "gu", "ri", "xa", "bel",
        "dor", "gan", "lum", "tor", "sen", "vex", "qui", "mar", "nol", "pir", "tas", "hul", "cen", "dri", "bro", "phy",
    ];

    private static readonly string[] FirstNames =
    [
        "James", "Maria", "Wei", "Li", "Yuki", "Hiroshi", "Anna", "Mohammed", "Fatima", "Carlos", "Sofia", "Ivan",
        "Olga", "Pierre", "Fran{\\c{c}}ois", "J{\\'e}r{\\^o}me", "Jos{\\'e}", "Andr{\\'e}s", "Bj{\\\"o}rn", "S{\\o}ren",
        "J{\\\"u}rgen", "Zo{\\\"e}", "Ana", "Chen", "Xin", "Yang", "Jun", "Min-Jun", "Seo-yeon", "Arjun", "Priya",
        "Rahul", "Ananya", "David", "Sarah", "Michael", "Emily", "Daniel", "Laura", "Thomas", "Julia", "Alexander",
        "Elena", "Giovanni", "Chiara", "Luca", "Marco", "Hannah", "Lukas", "Lea", "Mateo", "Valentina", "Omar",
        "Layla", "Kwame", "Amara", "Nikolai", "Tatiana", "Ahmet", "Elif", "Ji-woo", "Haruto", "Sakura", "Minh", "Linh",
        "Tom{\\'a}{\\v{s}}", "Ji{\\v{r}}{\\'\\i}", "{\\L}ukasz", "Ma{\\l}gorzata", "Zolt{\\'a}n", "Ren{\\'e}e",
        "No{\\\"e}l", "In{\\^e}s", "Jo{\\~a}o", "C{\\'e}line", "Ahmad", "Sergey", "Dmitry", "Yulia", "Kai", "Noah",
        "Emma", "Olivia", "Ethan", "Ava", "Benjamin", "Isabella", "Samuel", "Mia", "Oliver", "Charlotte",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Kim", "Lee", "Park",
        "Nguyen", "Tran", "Tanaka", "Suzuki", "Sato", "Kumar", "Singh", "Sharma", "Patel", "Gupta", "M{\\\"u}ller",
        "Schr{\\\"o}dinger", "Schmidt", "Schneider", "Fischer", "Wei{\\ss}", "Gro{\\ss}", "K{\\\"o}nig", "Garc{\\'\\i}a",
        "Mart{\\'\\i}nez", "Rodr{\\'\\i}guez", "L{\\'o}pez", "Gonz{\\'a}lez", "P{\\'e}rez", "Nu{\\~n}ez", "Ib{\\'a}{\\~n}ez",
        "Dubois", "Lef{\\`e}vre", "Moreau", "Rossi", "Russo", "Ferrari", "Bianchi", "Esposito", "Novak",
        "Dvo{\\v{r}}{\\'a}k", "Ho{\\v{s}}ek", "Nov{\\'a}kov{\\'a}", "Kowalski", "Wi{\\'s}niewski", "W{\\'o}jcik",
        "Erd{\\H{o}}s", "Szab{\\'o}", "Nagy", "S{\\o}rensen", "{\\AA}str{\\\"o}m", "J{\\o}rgensen", "Lindstr{\\\"o}m",
        "Johansson", "Andersson", "Ivanov", "Petrov", "Smirnov", "Popov", "Kuznetsov", "Yilmaz", "{\\c{C}}elik",
        "{\\\"O}zt{\\\"u}rk", "Silva", "Santos", "Oliveira", "Costa", "Pereira", "Brown", "Johnson", "Williams", "Jones",
        "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris",
        "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Hill", "Green", "Adams", "Baker",
        "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
        "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Cohen", "Levi", "Friedman", "Ben-David", "Haddad",
        "Hassan", "Ali", "Ahmed", "Okafor", "Mensah", "Abebe", "O'Brien", "McDonald", "van der Berg", "de Vries",
        "Jansen", "Bakker", "Visser",
    ];

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var result = weights.ToArray();
        for (var i = 1; i < result.Length; i++) result[i] += result[i - 1];
        return result;
    }
}
