using System.Globalization;
using System.Xml;
using PaperBrowser.Search;
using PaperBrowser.Web.Papers;

namespace PaperBrowser.Web.Search;

/// <summary>An Atom feed (RFC 4287) for any search view: same parameters as the page, newest first.</summary>
public static class FeedEndpoint
{
    private const int Entries = 50;
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static IEndpointRouteBuilder MapSearchFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed", async (HttpContext http, PaperSearchService search) =>
        {
            // Invalid values fall back to defaults, as on the page: a feed reader cannot show a notice.
            var (request, _) = SearchUrl.Parse(http.Request.Query);
            request = request with { Sort = SearchSort.Newest, Page = 1, Size = Entries };
            var result = await search.SearchAsync(request, http.RequestAborted);

            var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
            var viewUrl = baseUrl + SearchUrl.Build("/", request with { Sort = null, Size = SearchRequest.DefaultSize });
            var selfUrl = baseUrl + SearchUrl.Build("/feed", request with { Sort = null, Size = SearchRequest.DefaultSize }, includePage: false);

            using var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) }))
            {
                xml.WriteStartDocument();
                xml.WriteStartElement("feed", AtomNamespace);
                xml.WriteElementString("title", AtomNamespace, XmlSafe(request.HasQuery ? $"PaperBrowser: {request.Query}" : "PaperBrowser: newest papers"));
                // The feed's id is its view: the same search always has the same id.
                xml.WriteElementString("id", AtomNamespace, selfUrl);
                var updated = result.Hits.Count == 0 ? DateTime.UnixEpoch : result.Hits.Max(h => h.UpdatedUtc);
                xml.WriteElementString("updated", AtomNamespace, Rfc3339(updated));
                WriteLink(xml, "self", selfUrl, "application/atom+xml");
                WriteLink(xml, "alternate", viewUrl, "text/html");
                xml.WriteStartElement("author", AtomNamespace);
                xml.WriteElementString("name", AtomNamespace, "PaperBrowser");
                xml.WriteEndElement();
                xml.WriteElementString("generator", AtomNamespace, "PaperBrowser");

                foreach (var hit in result.Hits)
                {
                    var url = baseUrl + PaperUrl.For(hit.Id, hit.Title);
                    xml.WriteStartElement("entry", AtomNamespace);
                    xml.WriteElementString("title", AtomNamespace, XmlSafe(hit.Title));
                    // Stable across title edits and host changes.
                    xml.WriteElementString("id", AtomNamespace, $"tag:paperbrowser,2026:paper/{hit.Id.ToString(CultureInfo.InvariantCulture)}");
                    xml.WriteElementString("updated", AtomNamespace, Rfc3339(hit.UpdatedUtc));
                    if (hit.Published.IsComplete)
                        xml.WriteElementString("published", AtomNamespace, Rfc3339(new DateTime(hit.Published.Year!.Value, hit.Published.Month!.Value, hit.Published.Day!.Value, 0, 0, 0, DateTimeKind.Utc)));
                    WriteLink(xml, "alternate", url, "text/html");
                    foreach (var topic in hit.Topics)
                    {
                        xml.WriteStartElement("category", AtomNamespace);
                        xml.WriteAttributeString("term", XmlSafe(topic));
                        xml.WriteEndElement();
                    }
                    xml.WriteStartElement("summary", AtomNamespace);
                    xml.WriteAttributeString("type", "text");
                    xml.WriteString(XmlSafe(string.Join(" … ", hit.Fragments.Select(f => System.Net.WebUtility.HtmlDecode(f.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal))))));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }
            return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
        });
        return app;
    }

    private static void WriteLink(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>
    /// The text without the characters XML 1.0 cannot hold (control characters, lone surrogates):
    /// paper text and queries may carry them, and the writer would throw on them.
    /// </summary>
    private static string XmlSafe(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c)) sb.Append(c).Append(text[++i]);
        }
        return sb.ToString();
    }

    private static string Rfc3339(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
