using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>Creates a draft, its first revision and an audit entry. The slug is generated from the title when not given.</summary>
public sealed record CreateArticle(
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
    public Caller Caller { get; init; } = Caller.Anonymous;
}

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

        var revision = new ArticleRevision
        {
            ArticleId = article.Id,
            Number = 1,
            CreatedAt = now,
            KeyId = command.Caller.KeyId,
            KeyName = command.Caller.KeyName,
            ChangedFields = ["created"],
            Snapshot = "",
        };
        db.ArticleRevisions.Add(revision);
        db.Record(command.Caller, "create", "article", article.Id, null, now);
        var audit = db.ChangeTracker.Entries<AuditEntry>().Last().Entity;

        await UniqueViolation.SaveNewAsync(db, article, command.Slug, article.Title, (a, slug) =>
        {
            // The slug is final only here (a parallel create may have taken the first choice).
            a.Slug = slug;
            audit.TargetSlug = slug;
            revision.Snapshot = JsonSerializer.Serialize(ArticleSnapshot.Of(a), JsonSerializerOptions.Web);
        }, ct);

        return await db.ReadAsync(article.Id, ct);
    }
}
