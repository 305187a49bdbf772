using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Authors;

/// <summary>Deletes an author who has no articles, drafts included: articles are never orphaned.</summary>
public sealed record DeleteAuthor(string IdOrSlug, IfMatch IfMatch, Caller Caller) : ICommand;

internal sealed class DeleteAuthorHandler(CmsDbContext db, TimeProvider clock) : ICommandHandler<DeleteAuthor>
{
    public async ValueTask<Unit> Handle(DeleteAuthor command, CancellationToken ct)
    {
        var author = await Lookup.LoadForWriteAsync<Author>(db, command.IdOrSlug, command.IfMatch, ct);
        var articles = await db.Articles.CountAsync(a => a.AuthorId == author.Id, ct);
        if (articles > 0)
        {
            throw new ConflictException(
                $"The author '{author.Slug}' still has {articles} article(s); reassign or delete them first.");
        }

        await SlugHistory.RemoveForAsync(db, author.Id, ct);
        db.Authors.Remove(author);
        db.Record(command.Caller, "delete", "author", author.Id, author.Slug, clock.GetUtcNow().UtcDateTime);
        db.AuditEntries.Local.Last().Version = author.Version;
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
