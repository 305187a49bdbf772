using System.Text.Json;
using AngleSharp.Html.Parser;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Features.Articles;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// An IPTC ninjs document (1.x/2.x property names, and the 3.x arrays): headline(s) → title, byline(s) → author,
/// versioncreated/firstcreated → date, description_text/descriptions → excerpt, body_html/body_text/bodies → body,
/// subject(s) and keywords → tags, and our export's extensions "highlights" and "source" (name, url, publishedOn) when
/// present. Every string is repaired on its own; a repair names the property it was in.
/// </summary>
internal static class NinjsParser
{
    public static ImportedDraft Parse(string json, ImportFindings findings)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException bad)
        {
            throw ValidationRules.Field("document",
                $"The body is not valid JSON (line {bad.LineNumber + 1}, byte {bad.BytePositionInLine + 1}): expected an IPTC ninjs object.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ValidationRules.Field("document", "Expected an IPTC ninjs JSON object with 'headline' and 'body_html' or 'body_text'.");
        }

        string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? findings.Repair(name, value.GetString()!).Trim() is { Length: > 0 } text ? text : null
            : null;

        string? FirstOf(string array, string property, string? role = null)
        {
            if (!root.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                    && (role is null || !item.TryGetProperty("role", out var r) || r.GetString() == role))
                {
                    return findings.Repair($"{array}[{index}].{property}", value.GetString()!).Trim();
                }

                index++;
            }

            return null;
        }

        List<string> Names(string array)
        {
            var names = new List<string>();
            if (root.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var name = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString(),
                        JsonValueKind.Object when item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
                        _ => null,
                    };
                    if (!string.IsNullOrWhiteSpace(name))
                    {
                        names.Add(findings.Repair($"{array}[{index}]", name).Trim());
                    }

                    index++;
                }
            }

            return names;
        }

        var title = Field("headline") ?? FirstOf("headlines", "value");
        var byline = Field("byline") ?? FirstOf("bylines", "byline");
        if (byline is not null)
        {
            byline = ImportPatterns.Byline(byline) ?? byline;
        }

        var date = Date(Field("versioncreated")) ?? Date(Field("firstcreated"));
        var excerpt = Field("description_text") ?? FirstOf("descriptions", "value", "summary");

        var markdown = "";
        var html = Field("body_html") ?? BodyOf(root, "text/html", findings);
        if (html is not null)
        {
            var fragment = new HtmlParser().ParseDocument("<body>" + html + "</body>");
            markdown = HtmlToMarkdown.Convert(fragment.Body!);
        }
        else if ((Field("body_text") ?? BodyOf(root, "text/plain", findings)) is { } text)
        {
            markdown = string.Join("\n\n", text.ReplaceLineEndings("\n").Split("\n\n").Select(p => p.Trim()).Where(p => p.Length > 0));
        }

        var tags = Names("subject").Concat(Names("subjects")).Concat(Names("keywords")).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var highlights = Names("highlights");
        var source = Source(root, findings);

        var hints = new ImportedDraft(title, date, byline, null, highlights, "", excerpt, tags, source);
        var parsed = MarkdownParser.Parse(markdown, findings, hints);
        return parsed with { Highlights = highlights.Count > 0 ? highlights : parsed.Highlights };
    }

    private static string? BodyOf(JsonElement root, string contentType, ImportFindings findings)
    {
        if (!root.TryGetProperty("bodies", out var bodies) || bodies.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var index = 0;
        foreach (var body in bodies.EnumerateArray())
        {
            if (body.ValueKind == JsonValueKind.Object
                && body.TryGetProperty("contentType", out var type) && type.GetString() == contentType
                && body.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            {
                return findings.Repair($"bodies[{index}].value", value.GetString()!);
            }

            index++;
        }

        return null;
    }

    private static SourceAttributionDto? Source(JsonElement root, ImportFindings findings)
    {
        foreach (var name in (string[])["source", "infosource", "infosources"])
        {
            if (!root.TryGetProperty(name, out var value))
            {
                continue;
            }

            var source = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().FirstOrDefault() : value;
            if (source.ValueKind == JsonValueKind.Object && source.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            {
                var url = source.TryGetProperty("url", out var u) || source.TryGetProperty("uri", out u) ? u.GetString() : null;
                var published = source.TryGetProperty("publishedOn", out var p) ? ImportPatterns.ParseDate(p.GetString()) : null;
                return new SourceAttributionDto(findings.Repair($"{name}.name", n.GetString()!).Trim(), url, published);
            }
        }

        return null;
    }

    private static DateOnly? Date(string? stamp) => stamp is { Length: >= 10 } ? ImportPatterns.ParseDate(stamp[..10]) : null;
}
