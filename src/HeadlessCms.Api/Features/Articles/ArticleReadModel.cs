using System.Text.Json;
using HeadlessCms.Api.Common.Caching;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>
/// The query side of articles. Every write that can change what a reader sees (the article, its author, its tags)
/// rebuilds the affected published articles' documents inside the write's transaction; after the commit the
/// output cache moves on. Reads of published articles are then one indexed row sent as it is.
/// </summary>
public sealed class ArticleReadModel(IOptions<JsonOptions> json, ContentCache cache, TimeProvider clock) : IContentChangeObserver
{
    private const int Batch = 500;

    private readonly ArticleDocuments documents = new(json.Value.SerializerOptions);

    public async Task BeforeCommitAsync(CmsDbContext db, ContentChanges changes, CancellationToken ct)
    {
        // The search index holds the articles' own text only: authors' and tags' changes leave it as it is.
        foreach (var chunk in changes.Articles.Chunk(Batch))
        {
            await Search.SearchIndex.RefreshAsync(db, chunk, ct);
        }

        if (changes.IsEmpty)
        {
            return;   // only events (a comment awaiting moderation): nothing a reader sees has changed
        }

        // First, before reading anything derived: moving the generation takes the content-state row's lock (PostgreSQL;
        // SQLite has one writer anyway), held to the commit, so the derived part of content writes runs one write at a
        // time, each seeing what the one before committed. Without it an author's rename and an edit of one of their
        // articles would each rebuild the article's document from what they saw (a stale name, or two inserts of one
        // key). It also makes generations commit in order, which the partners' sync relies on (see SyncLog).
        // Other instances on this database learn of the write from the generation (see CacheSync).
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ContentStates.Where(s => s.Id == 1).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Generation, x => x.Generation + 1)
            .SetProperty(x => x.ChangedAt, x => x.ChangedAt > now ? x.ChangedAt : now), ct);
        changes.Generation = await db.ContentStates.Where(s => s.Id == 1).Select(s => s.Generation).SingleAsync(ct);
        cache.Committing(changes.Generation);

        if (changes.Authors.Count > 0)
        {
            var authors = changes.Authors.ToList();
            changes.Articles.UnionWith(await db.ArticleDocuments.Where(d => authors.Contains(d.AuthorId)).Select(d => d.ArticleId).ToListAsync(ct));
        }

        if (changes.Tags.Count > 0)
        {
            var tags = changes.Tags.ToList();
            changes.Articles.UnionWith(await db.ArticleDocumentTags.Where(t => tags.Contains(t.TagId)).Select(t => t.ArticleId).ToListAsync(ct));
        }

        foreach (var chunk in changes.Articles.Chunk(Batch))
        {
            var ids = chunk.ToList();
            changes.PublicArticles.UnionWith(await db.ArticleDocuments.Where(d => ids.Contains(d.ArticleId)).Select(d => d.ArticleId).ToListAsync(ct));
            changes.PublicArticles.UnionWith(await documents.RefreshAsync(db, chunk, ct));
            changes.ArticleKeys.UnionWith(chunk.Select(id => ContentCache.ArticleKey(id.ToString())));
            changes.ArticleKeys.UnionWith((await db.Articles.Where(a => ids.Contains(a.Id)).Select(a => a.Slug).ToListAsync(ct)).Select(ContentCache.ArticleKey));
        }
    }

    public Task AfterCommitAsync(ContentChanges changes) =>
        changes.IsEmpty ? Task.CompletedTask : cache.CommittedAsync(changes.Generation, changes.ArticleKeys);
}

/// <summary>Builds the stored documents of published articles with the API's own JSON settings.</summary>
public sealed class ArticleDocuments(JsonSerializerOptions json)
{
    private const int Batch = 500;

    /// <summary>Rebuilds every published article's document and the search index: after a restore or an import that bypassed the API.</summary>
    public async Task RebuildAsync(CmsDbContext db, CancellationToken ct)
    {
        await Search.SearchIndex.RebuildAsync(db, ct);
        var listedBefore = await db.ArticleDocuments.Select(d => d.ArticleId).ToListAsync(ct);
        await db.ArticleDocumentTags.ExecuteDeleteAsync(ct);
        await db.ArticleDocuments.ExecuteDeleteAsync(ct);
        var ids = await db.Articles.Where(a => a.Status == ArticleStatus.Published).Select(a => a.Id).ToListAsync(ct);
        foreach (var chunk in ids.Chunk(Batch))
        {
            await RefreshAsync(db, chunk, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        // Every instance's cache keys carry the content generation: moving it on drops whatever they cached before.
        await db.ContentStates.Where(s => s.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(x => x.Generation, x => x.Generation + 1), ct);

        // Partners' syncs see every article that was or is published as changed in that generation: rows written
        // behind the API's back reach their copies too. (A tool without the app's services: the system clock dates them.)
        var generation = await db.ContentStates.Where(s => s.Id == 1).Select(s => s.Generation).SingleAsync(ct);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        foreach (var chunk in listedBefore.Union(ids).Chunk(Batch))
        {
            db.SyncChanges.AddRange(chunk.Select(id => new SyncChange { Generation = generation, EntityId = id, Kind = SyncEntityKind.Article, ChangedAt = now }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Rebuilds these articles' documents; returns the ids of those that are published (have one now).</summary>
    public async Task<IEnumerable<Guid>> RefreshAsync(CmsDbContext db, Guid[] ids, CancellationToken ct)
    {
        await db.ArticleDocumentTags.Where(t => ids.Contains(t.ArticleId)).ExecuteDeleteAsync(ct);
        await db.ArticleDocuments.Where(d => ids.Contains(d.ArticleId)).ExecuteDeleteAsync(ct);
        foreach (var stale in db.ChangeTracker.Entries<ArticleDocument>().Where(e => ids.Contains(e.Entity.ArticleId)).ToList())
        {
            stale.State = EntityState.Detached;
        }

        foreach (var stale in db.ChangeTracker.Entries<ArticleDocumentTag>().Where(e => ids.Contains(e.Entity.ArticleId)).ToList())
        {
            stale.State = EntityState.Detached;
        }

        var published = await db.Articles.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.Status == ArticleStatus.Published)
            .SelectFull()
            .ToListAsync(ct);
        foreach (var article in published)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(article, json);
            var listedAt = article.PublishedAt!.Value;
            db.ArticleDocuments.Add(new ArticleDocument
            {
                ArticleId = article.Id,
                Slug = article.Slug,
                AuthorId = article.Author.Id,
                ListedAt = listedAt,
                Json = body,
                ListJson = JsonSerializer.SerializeToUtf8Bytes(ToListItem(article), json),
                ETag = Etags.For(article.Version, body),
                SurrogateKeys = string.Join(' ', [$"article-{article.Id:N}", $"author-{article.Author.Id:N}", .. article.Tags.Select(t => $"tag-{t.Id:N}")]),
            });
            db.ArticleDocumentTags.AddRange(article.Tags.Select(t => new ArticleDocumentTag { TagId = t.Id, ArticleId = article.Id, ListedAt = listedAt }));
        }

        return published.Select(a => a.Id);
    }

    public static ArticleListItem ToListItem(ArticleResponse a) => new(
        a.Id, a.Slug, a.Title, a.Excerpt, a.Highlights.Count, a.Author, a.Tags, a.Source, a.Status, a.PublishedAt, a.ScheduledAt,
        a.CreatedAt, a.UpdatedAt, a.ReadingTimeMinutes, a.CommentsEnabled, a.CommentCount);
}
