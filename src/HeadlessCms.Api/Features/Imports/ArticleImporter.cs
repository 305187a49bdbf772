using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using HeadlessCms.Api.Features.Authors;
using HeadlessCms.Api.Features.Tags;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Imports;

/// <summary>
/// One document, already decoded, to a draft: parse it by format, resolve the author and tags by name, and create the
/// article through the ordinary create command (same validation, revision, audit and observers). Shared by the single
/// and the batch import. An import never publishes.
/// </summary>
internal sealed class ArticleImporter(CmsDbContext db, ISender sender, MarkdownRenderer markdown)
{
    public const int MaxHighlights = 20;

    public async Task<ImportResult> ImportAsync(
        ImportFormat format, string text, string charset, bool dryRun, string? author, Caller caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ValidationRules.Field("document", $"The document is empty: expected {Expected(format)}.");
        }

        var findings = new ImportFindings();
        var draft = format switch
        {
            ImportFormat.PageCapture => PageCaptureParser.Parse(text, findings),
            ImportFormat.Markdown => MarkdownParser.Parse(text, findings),
            ImportFormat.Html => HtmlImportParser.Parse(text, findings),
            _ => NinjsParser.Parse(text, findings),
        };

        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            throw ValidationRules.Field("title", $"No title was found in the document: expected {Expected(format)}.");
        }

        if (string.IsNullOrWhiteSpace(draft.Body))
        {
            throw ValidationRules.Field("body", $"The document has a title but no body text: expected {Expected(format)}.");
        }

        var highlights = draft.Highlights.Where(h => !string.IsNullOrWhiteSpace(h)).ToList();
        if (highlights.Count > MaxHighlights)
        {
            findings.Notes.Add($"The document lists {highlights.Count} highlights; the first {MaxHighlights} were kept.");
            highlights = highlights[..MaxHighlights];
        }

        var authorName = author ?? draft.Byline
            ?? throw ValidationRules.Field("author", "The document names no author: expected a byline ('By ...') or ?author=<name, slug or id>.");
        var resolvedAuthor = await ResolveAuthorAsync(authorName, draft.AuthorBio, dryRun, caller, findings, ct);
        var tags = new List<ImportedName>();
        foreach (var tag in draft.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.OrdinalIgnoreCase).Take(20))
        {
            tags.Add(await ResolveTagAsync(tag.Trim(), dryRun, caller, findings, ct));
        }

        var title = draft.Title.Trim();
        var wanted = Slugs.FromText(title);
        ArticleResponse? article = null;
        string slug;
        if (dryRun)
        {
            slug = wanted.Length == 0 ? "" : await UniqueViolation.FreeSlugAsync<Article>(db, wanted, ct);
        }
        else
        {
            article = await sender.Send(
                new CreateArticle(title, null, draft.Excerpt, draft.Body, highlights, resolvedAuthor.Id,
                    tags.Select(t => t.Id!.Value).ToList(), draft.Source) { Caller = caller },
                ct);
            slug = article.Slug;
        }

        if (slug != wanted && wanted.Length > 0)
        {
            findings.Notes.Add($"The slug '{wanted}' is taken: the draft {(dryRun ? "would get" : "got")} '{slug}'.");
        }

        var preview = new ImportPreview(
            title, slug, draft.Date, draft.Body, article?.BodyHtml ?? markdown.ToHtml(draft.Body),
            article?.Excerpt ?? (string.IsNullOrWhiteSpace(draft.Excerpt) ? MarkdownRenderer.DeriveExcerpt(draft.Body) : draft.Excerpt),
            highlights, resolvedAuthor.Name, tags, draft.Source);
        var detected = new ImportDetected(
            draft.Title, draft.Date, draft.Byline, draft.Highlights.Count, findings.Headings, findings.Paragraphs,
            draft.Source?.Name, draft.Tags.Count);
        var report = new ImportReport(Describe(format), charset, detected, findings.Dropped, findings.Repairs, findings.Notes);
        return new ImportResult(dryRun, article, preview, report);
    }

    private async Task<(Guid? Id, ImportedName Name)> ResolveAuthorAsync(
        string name, string? bio, bool dryRun, Caller caller, ImportFindings findings, CancellationToken ct)
    {
        name = name.Trim();
        var lower = name.ToLowerInvariant();
        var slug = Slugs.FromText(name);
        var id = Guid.TryParse(name, out var parsed) ? parsed : Guid.Empty;
        var existing = await db.Authors.AsNoTracking()
            .Where(a => a.Id == id || a.Name.ToLower() == lower || a.Slug == slug || a.Slug == lower)
            .OrderBy(a => a.Name.ToLower() == lower ? 0 : 1)
            .Select(a => new { a.Id, a.Name, a.Slug })
            .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return (existing.Id, new ImportedName(existing.Name, existing.Id, existing.Slug, ImportedName.Matched));
        }

        if (id != Guid.Empty)
        {
            throw ValidationRules.Field("author", $"No author has the id '{name}'.");
        }

        if (dryRun)
        {
            findings.Notes.Add($"No author is named '{name}': the import would create one.");
            return (null, new ImportedName(name, null, null, ImportedName.WouldCreate));
        }

        var created = await sender.Send(new CreateAuthor(name, null, bio, null, null) { Caller = caller }, ct);
        findings.Notes.Add($"No author was named '{name}': one was created ({created.Slug}).");
        return (created.Id, new ImportedName(created.Name, created.Id, created.Slug, ImportedName.Created));
    }

    private async Task<ImportedName> ResolveTagAsync(string name, bool dryRun, Caller caller, ImportFindings findings, CancellationToken ct)
    {
        var lower = name.ToLowerInvariant();
        var slug = Slugs.FromText(name);
        var existing = await db.Tags.AsNoTracking()
            .Where(t => t.Name.ToLower() == lower || t.Slug == slug)
            .OrderBy(t => t.Name.ToLower() == lower ? 0 : 1)
            .Select(t => new { t.Id, t.Name, t.Slug })
            .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return new ImportedName(existing.Name, existing.Id, existing.Slug, ImportedName.Matched);
        }

        if (dryRun)
        {
            findings.Notes.Add($"No tag is named '{name}': the import would create it.");
            return new ImportedName(name, null, null, ImportedName.WouldCreate);
        }

        var created = await sender.Send(new CreateTag(name, null, null) { Caller = caller }, ct);
        findings.Notes.Add($"No tag was named '{name}': it was created ({created.Slug}).");
        return new ImportedName(created.Name, created.Id, created.Slug, ImportedName.Created);
    }

    private static string Describe(ImportFormat format) => format switch
    {
        ImportFormat.PageCapture => "page-capture",
        ImportFormat.Markdown => "markdown",
        ImportFormat.Html => "html",
        _ => "ninjs",
    };

    private static string Expected(ImportFormat format) => format switch
    {
        ImportFormat.PageCapture => "a page capture whose first line is the title, followed by the article's text",
        ImportFormat.Markdown => "Markdown with a '# Title' line (or front matter with 'title:') and body text",
        ImportFormat.Html => "an HTML page or fragment with an <h1> or <title> and body text",
        _ => "an IPTC ninjs JSON object with 'headline' and 'body_html' or 'body_text'",
    };
}
