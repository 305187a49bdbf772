using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Deletes an article with its revisions; its old slugs stop redirecting.</summary>
public sealed record DeleteArticle(string IdOrSlug, IfMatch IfMatch, Caller Caller) : ICommand;

internal sealed class DeleteArticleHandler(CmsDbContext db, TimeProvider clock, IOptions<EditorialOptions> options) : ICommandHandler<DeleteArticle>
{
    public async ValueTask<Unit> Handle(DeleteArticle command, CancellationToken ct)
    {
        var article = await db.LoadForWriteAsync(command.IdOrSlug, command.IfMatch, options.Value.RequireIfMatch, ct);
        await SlugHistory.RemoveForAsync(db, article.Id, ct);
        db.Articles.Remove(article);
        db.Record(command.Caller, "delete", "article", article.Id, article.Slug, clock.GetUtcNow().UtcDateTime);
        db.AuditEntries.Local.Last().Version = article.Version;
        if (article.Status == ArticleStatus.Published)
        {
            // Drafts were never public: partners hear only of articles they could have seen.
            db.Raise(WebhookEvents.ArticleDeleted, article.Id, article.Slug, article);
        }

        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
