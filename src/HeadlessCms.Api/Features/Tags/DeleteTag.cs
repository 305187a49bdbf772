using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Tags;

/// <summary>Deletes a tag; the articles that carried it keep everything else.</summary>
public sealed record DeleteTag(string IdOrSlug) : ICommand;

internal sealed class DeleteTagHandler(CmsDbContext db) : ICommandHandler<DeleteTag>
{
    public async ValueTask<Unit> Handle(DeleteTag command, CancellationToken ct)
    {
        var tag = await db.Tags.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Tag", command.IdOrSlug);

        // The article_tags rows go with it (cascade), which is what "detach" means here.
        db.Tags.Remove(tag);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
