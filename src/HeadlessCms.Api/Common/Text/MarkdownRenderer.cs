using System.Text;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

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
                && IsExternal(href))
            {
                link.SetAttribute("rel", "noopener");
            }
        };
    }

    /// <summary>
    /// An http(s) URL, or a protocol-relative one ("//evil.example/p", and "/\evil.example" or "\\evil.example", which
    /// browsers read the same way): it leaves this site.
    /// </summary>
    public static bool IsExternal(string href)
    {
        var trimmed = href.Trim();
        if (trimmed.Length >= 2 && trimmed[0] is '/' or '\\' && trimmed[1] is '/' or '\\')
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
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

    /// <summary>The longest derived excerpt, in characters (an editor's own excerpt may have up to 600).</summary>
    public const int DerivedExcerptMaxLength = 300;

    private const int MinParagraphLength = 40;

    /// <summary>
    /// The excerpt when an editor gives none: the first paragraph (of more than 40 characters, when there is one) of the
    /// Markdown as plain text, read from Markdig's syntax tree, so headings, HTML blocks, code blocks and lists are never
    /// part of it, inline markup is reduced to its text (raw inline HTML and images to nothing), and line breaks are
    /// spaces. Cut at a word boundary with "…" past <see cref="DerivedExcerptMaxLength"/>.
    /// </summary>
    public static string DeriveExcerpt(string? markdown, int maxLength = DerivedExcerptMaxLength)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        // Top-level paragraphs first (not those in lists or quotes); a very short one (a dateline, "Updated.") is skipped
        // when a real paragraph follows.
        var document = Markdown.Parse(markdown, Pipeline);
        var paragraphs = document.OfType<ParagraphBlock>().Select(Text).Where(t => t.Length > 0).ToList();
        if (paragraphs.Count == 0)
        {
            paragraphs = document.Descendants<ParagraphBlock>().Select(Text).Where(t => t.Length > 0).ToList();
        }

        var paragraph = paragraphs.FirstOrDefault(t => t.Length > MinParagraphLength) ?? paragraphs.FirstOrDefault() ?? "";
        if (paragraph.Length <= maxLength)
        {
            return paragraph;
        }

        var cut = paragraph.LastIndexOf(' ', maxLength - 1);
        return paragraph[..(cut > 0 ? cut : maxLength - 1)].TrimEnd(',', ';', ':', ' ') + "…";
    }

    private static string Text(ParagraphBlock paragraph)
    {
        var text = new StringBuilder();
        AppendText(paragraph.Inline, text);
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AppendText(Inline? inline, StringBuilder text)
    {
        switch (inline)
        {
            case null:
            case HtmlInline:
            case LinkInline { IsImage: true }:
            case Markdig.Extensions.Footnotes.FootnoteLink:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                return;
            case CodeInline code:
                text.Append(code.Content);
                return;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                return;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                return;
            case LineBreakInline:
                text.Append(' ');
                return;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendText(child, text);
                }

                return;
        }
    }
}
