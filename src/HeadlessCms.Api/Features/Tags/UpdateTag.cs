using System.Text.Json.Serialization;
using FluentValidation;
using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using HeadlessCms.Api.Features.Webhooks;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Replaces a tag's fields; a missing slug keeps the current one.</summary>
public sealed record UpdateTag(string? Name, string? Slug, string? Description)
    : ICommand<TagResponse>, ITagFields
{
    [JsonIgnore]
    public string IdOrSlug { get; init; } = "";

    [JsonIgnore]
    public IfMatch IfMatch { get; init; } = IfMatch.None;

    [JsonIgnore]
    public Caller Caller { get; init; } = Caller.Anonymous;
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
        var tag = await Lookup.LoadForWriteAsync<Tag>(db, command.IdOrSlug, command.IfMatch, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.Slug is not null)
        {
            await SlugHistory.ChangeSlugAsync(db, tag, command.Slug, slug => tag.Slug = slug, now, ct);
        }

        Tags.Apply(tag, command, now);
        db.Record(command.Caller, "update", "tag", tag.Id, tag.Slug, now);
        db.Raise(WebhookEvents.TagUpdated, tag.Id, tag.Slug, tag);
        await db.SaveChangesAsync(ct);
        return await db.Tags.AsNoTracking().Where(a => a.Id == tag.Id).Select(Tags.Projection(db)).SingleAsync(ct);
    }
}
