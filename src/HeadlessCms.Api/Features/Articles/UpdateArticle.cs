using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Replaces an article's content. A missing slug keeps the current one; status is changed by publish/unpublish.</summary>
public sealed record UpdateArticle(
    string? Title,
    string? Slug,
    string? Excerpt,
    string? Body,
    IReadOnlyList<string>? Highlights,
    Guid? AuthorId,
    IReadOnlyList<Guid>? TagIds,
    SourceAttributionDto? Source) : ICommand<ArticleResponse>, IArticleFields
{
    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";
}

internal sealed class UpdateArticleValidator : AbstractValidator<UpdateArticle>
{
    public UpdateArticleValidator() => Include(new ArticleFieldsRules());
}

internal sealed class UpdateArticleHandler(CmsDbContext db, MarkdownRenderer markdown, TimeProvider clock)
    : ICommandHandler<UpdateArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(UpdateArticle command, CancellationToken ct)
    {
        var article = await db.Articles.Include(a => a.Tags).WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", command.IdOrSlug);

        if (command.Slug is not null && command.Slug != article.Slug)
        {
            if (await db.Articles.AnyAsync(a => a.Slug == command.Slug, ct))
            {
                throw new ConflictException($"The slug '{command.Slug}' is already in use.");
            }

            article.Slug = command.Slug;
        }

        await ArticleWriter.ApplyAsync(article, command, db, markdown, clock.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        return await db.ReadAsync(article.Id, ct);
    }
}
