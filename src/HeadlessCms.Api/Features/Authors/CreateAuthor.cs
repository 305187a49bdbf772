using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>Creates an author; the slug comes from the name when not given.</summary>
public sealed record CreateAuthor(string? Name, string? Slug, string? Bio, string? AvatarUrl, string? WebsiteUrl)
    : ICommand<AuthorResponse>, IAuthorFields
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class CreateAuthorValidator : AbstractValidator<CreateAuthor>
{
    public CreateAuthorValidator() => Include(new AuthorFieldsRules());
}

internal sealed class CreateAuthorHandler(CmsDbContext db, MarkdownRenderer markdown, TimeProvider clock)
    : ICommandHandler<CreateAuthor, AuthorResponse>
{
    public async ValueTask<AuthorResponse> Handle(CreateAuthor command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var author = new Author { Id = Guid.CreateVersion7(now), Slug = "", Name = "", CreatedAt = now.UtcDateTime };
        Authors.Apply(author, command, markdown, now.UtcDateTime);
        db.Authors.Add(author);
        db.Record(command.Caller, "create", "author", author.Id, null, now.UtcDateTime);
        var audit = db.AuditEntries.Local.Last();
        await UniqueViolation.SaveNewAsync(db, author, command.Slug, author.Name, (a, slug) => a.Slug = audit.TargetSlug = slug, ct);
        return await db.Authors.AsNoTracking().Where(a => a.Id == author.Id).Select(Authors.Projection(db)).SingleAsync(ct);
    }
}
