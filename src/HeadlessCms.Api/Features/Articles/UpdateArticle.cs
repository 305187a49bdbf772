using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>
/// Replaces an article's content. A missing slug keeps the current one; a new slug keeps the old one as a redirect.
/// Status is changed by publish/unpublish. A replace that changes nothing saves nothing.
/// </summary>
public sealed record UpdateArticle(
    string? Title,
    string? Slug,
    string? Excerpt,
    string? Body,
    IReadOnlyList<string>? Highlights,
    Guid? AuthorId,
    IReadOnlyList<Guid>? TagIds,
    SourceAttributionDto? Source,
    bool? CommentsEnabled = null) : ICommand<ArticleResponse>, IArticleFields
{
    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";

    [JsonIgnore]
    public IfMatch IfMatch { get; init; } = IfMatch.None;

    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;

    /// <summary>The audit action: "update", or "patch"/"restore" when those use cases send it.</summary>
    [JsonIgnore]
    public string Action { get; init; } = "update";
}

internal sealed class UpdateArticleValidator : AbstractValidator<UpdateArticle>
{
    public UpdateArticleValidator() => Include(new ArticleFieldsRules());
}

internal sealed class UpdateArticleHandler(CmsDbContext db, MarkdownRenderer markdown, TimeProvider clock, IOptions<EditorialOptions> options)
    : ICommandHandler<UpdateArticle, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(UpdateArticle command, CancellationToken ct)
    {
        var article = await db.LoadForWriteAsync(command.IdOrSlug, command.IfMatch, options.Value.RequireIfMatch, ct);
        var before = ArticleSnapshot.Of(article);
        var now = clock.GetUtcNow().UtcDateTime;

        if (command.Slug is not null)
        {
            await SlugHistory.ChangeSlugAsync(db, article, command.Slug, slug => article.Slug = slug, now, ct);
        }

        await ArticleWriter.ApplyAsync(article, command, db, markdown, now, ct);
        await ArticleHistory.SaveContentChangeAsync(db, article, before, command.Caller, command.Action, now, ct);
        return await db.ReadAsync(article.Id, ct);
    }
}
