using HeadlessCms.Api.Data;
using Mediator;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>One comment in any status, as moderators see it, with the ETag its moderation writes can send as If-Match.</summary>
public sealed record GetComment(Guid Id) : IQuery<ModeratedComment>;

internal sealed class GetCommentHandler(CmsDbContext db) : IQueryHandler<GetComment, ModeratedComment>
{
    public async ValueTask<ModeratedComment> Handle(GetComment query, CancellationToken ct) => await db.ReadModeratedAsync(query.Id, ct);
}
