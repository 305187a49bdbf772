using FluentValidation;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Creates a tag; the slug comes from the name when not given.</summary>
public sealed record CreateTag(string? Name, string? Slug, string? Description)
    : ICommand<TagResponse>, ITagFields
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
}

internal sealed class CreateTagValidator : AbstractValidator<CreateTag>
{
    public CreateTagValidator() => Include(new TagFieldsRules());
}

internal sealed class CreateTagHandler(CmsDbContext db, TimeProvider clock)
    : ICommandHandler<CreateTag, TagResponse>
{
    public async ValueTask<TagResponse> Handle(CreateTag command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tag = new Tag { Id = Guid.CreateVersion7(now), Slug = "", Name = "", CreatedAt = now.UtcDateTime };
        Tags.Apply(tag, command, now.UtcDateTime);
        db.Tags.Add(tag);
        db.Record(command.Caller, "create", "tag", tag.Id, null, now.UtcDateTime);
        var audit = db.AuditEntries.Local.Last();
        await UniqueViolation.SaveNewAsync(db, tag, command.Slug, tag.Name, (a, slug) => a.Slug = audit.TargetSlug = slug, ct);
        return await db.Tags.AsNoTracking().Where(a => a.Id == tag.Id).Select(Tags.Projection(db)).SingleAsync(ct);
    }
}
