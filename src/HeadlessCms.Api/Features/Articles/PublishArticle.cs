using FluentValidation;
using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>The optional body of a publish: a future instant (any offset) schedules instead of publishing now.</summary>
public sealed record PublishOptions(DateTimeOffset? PublishAt);

/// <summary>
/// Publishes an article now, or schedules it when publishAt is in the future (status "scheduled"; the scheduler
/// a background job due at that instant publishes it). The first publication fixes publishedAt; publishing again after an unpublish keeps it.
/// </summary>
public sealed record PublishArticle(string IdOrSlug, DateTimeOffset? PublishAt, IfMatch IfMatch, Caller Caller) : ICommand<ArticleResponse>;

internal sealed class PublishArticleValidator : AbstractValidator<PublishArticle>
{
    public PublishArticleValidator(TimeProvider clock) =>
        RuleFor(x => x.PublishAt).Must(at => at is null || at > clock.GetUtcNow())
            .WithMessage("'publishAt' must be in the future; leave it out to publish now.");
}

internal sealed class PublishArticleHandler(CmsDbContext db, TimeProvider clock, IOptions<EditorialOptions> options)
    : ICommandHandler<PublishArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(PublishArticle command, CancellationToken ct)
    {
        var article = await db.LoadForWriteAsync(command.IdOrSlug, command.IfMatch, options.Value.RequireIfMatch, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        if (command.PublishAt is { } publishAt)
        {
            if (article.Status == ArticleStatus.Published)
            {
                throw new ConflictException("The article is already published; unpublish it before scheduling it.");
            }

            article.Status = ArticleStatus.Scheduled;
            article.ScheduledAt = publishAt.UtcDateTime;
            db.Record(command.Caller, "schedule", "article", article.Id, article.Slug, now);
            db.Enqueue(PublishScheduledArticle.Kind, new PublishScheduledArticle(article.Id), clock, article.ScheduledAt);
        }
        else if (article.Status != ArticleStatus.Published)
        {
            article.Status = ArticleStatus.Published;
            article.ScheduledAt = null;
            article.PublishedAt ??= now;
            db.Record(command.Caller, "publish", "article", article.Id, article.Slug, now);
            db.Raise(WebhookEvents.ArticlePublished, article.Id, article.Slug, article);
        }
        else
        {
            return await db.ReadAsync(article.Id, ct);
        }

        article.ListedAt = Article.ListedAtFor(article.Status, article.PublishedAt, article.CreatedAt);
        article.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        return await db.ReadAsync(article.Id, ct);
    }
}
