using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Deletes a tag; the articles that carried it keep everything else.</summary>
public sealed record DeleteTag(string IdOrSlug, IfMatch IfMatch, Caller Caller) : ICommand;

internal sealed class DeleteTagHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<DeleteTag>
{
    public async ValueTask<Unit> Handle(DeleteTag command, CancellationToken ct)
    {
        var tag = await Lookup.LoadForWriteAsync<Tag>(db, command.IdOrSlug, command.IfMatch, ct);

        // The article_tags rows go with it (cascade), which is what "detach" means here.
        await SlugHistory.RemoveForAsync(db, tag.Id, ct);
        db.Tags.Remove(tag);
        db.Record(command.Caller, "delete", "tag", tag.Id, tag.Slug, clock.GetUtcNow().UtcDateTime);
        db.AuditEntries.Local.Last().Version = tag.Version;
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
