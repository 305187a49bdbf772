using Ganss.Xss;
using Markdig;

namespace HeadlessCms.Api.Common.Text;

/// <summary>
/// Markdown to safe HTML, done once at write time. Markdig renders; HtmlSanitizer removes scripts,
/// event handlers and dangerous URLs; external links get rel="noopener".
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseFootnotes()
        .Build();

    private readonly HtmlSanitizer sanitizer;

    public MarkdownRenderer()
    {
        sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAttributes.Add("id");

        // An article body has no business collecting input: forms in a body are phishing, not journalism.
        sanitizer.AllowedTags.ExceptWith(["form", "input", "button", "select", "option", "textarea", "label", "fieldset", "legend"]);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link
                && link.GetAttribute("href") is { } href
                && Uri.TryCreate(href, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                link.SetAttribute("rel", "noopener");
            }
        };
    }

    public string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)).Trim();

    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline);

    /// <summary>Minutes at 230 words a minute, never less than one.</summary>
    public static int ReadingTimeMinutes(string? markdown)
    {
        var words = ToPlainText(markdown).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return Math.Max(1, (int)Math.Ceiling(words / 230.0));
    }

    /// <summary>The first paragraph as plain text, cut at a word boundary: the excerpt when an editor gives none.</summary>
    public static string DeriveExcerpt(string? markdown, int maxLength = 300)
    {
        var text = ToPlainText(markdown).Trim();
        var firstParagraph = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => line.Length > 40) ?? text;
        if (firstParagraph.Length <= maxLength)
        {
            return firstParagraph;
        }

        var cut = firstParagraph.LastIndexOf(' ', maxLength - 1);
        return firstParagraph[..(cut > 0 ? cut : maxLength - 1)].TrimEnd(',', ';', ':', ' ') + "…";
    }
}
