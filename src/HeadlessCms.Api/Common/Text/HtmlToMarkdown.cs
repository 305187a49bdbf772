using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace HeadlessCms.Api.Common.Text;

/// <summary>
/// HTML to the Markdown our bodies are written in: headings, paragraphs, lists, quotes, code, emphasis, links, images and
/// simple tables. Text is escaped, so no HTML survives as HTML: what the page said is text, and the Markdown renders through
/// the same sanitizer as every body. Links and images keep only http(s) and mailto addresses.
/// </summary>
public static partial class HtmlToMarkdown
{
    private static readonly HashSet<string> Skipped =
        ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "form", "input", "button", "select", "textarea", "head"];

    private static readonly HashSet<string> Blocks =
        ["p", "div", "section", "article", "main", "header", "footer", "figure", "figcaption", "address", "details", "summary", "dl", "dd", "dt", "center", "body", "html"];

    public static string Convert(INode root)
    {
        var output = new StringBuilder();
        Block(root, output, "");
        return MultipleBlankLines().Replace(output.ToString(), "\n\n").Trim();
    }

    private static void Block(INode node, StringBuilder output, string indent)
    {
        var inline = new StringBuilder();
        foreach (var child in node.ChildNodes)
        {
            if (child is IElement element && IsBlock(element))
            {
                Flush(inline, output, indent);
                BlockElement(element, output, indent);
            }
            else
            {
                Inline(child, inline);
            }
        }

        Flush(inline, output, indent);
    }

    private static bool IsBlock(IElement element) =>
        Blocks.Contains(element.LocalName) || Skipped.Contains(element.LocalName)
        || element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol" or "blockquote" or "pre" or "hr" or "table" or "li";

    private static void BlockElement(IElement element, StringBuilder output, string indent)
    {
        switch (element.LocalName)
        {
            case var skipped when Skipped.Contains(skipped):
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                var text = InlineText(element);
                if (text.Length > 0)
                {
                    Paragraph(output, indent, new string('#', element.LocalName[1] - '0') + " " + text);
                }

                return;
            case "ul" or "ol":
                List(element, output, indent);
                return;
            case "blockquote":
                var quoted = new StringBuilder();
                Block(element, quoted, "");
                var lines = quoted.ToString().Trim().Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l);
                Paragraph(output, indent, string.Join("\n" + indent, lines));
                return;
            case "pre":
                var code = element.TextContent.TrimEnd('\n');
                var fence = code.Contains("```", StringComparison.Ordinal) ? "~~~" : "```";
                Paragraph(output, indent, fence + "\n" + code + "\n" + fence);
                return;
            case "hr":
                Paragraph(output, indent, "***");
                return;
            case "table":
                Table(element, output, indent);
                return;
            default:
                Block(element, output, indent);
                return;
        }
    }

    private static void List(IElement list, StringBuilder output, string indent)
    {
        var number = list.LocalName == "ol" && int.TryParse(list.GetAttribute("start"), out var start) ? start : 1;
        var items = new StringBuilder();
        foreach (var item in list.Children.Where(c => c.LocalName == "li"))
        {
            var marker = list.LocalName == "ol" ? $"{number++}. " : "- ";
            var content = new StringBuilder();
            Block(item, content, "");
            var lines = MultipleBlankLines().Replace(content.ToString().Trim(), "\n").Split('\n');
            var pad = new string(' ', marker.Length);
            items.Append(indent).Append(marker).Append(lines[0]).Append('\n');
            foreach (var line in lines.Skip(1))
            {
                items.Append(indent).Append(pad).Append(line).Append('\n');
            }
        }

        if (items.Length > 0)
        {
            output.Append("\n\n").Append(items.ToString().TrimEnd('\n')).Append("\n\n");
        }
    }

    private static void Table(IElement table, StringBuilder output, string indent)
    {
        var rows = table.QuerySelectorAll("tr")
            .Select(r => r.Children.Where(c => c.LocalName is "td" or "th").Select(c => InlineText(c).Replace("|", "\\|", StringComparison.Ordinal)).ToList())
            .Where(r => r.Count > 0)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var width = rows.Max(r => r.Count);
        var lines = new List<string> { Row(rows[0], width), "|" + string.Concat(Enumerable.Repeat(" --- |", width)) };
        lines.AddRange(rows.Skip(1).Select(r => Row(r, width)));
        Paragraph(output, indent, string.Join("\n" + indent, lines));
    }

    private static string Row(List<string> cells, int width) =>
        "| " + string.Join(" | ", cells.Concat(Enumerable.Repeat("", width - cells.Count))) + " |";

    private static void Inline(INode node, StringBuilder inline)
    {
        switch (node)
        {
            case IText text:
                inline.Append(Escape(Whitespace().Replace(text.Data, " ")));
                return;
            case IElement element:
                InlineElement(element, inline);
                return;
        }
    }

    private static void InlineElement(IElement element, StringBuilder inline)
    {
        switch (element.LocalName)
        {
            case "br":
                inline.Append("\\\n");
                return;
            case "strong" or "b":
                Wrap(element, inline, "**");
                return;
            case "em" or "i" or "cite":
                Wrap(element, inline, "*");
                return;
            case "del" or "s" or "strike":
                Wrap(element, inline, "~~");
                return;
            case "code" or "kbd" or "samp":
                var code = Whitespace().Replace(element.TextContent, " ");
                var ticks = code.Contains('`', StringComparison.Ordinal) ? "``" : "`";
                inline.Append(ticks).Append(code.Contains('`', StringComparison.Ordinal) ? " " + code + " " : code).Append(ticks);
                return;
            case "a":
                var label = InlineText(element);
                var href = SafeUrl(element.GetAttribute("href"));
                inline.Append(href is null || label.Length == 0 ? label : $"[{label}]({href})");
                return;
            case "img":
                var src = SafeUrl(element.GetAttribute("src"));
                if (src is not null && !src.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                {
                    inline.Append("![").Append(Escape(element.GetAttribute("alt") ?? "")).Append("](").Append(src).Append(')');
                }

                return;
            case var skipped when Skipped.Contains(skipped):
                return;
            default:
                foreach (var child in element.ChildNodes)
                {
                    Inline(child, inline);
                }

                return;
        }
    }

    private static void Wrap(IElement element, StringBuilder inline, string marker)
    {
        var text = InlineText(element);
        if (text.Length == 0)
        {
            return;
        }

        // Emphasis markers must touch the text; spaces inside the tag move outside.
        var leading = Whitespace().IsMatch(element.TextContent[..1]) ? " " : "";
        var trailing = Whitespace().IsMatch(element.TextContent[^1..]) ? " " : "";
        inline.Append(leading).Append(marker).Append(text).Append(marker).Append(trailing);
    }

    private static string InlineText(IElement element)
    {
        var inline = new StringBuilder();
        foreach (var child in element.ChildNodes)
        {
            Inline(child, inline);
        }

        return Whitespace().Replace(inline.ToString().Replace("\\\n", " ", StringComparison.Ordinal), " ").Trim();
    }

    private static void Flush(StringBuilder inline, StringBuilder output, string indent)
    {
        var text = string.Join('\n', inline.ToString().Split('\n').Select(l => l.Trim())).Trim();
        inline.Clear();
        if (text.Length > 0)
        {
            Paragraph(output, indent, LineStart().IsMatch(text) ? "\\" + text : text);
        }
    }

    private static void Paragraph(StringBuilder output, string indent, string text) =>
        output.Append("\n\n").Append(indent).Append(text).Append("\n\n");

    private static string? SafeUrl(string? url)
    {
        url = url?.Trim();
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto)
            ? uri.AbsoluteUri.Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)
            : null;
    }

    /// <summary>Markdown's inline syntax characters as text; '&lt;' too, so nothing becomes raw HTML.</summary>
    private static string Escape(string text) => SyntaxCharacters().Replace(text, @"\$0");

    [GeneratedRegex(@"[\\`*_\[\]<>|~]")]
    private static partial Regex SyntaxCharacters();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();

    [GeneratedRegex(@"^(#|\d+[.)]\s|[-+]\s|={3,}$)")]
    private static partial Regex LineStart();
}
