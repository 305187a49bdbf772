using System.Text.Json;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Everything a revision keeps: the article's content, not its workflow state.</summary>
public sealed record ArticleSnapshot(
    string Title,
    string Slug,
    string? Excerpt,
    string Body,
    IReadOnlyList<string> Highlights,
    Guid AuthorId,
    IReadOnlyList<Guid> TagIds,
    SourceAttributionDto? Source,
    bool CommentsEnabled = true)
{
    public static ArticleSnapshot Of(Article a) => new(
        a.Title,
        a.Slug,
        a.Excerpt,
        a.Body,
        [.. a.Highlights],
        a.AuthorId,
        [.. a.Tags.OrderBy(t => t.Position).Select(t => t.TagId)],
        a.Source is null ? null : new SourceAttributionDto(a.Source.Name, a.Source.Url, a.Source.PublishedOn),
        a.CommentsEnabled);

    /// <summary>The names of the fields that differ, in the order clients see them.</summary>
    public IReadOnlyList<string> ChangedFrom(ArticleSnapshot? before)
    {
        if (before is null)
        {
            return ["created"];
        }

        var changed = new List<string>();
        if (Title != before.Title) changed.Add("title");
        if (Slug != before.Slug) changed.Add("slug");
        if (Excerpt != before.Excerpt) changed.Add("excerpt");
        if (Body != before.Body) changed.Add("body");
        if (!Highlights.SequenceEqual(before.Highlights)) changed.Add("highlights");
        if (AuthorId != before.AuthorId) changed.Add("authorId");
        if (!TagIds.SequenceEqual(before.TagIds)) changed.Add("tagIds");
        if (Source != before.Source) changed.Add("source");
        if (CommentsEnabled != before.CommentsEnabled) changed.Add("commentsEnabled");
        return changed;
    }
}

internal static class ArticleHistory
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static ArticleSnapshot Parse(string snapshot) =>
        JsonSerializer.Deserialize<ArticleSnapshot>(snapshot, Json) ?? throw new InvalidOperationException("Empty revision snapshot.");

    /// <summary>
    /// Saves a content change with its revision and audit entry in one transaction. A change that changes nothing
    /// is not saved at all: no revision, no new version, no audit entry. Returns whether anything was saved.
    /// </summary>
    public static async Task<bool> SaveContentChangeAsync(
        CmsDbContext db, Article article, ArticleSnapshot? before, Caller caller, string action, DateTime now, CancellationToken ct)
    {
        var after = ArticleSnapshot.Of(article);
        var changed = after.ChangedFrom(before);
        if (changed.Count == 0)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        var last = before is null ? 0 : await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        db.ArticleRevisions.Add(new ArticleRevision
        {
            ArticleId = article.Id,
            Number = last + 1,
            CreatedAt = now,
            KeyId = caller.KeyId,
            KeyName = caller.KeyName,
            ChangedFields = [.. changed],
            Snapshot = JsonSerializer.Serialize(after, Json),
        });
        db.Record(caller, action, "article", article.Id, article.Slug, now);
        if (article.Status == ArticleStatus.Published)
        {
            db.Raise(WebhookEvents.ArticleUpdated, article.Id, article.Slug, article);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e) && !db.ChangeTracker.Entries<Article>().Any(x => x.Property(a => a.Slug).IsModified))
        {
            // Two writers numbered the same revision: the other one saved this article first. (PostgreSQL may report
            // the revision's key before the version check, where SQLite reports the version: both mean the same.)
            throw new DbUpdateConcurrencyException("The article was changed by another request.", e);
        }

        return true;
    }
}
