using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

/// <summary>
/// Makes a revision's content current again, as a new revision (history is never rewritten). Tags deleted since
/// are left out; an author deleted since is a 400, as for any write naming an unknown author. Whether comments are
/// open is left as it is now: restoring a typo fix must not reopen a discussion a moderator closed.
/// </summary>
public sealed record RestoreRevision(string IdOrSlug, int Number, IfMatch IfMatch, Caller Caller) : ICommand<ArticleResponse>;

internal sealed class RestoreRevisionHandler(CmsDbContext db, ISender sender) : ICommandHandler<RestoreRevision, ArticleResponse>
{
    public async ValueTask<ArticleResponse> Handle(RestoreRevision command, CancellationToken ct)
    {
        var revision = await sender.Send(new GetRevision(command.IdOrSlug, command.Number), ct);
        var content = revision.Content;
        var liveTags = await db.Tags.Where(t => content.TagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var articleId = await db.Articles.WhereIdOrSlug(command.IdOrSlug).Select(a => a.Id).SingleAsync(ct);

        return await sender.Send(new UpdateArticle(
            content.Title, content.Slug, content.Excerpt, content.Body, content.Highlights, content.AuthorId,
            [.. content.TagIds.Where(liveTags.Contains)], content.Source, CommentsEnabled: null)
        {
            IdOrSlug = articleId.ToString(),
            IfMatch = command.IfMatch,
            Caller = command.Caller,
            Action = "restore",
        }, ct);
    }
}
