using HeadlessCms.Api.Features.Articles;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// The answer to an import: the draft article that was created (null on a dry run), the article as the import read it,
/// and the report of what was detected, dropped and repaired.
/// </summary>
public sealed record ImportResult(bool DryRun, ArticleResponse? Article, ImportPreview Draft, ImportReport Report);

/// <summary>The article as the import would create it: on a dry run nothing here exists yet.</summary>
public sealed record ImportPreview(
    string Title,
    string Slug,
    DateOnly? Date,
    string Body,
    string BodyHtml,
    string? Excerpt,
    IReadOnlyList<string> Highlights,
    ImportedName Author,
    IReadOnlyList<ImportedName> Tags,
    SourceAttributionDto? Source);

/// <summary>An author or tag by name: <c>matched</c> an existing one, <c>created</c> a new one, or (dry run) would <c>create</c> it.</summary>
public sealed record ImportedName(string Name, Guid? Id, string? Slug, string Outcome)
{
    public const string Matched = "matched";
    public const string Created = "created";
    public const string WouldCreate = "would-create";
}

public sealed record ImportReport(
    string Format,
    string Charset,
    ImportDetected Detected,
    IReadOnlyList<DroppedBlock> Dropped,
    IReadOnlyList<ImportRepair> Repairs,
    IReadOnlyList<string> Notes);

/// <summary>What the parser recognised in the document.</summary>
public sealed record ImportDetected(
    string? Title,
    DateOnly? Date,
    string? Byline,
    int Highlights,
    int Headings,
    int Paragraphs,
    string? Source,
    int Tags);
