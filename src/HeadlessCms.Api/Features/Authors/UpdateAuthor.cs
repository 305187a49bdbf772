using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>Replaces an author's fields; a missing slug keeps the current one.</summary>
public sealed record UpdateAuthor(string? Name, string? Slug, string? Bio, string? AvatarUrl, string? WebsiteUrl)
    : ICommand<AuthorResponse>, IAuthorFields
{
    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";

    [JsonIgnore]
    public IfMatch IfMatch { get; init; } = IfMatch.None;

    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
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
        var author = await Lookup.LoadForWriteAsync<Author>(db, command.IdOrSlug, command.IfMatch, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Slug is not null)
        {
            await SlugHistory.ChangeSlugAsync(db, author, command.Slug, slug => author.Slug = slug, now, ct);
        }

        Authors.Apply(author, command, markdown, now);
        db.Record(command.Caller, "update", "author", author.Id, author.Slug, now);
        db.Raise(WebhookEvents.AuthorUpdated, author.Id, author.Slug, author);
        await db.SaveChangesAsync(ct);
        return await db.Authors.AsNoTracking().Where(a => a.Id == author.Id).Select(Authors.Projection(db)).SingleAsync(ct);
    }
}
