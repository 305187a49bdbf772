using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// Comments are plain text, never HTML. The HTML form only adds structure: blank lines separate paragraphs, single
/// line breaks become &lt;br&gt;, bare http(s) URLs become links with rel="nofollow ugc noopener". Everything the
/// reader typed is HTML-encoded, so markup and event handlers come back as inert text.
/// </summary>
public static partial class CommentText
{
    private const string LinkRel = "nofollow ugc noopener";

    // Every non-ASCII letter stays readable; only what HTML gives meaning to (< > & " ' and the like) is encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"https?://\S+|\bwww\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex LinkLike();

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex BlankLines();

    public static int CountLinks(string text) => LinkLike().Count(text);

    public static string ToHtml(string text)
    {
        var normalized = text.Replace("\r\n", "\n").Replace('\r', '\n').Trim();
        var html = new StringBuilder(normalized.Length + 32);
        foreach (var paragraph in BlankLines().Split(normalized))
        {
            html.Append("<p>");
            var lines = paragraph.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Append("<br>");
                }

                AppendWithLinks(html, lines[i]);
            }

            html.Append("</p>");
        }

        return html.ToString();
    }

    private static void AppendWithLinks(StringBuilder html, string line)
    {
        var done = 0;
        foreach (Match match in Url().Matches(line))
        {
            var url = TrimTrailingPunctuation(match.Value);
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                continue;
            }

            html.Append(Encoder.Encode(line[done..match.Index]));
            var encoded = Encoder.Encode(url);
            html.Append("<a href=\"").Append(encoded).Append("\" rel=\"").Append(LinkRel).Append("\">").Append(encoded).Append("</a>");
            done = match.Index + url.Length;
        }

        html.Append(Encoder.Encode(line[done..]));
    }

    /// <summary>"See https://example.org/a." links to /a, not "/a."; a closing parenthesis stays when the URL opened one.</summary>
    private static string TrimTrailingPunctuation(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            var unbalancedParen = last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')');
            if (!unbalancedParen && !".,;:!?'\"]}".Contains(last))
            {
                break;
            }

            url = url[..^1];
        }

        return url;
    }
}
