using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>Replaces an author's fields; a missing slug keeps the current one.</summary>
public sealed record UpdateAuthor(string? Name, string? Slug, string? Bio, string? AvatarUrl, string? WebsiteUrl)
    : ICommand<AuthorResponse>, IAuthorFields
{
    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";
}

internal sealed class UpdateAuthorValidator : AbstractValidator<UpdateAuthor>
{
    public UpdateAuthorValidator() => Include(new AuthorFieldsRules());
}

internal sealed class UpdateAuthorHandler(CmsDbContext db, MarkdownRenderer markdown, TimeProvider clock)
    : ICommandHandler<UpdateAuthor, AuthorResponse>
{
    public async ValueTask<AuthorResponse> Handle(UpdateAuthor command, CancellationToken ct)
    {
        var author = await db.Authors.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Author", command.IdOrSlug);
        if (command.Slug is not null && command.Slug != author.Slug)
        {
            if (await db.Authors.AnyAsync(a => a.Slug == command.Slug, ct))
            {
                throw new ConflictException($"The slug '{command.Slug}' is already in use.");
            }

            author.Slug = command.Slug;
        }

        Authors.Apply(author, command, markdown, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await db.Authors.AsNoTracking().Where(a => a.Id == author.Id).Select(Authors.Projection(db)).SingleAsync(ct);
    }
}
