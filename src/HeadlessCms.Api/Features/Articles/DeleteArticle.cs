using HeadlessCms.Api.Common;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Api.Features.Articles;

public sealed record DeleteArticle(string IdOrSlug) : ICommand;

internal sealed class DeleteArticleHandler(CmsDbContext db) : ICommandHandler<DeleteArticle>
{
    public async ValueTask<Unit> Handle(DeleteArticle command, CancellationToken ct)
    {
        var article = await db.Articles.WhereIdOrSlug(command.IdOrSlug).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Article", command.IdOrSlug);
        db.Articles.Remove(article);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
