using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Creates a draft. The slug is generated from the title when not given.</summary>
public sealed record CreateArticle(
    string? Title,
    string? Slug,
    string? Excerpt,
    string? Body,
    IReadOnlyList<string>? Highlights,
    Guid? AuthorId,
    IReadOnlyList<Guid>? TagIds,
    SourceAttributionDto? Source) : ICommand<ArticleResponse>, IArticleFields;

internal sealed class CreateArticleValidator : AbstractValidator<CreateArticle>
{
    public CreateArticleValidator() => Include(new ArticleFieldsRules());
}

internal sealed class CreateArticleHandler(CmsDbContext db, MarkdownRenderer markdown, TimeProvider clock)
    : ICommandHandler<CreateArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(CreateArticle command, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var article = new Article
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Slug = "",
            Title = "",
            Status = ArticleStatus.Draft,
            CreatedAt = now,
            ListedAt = now,
        };
        await ArticleWriter.ApplyAsync(article, command, db, markdown, now, ct);
        db.Articles.Add(article);
        await UniqueViolation.SaveNewAsync(db, article, command.Slug, article.Title, (a, slug) => a.Slug = slug, ct);

        return await db.ReadAsync(article.Id, ct);
    }
}
