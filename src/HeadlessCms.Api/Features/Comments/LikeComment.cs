using HeadlessCms.Api.Common.Http;
using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// A like on an approved comment of a published article. One per client and comment: the like row's key makes a second
/// one fail, and that failure (also between two parallel requests) is answered like success, with the same count.
/// On top, at most LikesPerCommentPerNetwork per network address and comment (per day: the hash is daily): each like
/// takes the network's next slot, a unique index refuses a slot taken twice, and a network out of slots changes nothing.
/// </summary>
public sealed record LikeComment(Guid Id, string ClientHash, string? NetworkHash) : ICommand<CommentLikes>;

internal sealed class LikeCommentHandler(CmsDbContext db, TimeProvider clock, IOptions<CommentOptions> options)
    : ICommandHandler<LikeComment, CommentLikes>
{
    public async ValueTask<CommentLikes> Handle(LikeComment command, CancellationToken ct)
    {
        var likeable = await db.Comments.AnyAsync(c => c.Id == command.Id && c.Status == CommentStatus.Approved
            && c.Article.Status == ArticleStatus.Published, ct);
        if (!likeable)
        {
            throw new NotFoundException("Comment", command.Id.ToString());
        }

        var perNetwork = options.Value.RateLimits.LikesPerCommentPerNetwork;
        var network = perNetwork > 0 ? command.NetworkHash : null;
        var slot = network is null ? 0 : await db.CommentLikes.CountAsync(l => l.CommentId == command.Id && l.NetworkHash == network, ct);
        if (slot < perNetwork || network is null)
        {
            await AddAsync(command, network, slot, ct);
        }

        db.ChangeTracker.Clear();
        var likes = await db.Comments.AsNoTracking().Where(c => c.Id == command.Id).Select(c => (int?)c.Likes).SingleOrDefaultAsync(ct);
        return new CommentLikes(command.Id, likes ?? throw new NotFoundException("Comment", command.Id.ToString()));
    }

    private async Task AddAsync(LikeComment command, string? network, int slot, CancellationToken ct)
    {
        db.CommentLikes.Add(new CommentLike
        {
            CommentId = command.Id,
            ClientHash = command.ClientHash,
            NetworkHash = network,
            NetworkSlot = slot,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await db.Comments.Where(c => c.Id == command.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Likes, c => c.Likes + 1), ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.IsUniqueViolation(e))
        {
            // This client liked it already, or another like from its network took the slot: nothing to add.
        }
        catch (DbUpdateException e) when (ForeignKeyViolation.Is(e))
        {
            throw new NotFoundException("Comment", command.Id.ToString());
        }
    }
}
