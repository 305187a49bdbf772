using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using HeadlessCms.Api.Common.Text;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// An HTML page or fragment: title, date, byline and tags from the head and the article's header, the article element
/// (or main, or body) converted to Markdown with the site around it (navigation, asides, comments, newsletter and
/// cookie boxes, scripts) dropped and reported; then read as Markdown for highlights and the source line.
/// </summary>
internal static partial class HtmlImportParser
{
    public static ImportedDraft Parse(string html, ImportFindings findings)
    {
        var repaired = findings.Repair("document", html);
        var document = new AngleSharp.Html.Parser.HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true }).ParseDocument(repaired);

        var root = document.QuerySelector("article") ?? document.QuerySelector("main") ?? document.QuerySelector("[role=main]")
            ?? document.Body ?? (INode)document;
        var heading = (root as IElement)?.QuerySelector("h1") ?? document.QuerySelector("h1");
        var title = Text(heading) ?? Meta(document, "og:title") ?? Text(document.QuerySelector("title"));
        if (heading is not null && root is IElement && ((IElement)root).Contains(heading))
        {
            heading.Remove();
        }

        var time = (root as IElement)?.QuerySelector("time[datetime]") ?? document.QuerySelector("time[datetime]");
        var date = ImportPatterns.ParseDate(Meta(document, "article:published_time")?[..Math.Min(10, Meta(document, "article:published_time")!.Length)])
            ?? ImportPatterns.ParseDate(time?.GetAttribute("datetime") is { Length: >= 10 } stamp ? stamp[..10] : null)
            ?? ImportPatterns.ParseDate(Text(time));
        time?.Remove();

        var bylineElement = (root as IElement)?.QuerySelector("[rel=author], .byline, .author, [itemprop=author]");
        var byline = Meta(document, "author") ?? Meta(document, "article:author") ?? Byline(Text(bylineElement));
        if (bylineElement is not null && Byline(Text(bylineElement)) is not null)
        {
            bylineElement.Remove();
        }

        var tags = document.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")?.Trim())
            .Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
        if (tags.Count == 0 && Meta(document, "keywords") is { } keywords)
        {
            tags = keywords.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }

        if (root is IElement container)
        {
            DropFurniture(container, findings);
        }

        var markdown = HtmlToMarkdown.Convert(root);
        var hints = new ImportedDraft(title, date, byline, null, [], "", Meta(document, "description"), tags, null);
        return MarkdownParser.Parse(markdown, findings, hints) with { Title = title };
    }

    private static void DropFurniture(IElement root, ImportFindings findings)
    {
        foreach (var element in root.QuerySelectorAll("*").ToList())
        {
            if (element.Parent is null || !root.Contains(element))
            {
                continue;
            }

            var reason = element.LocalName switch
            {
                "script" or "style" or "noscript" or "template" => "script or style",
                "nav" => "navigation",
                "aside" => "aside",
                "form" => "form",
                "iframe" or "object" or "embed" => "embedded frame",
                "footer" or "header" when element != root => element.LocalName,
                _ => FurnitureClass().Match(element.ClassName + " " + element.Id) is { Success: true } match ? match.Value.ToLowerInvariant() + " box" : null,
            };
            if (reason is null)
            {
                continue;
            }

            var text = Regex.Replace(element.TextContent, @"\s+", " ").Trim();
            if (text.Length > 0 || reason != "script or style")
            {
                findings.Drop(element.SourceReference?.Position.Line ?? 0, text.Length > 0 ? text : $"<{element.LocalName}>", reason);
            }

            element.Remove();
        }
    }

    private static string? Meta(IDocument document, string name)
    {
        var meta = document.QuerySelector($"meta[property='{name}'], meta[name='{name}']");
        var content = meta?.GetAttribute("content")?.Trim();
        return string.IsNullOrEmpty(content) ? null : content;
    }

    private static string? Text(IElement? element)
    {
        var text = element is null ? null : Regex.Replace(element.TextContent, @"\s+", " ").Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? Byline(string? text) => text is null ? null : ImportPatterns.Byline(text) ?? (text.Split(' ').Length <= 5 ? text : null);

    [GeneratedRegex(@"\b(comments?|newsletter|subscribe|subscription|cookie|consent|share|sharing|social|related|sidebar|promo|advert|ads?|recommended|popular|breadcrumbs?|menu)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FurnitureClass();
}
