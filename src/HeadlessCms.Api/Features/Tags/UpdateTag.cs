using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Replaces a tag's fields; a missing slug keeps the current one.</summary>
public sealed record UpdateTag(string? Name, string? Slug, string? Description)
    : ICommand<TagResponse>, ITagFields
{
    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";
}

internal sealed class UpdateTagValidator : AbstractValidator<UpdateTag>
{
    public UpdateTagValidator() => Include(new TagFieldsRules());
}

internal sealed class UpdateTagHandler(CmsDbContext db, TimeProvider clock)
    : ICommandHandler<UpdateTag, TagResponse>
{
    public async ValueTask<TagResponse> Handle(UpdateTag command, CancellationToken ct)
    {
        var tag = await db.Tags.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Tag", command.IdOrSlug);
        if (command.Slug is not null && command.Slug != tag.Slug)
        {
            if (await db.Tags.AnyAsync(a => a.Slug == command.Slug, ct))
            {
                throw new ConflictException($"The slug '{command.Slug}' is already in use.");
            }

            tag.Slug = command.Slug;
        }

        Tags.Apply(tag, command, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await db.Tags.AsNoTracking().Where(a => a.Id == tag.Id).Select(Tags.Projection(db)).SingleAsync(ct);
    }
}
