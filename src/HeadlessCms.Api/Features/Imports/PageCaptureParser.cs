using System.Text;
using System.Text.RegularExpressions;
using HeadlessCms.Api.Features.Articles;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// A plain-text capture of a news page (what "select all, copy" gives): the title on the first line, then a date, a byline,
/// a highlights list, the body with its section headings, a "Source:" line, and then the site around the article
/// (search box, recent-news list, author box, comments, newsletter boxes, cookie text), which is dropped and reported.
/// </summary>
internal static partial class PageCaptureParser
{
    private sealed record Line(int Number, string Text, bool AfterBlank);

    public static ImportedDraft Parse(string document, ImportFindings findings)
    {
        var lines = Lines(findings.Repair("document", document));
        var i = 0;

        // Leading navigation ("Home", "Menu") is not the title.
        while (i < lines.Count && Furniture(lines[i].Text) is { } reason && reason == "navigation")
        {
            findings.Drop(lines[i].Number, lines[i].Text, reason);
            i++;
        }

        string? title = null;
        if (i < lines.Count)
        {
            title = lines[i].Text;
            i++;
        }

        DateOnly? date = null;
        string? byline = null;
        var highlights = new List<string>();

        // The header: date, byline and highlights, in any order, until the first line of running text.
        for (; i < lines.Count; i++)
        {
            var line = lines[i].Text;
            if (date is null && line.Length <= 40 && ImportPatterns.ParseDate(line) is { } found)
            {
                date = found;
            }
            else if (byline is null && ImportPatterns.Byline(line) is { } name)
            {
                byline = name;
            }
            else if (HighlightsHeading().IsMatch(line) && i + 1 < lines.Count && Bullet(lines[i + 1].Text) is not null)
            {
                for (i++; i < lines.Count && Bullet(lines[i].Text) is { } item; i++)
                {
                    highlights.Add(item);
                }

                i--;
            }
            else
            {
                break;
            }
        }

        var body = new StringBuilder();
        SourceAttributionDto? source = null;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (ImportPatterns.Source(line.Text) is { } found)
            {
                source = found;
                i++;
                break;
            }

            if (Furniture(line.Text) is not null)
            {
                break;
            }

            var text = NoLinkResidue(line, findings);
            if (Bullet(text) is { } item)
            {
                body.Append(body.Length == 0 || line.AfterBlank ? "\n\n" : "\n").Append("- ").Append(item);
            }
            else if (IsHeading(lines, i))
            {
                findings.Headings++;
                body.Append("\n\n## ").Append(text);
            }
            else
            {
                findings.Paragraphs++;
                body.Append("\n\n").Append(EscapeLineStart(text));
            }
        }

        // After the article: an author box is kept for the byline and bio; everything else is the site.
        string? bio = null;
        var zone = "after the article";
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (byline is null && ImportPatterns.Byline(line.Text) is { } name)
            {
                byline = name;
                zone = "author box";
                if (i + 1 < lines.Count && lines[i + 1].Text.Length > 80 && Furniture(lines[i + 1].Text) is null)
                {
                    bio = lines[++i].Text;
                }

                continue;
            }

            zone = Furniture(line.Text) ?? zone;
            findings.Drop(line.Number, line.Text, zone);
        }

        return new ImportedDraft(title, date, byline, bio, highlights, body.ToString().Trim(), null, [], source);
    }

    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var afterBlank = true;
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                afterBlank = true;
                continue;
            }

            lines.Add(new Line(number, line, afterBlank));
            afterBlank = false;
        }

        return lines;
    }

    /// <summary>A short line without closing punctuation, followed by running text, is a section heading.</summary>
    private static bool IsHeading(List<Line> lines, int i)
    {
        var text = lines[i].Text;
        if (text.Length > 90 || text.Split(' ').Length > 12 || ".!?:;,…\"”’)".Contains(text[^1]) || Bullet(text) is not null)
        {
            return false;
        }

        return i + 1 < lines.Count && lines[i + 1].Text.Length > text.Length && Bullet(lines[i + 1].Text) is null
            && ImportPatterns.Source(lines[i + 1].Text) is null && Furniture(lines[i + 1].Text) is null;
    }

    private static string? Bullet(string line)
    {
        var match = BulletPattern().Match(line);
        return match.Success ? match.Groups["item"].Value.Trim() : null;
    }

    private static string NoLinkResidue(Line line, ImportFindings findings)
    {
        if (!LinkResidue().IsMatch(line.Text))
        {
            return line.Text;
        }

        findings.Drop(line.Number, "(opens in a new tab)", "link residue");
        return LinkResidue().Replace(line.Text, "");
    }

    /// <summary>A paragraph that starts like Markdown syntax ("# 1", "1. ", "- ") is text, not a heading or a list.</summary>
    private static string EscapeLineStart(string text) =>
        MarkdownLineStart().IsMatch(text) ? "\\" + text : text;

    /// <summary>Which kind of site furniture a line announces, or null for a line that may be the article.</summary>
    private static string? Furniture(string line)
    {
        foreach (var (pattern, reason) in FurniturePatterns)
        {
            if (pattern.IsMatch(line))
            {
                return reason;
            }
        }

        return null;
    }

    private static readonly (Regex Pattern, string Reason)[] FurniturePatterns =
    [
        (new Regex(@"^(home|menu|skip to (main )?content|back to top|main navigation)$", RegexOptions.IgnoreCase), "navigation"),
        (new Regex(@"^search( for)?:?$", RegexOptions.IgnoreCase), "search box"),
        (new Regex(@"^(recent|latest|related|more|popular|trending|top)\b.{0,40}\b(news|posts|articles|stories|reads)$|^related$", RegexOptions.IgnoreCase), "recent-news list"),
        (new Regex(@"^(\d[\d,]* comments?|comments?|no (replies|comments) yet|loading( new)? replies.*|(submit|leave|post) a (comment|reply)|reply( like)?|your email address will not be published.*)$", RegexOptions.IgnoreCase), "comments"),
        (new Regex(@"(newsletter|subscrib|straight into your inbox|sign up for|daily news update)", RegexOptions.IgnoreCase), "newsletter box"),
        (new Regex(@"(\bcookies?\b.*\b(use|accept|consent|settings)|^accept( all)?( cookies)?$|^privacy (policy|settings)$)", RegexOptions.IgnoreCase), "cookie notice"),
        (new Regex(@"^(share( this)?( article| story| on .*)?|tweet|print|email this)$", RegexOptions.IgnoreCase), "sharing links"),
    ];

    [GeneratedRegex(@"^(highlights|key points|key takeaways|at a glance|in brief|summary)$", RegexOptions.IgnoreCase)]
    private static partial Regex HighlightsHeading();

    [GeneratedRegex(@"^(•|◦|▪|·|\*|-|–)\s+(?<item>\S.*)$")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"\s*\(opens in a new (tab|window)\)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkResidue();

    [GeneratedRegex(@"^(#|>|\d+[.)]\s|[-+*]\s|={3,}|-{3,})")]
    private static partial Regex MarkdownLineStart();
}
