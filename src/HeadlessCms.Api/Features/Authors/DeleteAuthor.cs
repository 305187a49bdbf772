using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>Deletes an author who has no articles, drafts included: articles are never orphaned.</summary>
public sealed record DeleteAuthor(string IdOrSlug) : ICommand;

internal sealed class DeleteAuthorHandler(CmsDbContext db) : ICommandHandler<DeleteAuthor>
{
    public async ValueTask<Unit> Handle(DeleteAuthor command, CancellationToken ct)
    {
        var author = await db.Authors.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Author", command.IdOrSlug);
        var articles = await db.Articles.CountAsync(a => a.AuthorId == author.Id, ct);
        if (articles > 0)
        {
            throw new ConflictException(
                $"The author '{author.Slug}' still has {articles} article(s); reassign or delete them first.");
        }

        db.Authors.Remove(author);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
