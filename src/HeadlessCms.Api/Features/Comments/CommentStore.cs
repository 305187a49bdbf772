using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Data;
using HeadlessCms.Api.Features.Articles;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>An article as the comment use cases need it.</summary>
internal sealed record CommentedArticle(Guid Id, ArticleStatus Status, bool CommentsEnabled, int CommentCount);

/// <summary>Finding the article of a comment request, and keeping the approved-comment counter exact.</summary>
internal static class CommentStore
{
    /// <summary>
    /// The article by id, slug or an old slug (comment addresses follow a renamed article). Drafts are 404 to callers
    /// who may not see them, exactly like the article itself.
    /// </summary>
    public static async Task<CommentedArticle> FindArticleAsync(CmsDbContext db, string idOrSlug, Caller caller, CancellationToken ct)
    {
        var article = await Select(db.Articles.Where(Lookup.IdOrSlug<Article>(idOrSlug)), caller).SingleOrDefaultAsync(ct);
        if (article is null && await SlugHistory.FindAsync<Article>(db, idOrSlug, ct) is { } movedTo)
        {
            article = await Select(db.Articles.Where(a => a.Id == movedTo), caller).SingleOrDefaultAsync(ct);
        }

        return article ?? throw new NotFoundException("Article", idOrSlug);
    }

    private static IQueryable<CommentedArticle> Select(IQueryable<Article> articles, Caller caller) =>
        articles.AsNoTracking().VisibleTo(caller).Select(a => new CommentedArticle(a.Id, a.Status, a.CommentsEnabled, a.CommentCount));

    /// <summary>How a status change moves the approved count: +1 into approved, -1 out of it, else 0.</summary>
    public static int ApprovedDelta(CommentStatus from, CommentStatus to) =>
        (to == CommentStatus.Approved ? 1 : 0) - (from == CommentStatus.Approved ? 1 : 0);

    /// <summary>
    /// Saves the unit of work and moves the article's counter by <paramref name="delta"/> in one transaction. The counter
    /// is an atomic SQL increment and the transaction's first write, so it also takes the article row's lock before any
    /// comment row: concurrent moderation of one article queues in one order and the count stays exact on both engines.
    /// The article's version does not move: the count is not content, and an editor's If-Match must keep working.
    /// </summary>
    public static async Task SaveWithCountAsync(CmsDbContext db, Guid articleId, int delta, CancellationToken ct)
    {
        if (delta == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AddToCountAsync(db, articleId, delta, ct);
        await SaveCountedAsync(db, articleId, transaction, ct);
    }

    /// <summary>
    /// Saves after the count has moved: the article's stored documents are rebuilt with the new count in this
    /// transaction, and the output cache moves on once it has committed.
    /// </summary>
    public static async Task SaveCountedAsync(
        CmsDbContext db, Guid articleId, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        db.ArticleChanged(articleId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await db.CommittedAsync();
    }

    public static Task<int> AddToCountAsync(CmsDbContext db, Guid articleId, int delta, CancellationToken ct) =>
        db.Articles.Where(a => a.Id == articleId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentCount, a => a.CommentCount + delta), ct);
}
