using System.Globalization;
using System.Text.RegularExpressions;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Features.Articles;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>What a parser found in a document: the article's fields before authors, tags and the slug are resolved.</summary>
public sealed record ImportedDraft(
    string? Title,
    DateOnly? Date,
    string? Byline,
    string? AuthorBio,
    IReadOnlyList<string> Highlights,
    string Body,
    string? Excerpt,
    IReadOnlyList<string> Tags,
    SourceAttributionDto? Source);

/// <summary>A block of the document that did not become part of the article, and why.</summary>
public sealed record DroppedBlock(int Line, string Text, string Reason);

/// <summary>A change the repair made; <c>field</c> says where (the document, or a ninjs property).</summary>
public sealed record ImportRepair(string Field, string Kind, string Before, string After, int Offset, int Line, int Column)
{
    public static IEnumerable<ImportRepair> From(string field, IEnumerable<TextRepair> repairs) =>
        repairs.Select(r => new ImportRepair(field, r.Kind, r.Before, r.After, r.Offset, r.Line, r.Column));
}

/// <summary>Collects what a parser detected, dropped and repaired.</summary>
public sealed class ImportFindings
{
    public List<DroppedBlock> Dropped { get; } = [];
    public List<ImportRepair> Repairs { get; } = [];
    public List<string> Notes { get; } = [];
    public int Headings { get; set; }
    public int Paragraphs { get; set; }

    /// <summary>Repairs text for the report, keeping code spans and fenced code as they are: code may show damage on purpose.</summary>
    public string Repair(string field, string text)
    {
        var result = MojibakeRepair.RepairOutsideCode(text);
        Repairs.AddRange(ImportRepair.From(field, result.Repairs));
        return result.Text;
    }

    public void Drop(int line, string text, string reason) =>
        Dropped.Add(new DroppedBlock(line, text.Length > 160 ? text[..157] + "..." : text, reason));
}

/// <summary>Shapes shared by the parsers: dates, bylines and source lines as news pages write them.</summary>
internal static partial class ImportPatterns
{
    private static readonly string[] DateFormats =
    [
        "MMM d, yyyy", "MMMM d, yyyy", "MMM. d, yyyy", "d MMM yyyy", "d MMMM yyyy", "yyyy-MM-dd", "dddd, MMMM d, yyyy",
        "MMM d yyyy", "MMMM d yyyy",
    ];

    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim().TrimEnd('.');
        if (DateOnly.TryParseExact(trimmed, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date))
        {
            return date;
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            && trimmed.Length >= 8 && char.IsDigit(trimmed[0])
            ? DateOnly.FromDateTime(instant.UtcDateTime)
            : null;
    }

    /// <summary>"By Jane Doe", "By Jane Doe | Jan 5, 2026": the name, or null.</summary>
    public static string? Byline(string line)
    {
        var match = BylinePattern().Match(line.Trim());
        return match.Success ? match.Groups["name"].Value.Trim() : null;
    }

    /// <summary>"Source: Some Institute report, January 27, 2026." → the name and the date when there is one.</summary>
    public static SourceAttributionDto? Source(string line)
    {
        var match = SourcePattern().Match(line.Trim());
        if (!match.Success)
        {
            return null;
        }

        var rest = match.Groups["rest"].Value.Trim().TrimEnd('.');
        string? url = null;
        var link = MarkdownLink().Match(rest);
        if (link.Success)
        {
            url = link.Groups["url"].Value;
            rest = MarkdownLink().Replace(rest, m => m.Groups["text"].Value);
        }
        else if (BareUrl().Match(rest) is { Success: true } bare)
        {
            url = bare.Value;
            rest = rest.Replace(bare.Value, "", StringComparison.Ordinal).Trim(' ', ',', ';', '-', '(', ')');
        }

        DateOnly? publishedOn = null;
        var comma = rest.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && ParseDate(rest[(comma + 1)..]) is { } date)
        {
            publishedOn = date;
            rest = rest[..comma].Trim();
        }

        return rest.Length == 0 ? null : new SourceAttributionDto(rest.Length > 200 ? rest[..200] : rest, url, publishedOn);
    }

    [GeneratedRegex(@"^By\s+(?<name>[\p{Lu}][\p{L}\p{M}.'’\- ]{0,80}?)(\s*[|·,–—-]\s*.*)?$")]
    private static partial Regex BylinePattern();

    [GeneratedRegex(@"^Source\s*:\s*(?<rest>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SourcePattern();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<url>https?://[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex BareUrl();
}
