using System.Text.RegularExpressions;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// Markdown copy: optional front matter (title, date, author, tags, source, source_url, excerpt, highlights), else the
/// first "# " heading is the title, a "By ..." line under it the byline, a "Highlights" section with a list the highlights,
/// and a closing "Source: ..." line the source attribution. The rest is the body, as written.
/// </summary>
internal static partial class MarkdownParser
{
    public static ImportedDraft Parse(string text, ImportFindings findings, ImportedDraft? hints = null)
    {
        var lines = findings.Repair("document", text).ReplaceLineEndings("\n").Split('\n').ToList();
        var meta = FrontMatter(lines);

        var title = meta.GetValueOrDefault("title")?.FirstOrDefault() ?? hints?.Title;
        if (title is null && FirstContentLine(lines) is { } first && H1().Match(lines[first]) is { Success: true } h1)
        {
            title = h1.Groups["text"].Value.Trim();
            lines.RemoveAt(first);
        }

        var byline = meta.GetValueOrDefault("author")?.FirstOrDefault() ?? meta.GetValueOrDefault("byline")?.FirstOrDefault() ?? hints?.Byline;
        if (FirstContentLine(lines) is { } next && ImportPatterns.Byline(lines[next].Trim('*', '_', ' ')) is { } name)
        {
            byline ??= name;
            lines.RemoveAt(next);
        }

        var date = ImportPatterns.ParseDate(meta.GetValueOrDefault("date")?.FirstOrDefault()) ?? hints?.Date;
        if (date is null && FirstContentLine(lines) is { } dateLine && lines[dateLine].Trim('*', '_', ' ') is { Length: <= 40 } candidate
            && ImportPatterns.ParseDate(candidate) is { } found)
        {
            date = found;
            lines.RemoveAt(dateLine);
        }

        var highlights = meta.GetValueOrDefault("highlights") ?? [];
        if (highlights.Count == 0)
        {
            highlights = TakeHighlights(lines);
        }

        var source = hints?.Source;
        if (meta.GetValueOrDefault("source")?.FirstOrDefault() is { } sourceName)
        {
            source = ImportPatterns.Source("Source: " + sourceName) is { } parsed
                ? parsed with { Url = meta.GetValueOrDefault("source_url")?.FirstOrDefault() ?? parsed.Url }
                : null;
        }
        else if (LastContentLine(lines) is { } last && ImportPatterns.Source(lines[last].Trim('*', '_', ' ')) is { } line)
        {
            source ??= line;
            lines.RemoveAt(last);
        }

        var body = string.Join('\n', lines).Trim();
        foreach (var block in Regex.Split(body, @"\n\s*\n"))
        {
            var trimmed = block.TrimStart();
            if (trimmed.StartsWith('#'))
            {
                findings.Headings++;
            }
            else if (trimmed.Length > 0 && !ListItem().IsMatch(trimmed))
            {
                findings.Paragraphs++;
            }
        }

        var tags = meta.GetValueOrDefault("tags") ?? hints?.Tags ?? [];
        var excerpt = meta.GetValueOrDefault("excerpt")?.FirstOrDefault() ?? hints?.Excerpt;
        return new ImportedDraft(title, date, byline, hints?.AuthorBio, highlights, body, excerpt, tags, source);
    }

    /// <summary>Removes a "---" block of "key: value" lines (lists as "- item" or "[a, b]") from the top.</summary>
    private static Dictionary<string, List<string>> FrontMatter(List<string> lines)
    {
        var meta = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        if (lines.Count == 0 || lines[0].Trim() != "---")
        {
            return meta;
        }

        var end = lines.FindIndex(1, l => l.Trim() is "---" or "...");
        if (end < 0)
        {
            return meta;
        }

        string? key = null;
        foreach (var line in lines.Skip(1).Take(end - 1))
        {
            if (ListItem().Match(line) is { Success: true } item && key is not null)
            {
                meta[key].Add(Unquote(item.Groups["item"].Value));
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            key = line[..colon].Trim().Replace('-', '_');
            var value = line[(colon + 1)..].Trim();
            meta[key] = value.StartsWith('[') && value.EndsWith(']')
                ? value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).ToList()
                : value.Length == 0 ? [] : [Unquote(value)];
        }

        lines.RemoveRange(0, end + 1);
        return meta;
    }

    private static List<string> TakeHighlights(List<string> lines)
    {
        var heading = lines.FindIndex(l => HighlightsHeading().IsMatch(l.Trim()));
        if (heading < 0)
        {
            return [];
        }

        var items = new List<string>();
        var end = heading + 1;
        for (; end < lines.Count; end++)
        {
            if (ListItem().Match(lines[end]) is { Success: true } item)
            {
                items.Add(item.Groups["item"].Value.Trim());
            }
            else if (lines[end].Trim().Length > 0 && items.Count > 0)
            {
                break;
            }
            else if (lines[end].Trim().Length > 0)
            {
                return [];
            }
        }

        lines.RemoveRange(heading, end - heading);
        return items;
    }

    private static int? FirstContentLine(List<string> lines)
    {
        var index = lines.FindIndex(l => l.Trim().Length > 0);
        return index < 0 ? null : index;
    }

    private static int? LastContentLine(List<string> lines)
    {
        var index = lines.FindLastIndex(l => l.Trim().Length > 0);
        return index < 0 ? null : index;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') ? value[1..^1] : value;

    [GeneratedRegex(@"^#\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex H1();

    [GeneratedRegex(@"^\s*([-*+•]|\d+[.)])\s+(?<item>\S.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^(#{2,6}\s+|\*\*)?(highlights|key points|key takeaways|at a glance|in brief)(\*\*)?:?$", RegexOptions.IgnoreCase)]
    private static partial Regex HighlightsHeading();
}
