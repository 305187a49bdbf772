using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Creates a tag; the slug comes from the name when not given.</summary>
public sealed record CreateTag(string? Name, string? Slug, string? Description)
    : ICommand<TagResponse>, ITagFields;

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
        await UniqueViolation.SaveNewAsync(db, tag, command.Slug, tag.Name, (a, slug) => a.Slug = slug, ct);
        return await db.Tags.AsNoTracking().Where(a => a.Id == tag.Id).Select(Tags.Projection(db)).SingleAsync(ct);
    }
}
